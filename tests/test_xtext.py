"""planner's own X counter against twitter-text-parser, the reference it replaces at run time.

planner.lengths.x exists only to avoid twitter-text-parser's 200 ms import; it must count
exactly like it. The official cases are in test_lengths.py; here both counters read the
same texts: hand-picked traps, the plans' own posts, and thousands of generated texts
made of the pieces that make counting hard (links with and without protocol, top-level
domains, paths with parentheses, ports, queries, t.co, emoji sequences, accents, CJK,
line endings, directional marks).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from twitter_text import extract_urls_with_indices, parse_tweet

from planner.decision import load
from planner.lengths import x as xtext
from planner.posts import render_posts
from planner.timeline import build_plan

from .conftest import EXAMPLES

PIECES = [
    # words and spaces
    "a",
    "Le",
    "jardin",
    "été",
    "œuvre",
    "ÇA",
    "ſ",
    "K",
    "日本語",
    "한국",
    "рф",
    "Привет",
    " ",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u00a0",
    "\u202f",
    "\u3000",
    # punctuation that starts, ends or breaks links
    ".",
    ",",
    ":",
    ";",
    "!",
    "?",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "/",
    "-",
    "_",
    "@",
    "#",
    "$",
    "＠",
    "＃",
    "'",
    '"',
    "…",
    "–",
    "—",
    "’",
    "|",
    "~",
    "=",
    "&",
    "%",
    "+",
    "*",
    # links
    "https://",
    "http://",
    "HTTPS://",
    "www.",
    "example",
    "jardin-partage",
    "a_b",
    "xn--",
    ".com",
    ".fr",
    ".org",
    ".co",
    ".jp",
    ".museum",
    ".xn--p1ai",
    ".рф",
    ".삼성",
    ".comé",
    ".foo",
    ".notatld",
    ".c",
    "t.co/",
    "t.co/abc123",
    "/path",
    "/a(b)c",
    "/(x(y)z)",
    "/@user/",
    "?q=1&x=2",
    "?",
    ":8080",
    ":",
    "#frag",
    "/#!/",
    "-",
    "..",
    "mastodon.social/@amis",
    # emoji and marks
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🇫🇷",
    "🇦🇦",
    "❤️",
    "❤",
    "❤️‍🔥",
    "©",
    "®",
    "™",
    "#️⃣",
    "1️⃣",
    "*⃣",
    "🏳️‍🌈",
    "\u200d",
    "\ufe0f",
    "\u200e",
    "\u202b",
    "\u2066",
    "\ufeff",
    "e\u0301",
    "🫠",
]


def reference(text: str) -> int:
    return int(parse_tweet(text).weightedLength)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "écoute.fr",  # a non-ASCII letter before the domain is taken as "the character before"
        "le café.com et www.jardin.org/agenda?x=1.",
        "https://t.co/" + "a" * 41,  # a t.co slug over 40 is no link
        "https://t.co/abc/def",  # t.co keeps no path
        "voir example.com.foo.bar/x et a.b.c.d.e",
        "-example.com _example.com .example.com /example.com",
        "http://exa_mple.com http://ex-.com http://-ex.com",
        "日本.com 日本.example.com/path",
        "example.com:8080 example.com:8080/x (https://a.org/(b)c) https://a.org/(b)",
        "email@example.com $example.com #example.com ＠example.com",
        "abc.xn--p1ai xn--80ak6aa92e.com пример.рф",
        "\u202bexample.com\u202c \u200eexample.com",
        "www.aſ www.İt www.ıt http://a.ΕΛ http://a.ελ.σ",  # IGNORECASE: ſ is s, ı and İ are i
        "https://" + "a" * 70 + ".com",  # a label over 63: no valid IDNA, no link
        "👨‍👩‍👧‍👦🇫🇷🇦🇦❤️‍🔥#️⃣*⃣©®™",
        "Line\r\nLine\rLine\n" * 3,
    ],
)
def test_same_length_as_twitter_text_on_traps(text: str) -> None:
    """The cases where a hand-written counter would most likely go wrong."""
    assert xtext.weighted_length(text) == reference(text)


@pytest.mark.parametrize("example_file", EXAMPLES, ids=lambda p: p.stem)
def test_same_length_as_twitter_text_on_every_post(example_file: object) -> None:
    """Every post of every example plan, on every channel, counts the same."""
    plan = build_plan(load(example_file))  # type: ignore[arg-type]
    texts = [post.text for post in render_posts(plan)]
    assert texts
    assert [xtext.weighted_length(t) for t in texts] == [reference(t) for t in texts]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@example("a.co.com")
def test_same_length_as_twitter_text_on_generated_texts(text: str) -> None:
    """Texts assembled from the pieces above count the same as twitter-text-parser."""
    assert xtext.weighted_length(text) == reference(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_same_length_as_twitter_text_on_any_unicode(text: str) -> None:
    """Arbitrary Unicode text (any code point hypothesis draws) counts the same."""
    assert xtext.weighted_length(text) == reference(text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_same_links_as_twitter_text(text: str) -> None:
    """The links found, and where, are twitter-text's."""
    import unicodedata

    normalized = unicodedata.normalize("NFC", text)
    expected = [(u["indices"][0], u["url"]) for u in extract_urls_with_indices(normalized)]
    assert [(u.start, u.text) for u in xtext.extract_urls(normalized)] == expected


