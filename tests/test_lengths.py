"""Length rules: each platform's way of counting, against reference cases."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from planner import lengths
from planner.lengths import (
    count_bluesky,
    count_chars,
    count_mastodon,
    count_threads,
    count_x,
    graphemes,
    measure,
    short_url,
)

from .conftest import DATA

# The official twitter-text cases for the v3 (current) counting, copied with attribution.
TWITTER = json.loads((DATA / "twitter-text-weighted.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", TWITTER, ids=[c["description"] for c in TWITTER])
def test_x_counts_like_twitter_text(case: dict[str, object]) -> None:
    """Every WeightedTweetsWithDiscountedEmojiCounterTest case gives the official length."""
    assert count_x(str(case["text"])) == case["weightedLength"]


def test_x_counts_french_accents_once_and_links_as_23() -> None:
    """Accented Latin letters weigh 1; a long link weighs 23."""
    assert count_x("éàçœ") == 4
    assert count_x("Lien : https://jardin.example.org/" + "a" * 60) == 7 + 23


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👍🏽", 1),  # thumbs up with a skin tone
        ("👨‍👩‍👧‍👦", 1),  # a family joined by ZWJ
        ("🇫🇷🇨🇦", 2),  # two flags
        ("e\u0301te\u0301", 3),  # "été" written with combining accents
        ("🏳️‍🌈", 1),  # rainbow flag: flag, variation selector, ZWJ, rainbow
        ("नमस्ते", 3),  # Devanagari clusters (current Unicode rules)
    ],
)
def test_graphemes(text: str, expected: int) -> None:
    """Graphemes are what a reader sees as characters, emoji sequences included."""
    assert graphemes(text) == expected


def test_mastodon_links_and_mentions() -> None:
    """A link counts 23 however long; @user@domain counts as @user."""
    link = "https://mastodon.social/@amisdujardin/" + "1" * 40
    assert count_mastodon(link) == 23
    assert count_mastodon("Suivez @amis@mastodon.social !") == len("Suivez @amis !")
    assert count_mastodon("Lien : https://ex.org.") == len("Lien : ") + 23 + 1


def test_bluesky_shortens_links_like_the_app() -> None:
    """A path over 15 characters shows as host + 13 characters + '...'."""
    assert short_url("https://bsky.app/profile/etabli.bsky.social") == "bsky.app/profile/etab..."
    assert short_url("https://example.org/") == "example.org"
    assert short_url("https://example.org/lettre") == "example.org/lettre"
    assert count_bluesky("Voir https://bsky.app/profile/etabli.bsky.social") == 5 + 24


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # The path shown is the path ("/" alone shows as nothing), the ?query and the #hash.
        ("https://example.org/a?b=1", "example.org/a?b=1"),
        ("https://example.org/#contact", "example.org#contact"),
        ("https://example.org/p?q=1#haut", "example.org/p?q=1#haut"),
        # Over 15 characters, the first 13 of that whole, then "...".
        ("https://example.org/agenda?mois=mai", "example.org/agenda?mois=..."),
        ("https://example.org/a#abcdefghijklmn", "example.org/a#abcdefghij..."),
        ("https://example.org/abcdefghijklmn", "example.org/abcdefghijklmn"),  # 15: all shown
        ("https://example.org/abcdefghijklmno", "example.org/abcdefghijkl..."),  # 16: cut
    ],
)
def test_bluesky_short_links_count_query_fragment_and_cut_over_15(url: str, shown: str) -> None:
    """The app's short link keeps query and fragment, whole up to 15 characters, cut at 16."""
    assert short_url(url) == shown
    assert count_bluesky(f"Voir {url} !") == len("Voir ") + len(shown) + len(" !")


def test_threads_counts_emoji_bytes() -> None:
    """Plain letters count 1; an emoji counts its UTF-8 bytes."""
    assert count_threads("abc") == 3
    assert count_threads("👍") == 4
    assert count_threads("é👨‍👩‍👧") == 1 + len("👨‍👩‍👧".encode())


def test_threads_counts_every_character_of_text_with_combining_marks() -> None:
    """Past the quick path, each character counts 1 (a combining accent too), an emoji its bytes."""
    assert count_threads("é\u0301 ab") == 5
    assert count_threads("e\u0301te\u0301 👍") == 5 + 1 + 4
    assert count_threads("\u0301🇫🇷") == 1 + 8


def test_chars_counts_utf16_units() -> None:
    """The cautious count: an emoji outside the basic plane counts 2, as a whole number."""
    assert count_chars("abc") == 3
    assert count_chars("😀") == 2
    assert isinstance(count_chars("😀"), int)


@pytest.mark.parametrize(
    ("counter", "expected"),
    [("x", 2), ("mastodon", 1), ("bluesky", 1), ("threads", 4), ("chars", 2)],
)
def test_measure_counts_by_the_named_rule(counter: str, expected: int) -> None:
    """measure() counts 👍 by the named rule: X 2, graphemes 1, Threads 4 bytes, UTF-16 2."""
    assert measure(counter, "👍") == expected


SIMPLE_CODES = [code for code in range(0x110000) if lengths.is_simple(chr(code)) and code != 0x0D]


def test_the_simple_set_holds_only_code_points_that_never_join() -> None:
    """Every code point counted without the regex module is, by the Unicode data the regex
    module carries, one that no grapheme rule joins to another of the set (but CR LF)."""
    import regex

    assert len(SIMPLE_CODES) > 900
    joining = [
        hex(code)
        for code in SIMPLE_CODES
        if not regex.fullmatch(r"[\p{GCB=Other}\p{GCB=Control}\p{GCB=LF}]", chr(code))
    ]
    assert joining == []
    emoji = {c for c in SIMPLE_CODES if regex.match(r"\p{Extended_Pictographic}", chr(c))}
    assert emoji == {ord(c) for c in "©®‼⁉"}
    assert emoji == {ord(c) for c in lengths.SIMPLE_EMOJI}


def test_the_simple_set_is_the_documented_ranges() -> None:
    """is_simple holds for U+0000–U+02FF, U+2000–U+206F but U+200C–D, U+20A0–U+20BF, no more."""
    documented = {*range(0x300), *range(0x2000, 0x2070), *range(0x20A0, 0x20C0)}
    assert set(SIMPLE_CODES) == documented - {0x200C, 0x200D, 0x0D}


def _regex_graphemes(text: str) -> int:
    import regex

    return len(regex.findall(r"\X", text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in [*SIMPLE_CODES, 0x0D]]), max_size=50))
@example("a\r\nb ©‼")  # CR LF is one grapheme, but two characters for Threads
def test_simple_texts_count_as_the_regex_module_counts(text: str) -> None:
    """The quick count equals the regex module's on texts made of the simple set (CR LF too)."""
    assert lengths.graphemes(text) == _regex_graphemes(text)
    import regex

    slow = sum(
        len(c.encode("utf-8")) if regex.search(r"\p{Extended_Pictographic}", c) else len(c)
        for c in regex.findall(r"\X", text)
    )
    assert lengths.count_threads(text) == slow


@pytest.mark.parametrize("text", ["é\u0301", "a\u200db", "👍🏽", "🇫🇷", "\r\n\u0301", "각"])
def test_other_texts_go_through_the_regex_module(text: str) -> None:
    """Combining marks, joiners, emoji, flags, Hangul: the regex module counts them."""
    assert not lengths.is_simple(text) or text == "\r\n"
    assert lengths.graphemes(text) == _regex_graphemes(text)
