"""How long a post is, as each platform counts it.

- ``x``: twitter-text v3 (weighted: 1 for Latin and general punctuation ranges, 2
  elsewhere; every URL or bare domain 23; an emoji sequence 2; NFC first), counted by
  :mod:`planner.lengths.x`, which behaves as the ``twitter-text-parser`` port of the
  official library without its slow import (tests/test_lengths.py runs the official
  cases; tests/test_xtext.py compares both counters on thousands of texts).
- ``mastodon``: extended grapheme clusters, every http(s) link 23, a mention
  ``@user@domain`` counted as ``@user`` (mastodon app/validators/status_length_validator.rb).
- ``bluesky``: extended grapheme clusters, each link counted as the official app shows
  it: host, then the first 13 characters of the path and "..." when the path is longer
  than 15 (bluesky-social/social-app, ``toShortUrl``).
- ``threads``: characters, except that an emoji counts its UTF-8 bytes (Threads API).
- ``chars``: UTF-16 code units, as JavaScript counts a string: the most cautious of the
  usual ways to count "characters", for platforms that do not document theirs.

Graphemes come from the ``regex`` module's ``\\X``, which follows current Unicode. Most
posts are written only with Latin letters, punctuation and spaces, where every code point
is a grapheme of its own (only CR LF joins): those are counted without importing
``regex``, whose import costs more than counting a whole plan (bench/README.md), see
:func:`graphemes`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from planner.lengths.simple import SIMPLE_EMOJI, is_simple
from planner.lengths.x import extract_urls, weighted_length

# Links as Mastodon and the Bluesky app find them: http(s) up to a space, without the
# sentence punctuation that may follow.
LINK = r"https?://[^\s<>\"«»]+[^\s<>\"«».,;:!?)\]’']"
_MENTION = r"(?<![\w@])(@\w+)@[\w.-]+\w"
MASTODON_URL_LENGTH = 23  # mastodon StatusLengthValidator::URL_PLACEHOLDER


def graphemes(text: str) -> int:
    """The number of extended grapheme clusters (what a reader sees as characters)."""
    if is_simple(text):
        return len(text) - text.count("\r\n")
    import regex

    return len(regex.findall(r"\X", text))


def count_x(text: str) -> int:
    """X's weighted length (twitter-text v3)."""
    return weighted_length(text)


def count_mastodon(text: str, url_length: int = MASTODON_URL_LENGTH) -> int:
    """Mastodon's length: graphemes, links as 23 (or the server's
    ``characters_reserved_per_url``), remote mentions as their local part."""
    text = re.sub(LINK, "x" * url_length, text)
    text = re.sub(_MENTION, r"\1", text)
    return graphemes(text)


def short_url(url: str) -> str:
    """The text the Bluesky app shows for a link (social-app's toShortUrl)."""
    parts = urlsplit(url)
    path = (
        ("" if parts.path == "/" else parts.path)
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )
    if len(path) > 15:
        return f"{parts.netloc}{path[:13]}..."
    return f"{parts.netloc}{path}"


def count_bluesky(text: str) -> int:
    """Bluesky's length: graphemes, with links shortened as the official app shows them."""
    return graphemes(re.sub(LINK, lambda m: short_url(m.group(0)), text))


def count_threads(text: str) -> int:
    """Threads' length: one per character, an emoji as many as its UTF-8 bytes."""
    if is_simple(text):  # no cluster joins two of these: count code points
        return len(text) + sum(len(c.encode("utf-8")) - 1 for c in text if c in SIMPLE_EMOJI)
    import regex

    total = 0
    for cluster in regex.findall(r"\X", text):
        if regex.search(r"\p{Extended_Pictographic}|\p{Regional_Indicator}", cluster):
            total += len(cluster.encode("utf-8"))
        else:
            total += len(cluster)
    return total


def count_chars(text: str) -> int:
    """UTF-16 code units: an emoji outside the basic plane counts 2."""
    return len(text.encode("utf-16-le")) // 2


COUNTERS = {
    "x": count_x,
    "mastodon": count_mastodon,
    "bluesky": count_bluesky,
    "threads": count_threads,
    "chars": count_chars,
}


def count_links(text: str) -> int:
    """How many links a post holds: every URL and bare domain that twitter-text finds, the
    most cautious reading (a platform that links bare domains counts them too)."""
    return len(extract_urls(text))


def measure(counter: str, text: str) -> int:
    """The length of ``text`` by the named rule."""
    return COUNTERS[counter](text)