def _idna_valid(domain: str) -> bool:
    try:
        return bool(domain.encode("idna"))
    except UnicodeError:
        return False


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.one_of(st.integers(0, 70).map("a".__mul__), st.sampled_from(["", "x-y", "1"])),
        max_size=5,
    ).map(".".join)
)
@example("")
@example("a" * 63 + ".fr")
@example("a" * 64 + ".fr")
@example("example.fr.")
@example("example..fr")
@example("a" * 63)
@example("a" * 64)
def test_ascii_domains_checked_as_the_idna_codec_does(domain: str) -> None:
    """The ASCII names that skip Python's idna codec are accepted or refused as it would."""
    assert xtext._valid_url(domain, "https://", domain) == _idna_valid(domain)


def test_plain_text_needs_no_emoji_table() -> None:
    """The shortcut for simple text holds by twitter-text's own tables: no emoji sequence is
    made only of its characters, and its only single emoji are © ® ‼ ⁉."""
    from planner.lengths import x_emoji
    from planner.lengths.simple import SIMPLE_EMOJI, is_simple

    assert not [s for s in x_emoji.SEQUENCES if is_simple(s)]
    singles = {
        code
        for low, high in x_emoji.SINGLE_RANGES
        for code in range(low, high + 1)
        if is_simple(chr(code))
    }
    assert singles == {ord(c) for c in "©®‼⁉"} == {ord(c) for c in SIMPLE_EMOJI}


def test_character_tests_match_twitter_texts_patterns() -> None:
    """The character tests that replace patterns agree with the patterns, twitter-text's
    own where there is one, on every code point."""
    import re
    import sys

    from twitter_text.regexp.valid_url_preceding_chars import valid_url_preceding_chars

    # As they are inside twitter-text's extractUrl pattern: with IGNORECASE.
    preceding = re.compile(valid_url_preceding_chars.pattern, re.IGNORECASE)
    after_tld = re.compile(r"[^0-9a-zA-Z@+-]", re.IGNORECASE)
    weight_one = re.compile(r"[\x00-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert xtext._may_precede(char) == bool(preceding.fullmatch(char)), hex(code)
        assert xtext._may_end_tld(char) == bool(after_tld.match(char)), hex(code)
        assert (not char.translate(xtext._weight_one())) == bool(weight_one.match(char))


def test_tco_slug_of_40_is_a_link_and_links_after_a_refused_one_count() -> None:
    """A t.co slug of 40 is a link; after a refused link (slug of 41, "_"), the next one counts."""
    tco_40 = "https://t.co/" + "a" * 40
    assert xtext.weighted_length(tco_40) == 23 == reference(tco_40)
    tco_41 = "https://t.co/" + "a" * 41
    for text, weight in [
        (f"{tco_41} https://example.org", len(tco_41) + 1 + 23),
        (f"{tco_41} example.org", len(tco_41) + 1 + 23),
        ("http://exa_mple.com et https://example.org", len("http://exa_mple.com et ") + 23),
    ]:
        assert xtext.weighted_length(text) == weight == reference(text)


@pytest.mark.parametrize(
    ("prefix", "longest"),
    [
        # twitter-text adds the protocol's length (https:// when none is written) to the URL's,
        # which already holds it, and counts the domain as punycode: at most 4,096 in all.
        ("https://example.com/", 4096 - 8),
        ("http://example.com/", 4096 - 7),
        ("example.com/", 4096 - 8),
        # пример.рф is xn--e1afmkfd.xn--p1ai: 12 characters more.
        ("https://пример.рф/", 4096 - 8 - 12),
    ],
)
def test_url_length_limit_of_4096(prefix: str, longest: int) -> None:
    """A URL counts 23 up to twitter-text's 4,096-character limit; one character more, as text."""
    url = prefix + "a" * (longest - len(prefix))
    assert xtext.weighted_length(url) == 23 == reference(url)
    url += "a"
    assert xtext.weighted_length(url) == len(url) == reference(url)


@pytest.mark.parametrize(
    ("text", "weight"),
    [("\u10ff", 1), ("\u1100", 2), ("a\u1100", 3), ("\u1100\u10ff", 3), ("\u1100" * 3, 6)],
)
def test_weight_two_from_u1100(text: str, weight: int) -> None:
    """v3 weighs U+0000–U+10FF 1 and U+1100 (Hangul choseong kiyeok) the default 2."""
    assert xtext.weighted_length(text) == weight == reference(text)


def test_weighted_length_is_a_whole_number() -> None:
    """The length shown against the 280 is a whole number: Été 👍 日本 is 3+1+2+1+4 = 11."""
    assert type(xtext.weighted_length("https://example.org")) is int
    assert str(xtext.weighted_length("Été 👍 日本")) == str(reference("Été 👍 日本")) == "11"


@pytest.mark.parametrize(
    "text",
    [
        "example.嘉里大酒店",  # the generic 嘉里 begins the generic 嘉里大酒店
        "example.嘉里",
        "https://example.嘉里大酒店/x",
        "site.भारतम्",  # the country भारत begins the country भारतम्
        "site.भारत",
    ],
)
def test_idn_top_level_domain_that_begins_another(text: str) -> None:
    """Where an IDN top-level domain begins a longer one, the longer is taken: one link, 23."""
    assert [u.text for u in xtext.extract_urls(text)] == [text]
    assert xtext.weighted_length(text) == 23 == reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "Xavier.com",
        "maX.fr",
        "xavier.com",
        "max.fr",
        "https://maX.org/x",
        "https://Xa.org",
        "x.y.fr",
        "X.com",
        "example.xn--zzz",  # an unlisted punycode top-level domain
        "example.XN--ZZZ",
    ],
)
def test_domain_labels_starting_or_ending_with_x(text: str) -> None:
    """A label that begins or ends with x or X is a label like another; so is xn-- punycode."""
    assert [u.text for u in xtext.extract_urls(text)] == [text]
    assert xtext.weighted_length(f"{text} !") == 23 + 2 == reference(f"{text} !")
