"""Simple text: code points that no rule of Unicode's grapheme segmentation joins.

Most posts hold only such code points (Latin letters, punctuation, spaces); the counters
count them directly instead of segmenting the text into graphemes.
"""

from __future__ import annotations

from functools import cache

# The emoji (Extended_Pictographic) among the simple code points: © ® ‼ ⁉.
SIMPLE_EMOJI = "\u00a9\u00ae\u203c\u2049"


@cache
def _simple() -> dict[int, None]:
    """For ``str.translate``: drops the simple code points (quicker to build than a
    pattern, and to run than a loop)."""
    spans = (range(0x300), range(0x2000, 0x200C), range(0x200E, 0x2070), range(0x20A0, 0x20C0))
    return dict.fromkeys(code for span in spans for code in span)


def is_simple(text: str) -> bool:
    """True when ``text`` holds only simple code points: U+0000–U+02FF, U+2000–U+206F but
    the joiners U+200C and U+200D, U+20A0–U+20BF. Their Grapheme_Cluster_Break is Other,
    Control, CR or LF, so no rule of UAX #29 joins them to each other except CR LF
    (tests/test_lengths.py checks every one of them against the regex module's data)."""
    return not text.translate(_simple())
