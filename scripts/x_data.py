"""Write planner/lengths/x_data.py and planner/lengths/x_emoji.py: the tables of X's length
rules, taken from twitter-text.

Run: .venv/bin/python scripts/x_data.py   (twitter-text-parser is a test dependency)

planner counts X posts itself (planner/lengths/x.py) instead of importing twitter-text-parser,
whose import alone costs about 200 ms (it parses emoji-test.txt and compiles two regular
expressions with thousands of alternatives on every start). The tables stay those of
twitter-text, read here from the installed package so that nothing is retyped by hand:

- the generic and country-code top-level domains, in twitter-text's order (the order
  decides which one a regular expression alternation would take first);
- the emoji sequences of several code points, in the order twitter-text tries them
  (longest first), and the single code points its emoji pattern matches, as ranges
  found by asking that very pattern about every code point;
- the characters that Python's IGNORECASE matches otherwise than ``str.lower`` says
  (``ſ`` matches ``s``, ``ı`` and ``İ`` match ``i``…), each with the character that
  stands for its whole class, so that a top-level domain looked up in a table matches
  what twitter-text's IGNORECASE pattern matches.

The tests compare planner's counter with twitter-text-parser on the official cases and on
thousands of generated texts (tests/test_xtext.py).
"""

from __future__ import annotations

import _sre
import re
import sys
from pathlib import Path
from re._casefix import _EXTRA_CASES  # the equivalences sre adds to simple lower-casing

from twitter_text.regexp.emoji import emoji, emoji_list
from twitter_text.regexp.valid_cctld import valid_cctld
from twitter_text.regexp.valid_gtld import valid_gtld

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "planner" / "lengths" / "x_data.py"
EMOJI_TARGET = ROOT / "planner" / "lengths" / "x_emoji.py"
HEADER = [
    "From twitter-text (https://github.com/twitter/twitter-text, Apache-2.0) through its",
    "Python port twitter-text-parser (MIT).",
    '"""',
    "",
]


def alternatives(pattern: re.Pattern[str]) -> list[str]:
    """The top-level domains listed in twitter-text's ``(?:(?:a|b|c)(?=…))`` pattern."""
    found = re.fullmatch(r"\(\?:\(\?:(.*)\)\(\?=.*\)\)", pattern.pattern, flags=re.S)
    assert found is not None, pattern.pattern[:80]
    return found.group(1).split("|")


def single_ranges() -> list[tuple[int, int]]:
    """Every code point that twitter-text's emoji pattern matches on its own, as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF or not emoji.fullmatch(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def case_folds() -> dict[str, str]:
    """Each character whose IGNORECASE class is not found by ``str.lower``: how sre
    compares characters (simple lower case, then its extra equivalences), as the smallest
    character of the class."""
    folds = {}
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        lower = _sre.unicode_tolower(code)
        canonical = chr(min((lower, *_EXTRA_CASES.get(lower, ()))))
        if chr(code).lower() != canonical:
            folds[chr(code)] = canonical
    return folds


def main() -> None:
    folds = case_folds()
    table = str.maketrans(folds)

    def indexed(tlds: list[str]) -> dict[str, int]:
        """Each top-level domain, folded as IGNORECASE compares, with its place in the list
        (the first one the alternation would take wins)."""
        found: dict[str, int] = {}
        for index, tld in enumerate(tlds):
            found.setdefault(tld.translate(table).lower(), index)
        return found

    sequences = [
        "".join(chr(int(code, 16)) for code in entry.codepoint.split())
        for entry in emoji_list
        if len(entry.codepoint.split()) > 1
    ]
    # twitter-text sorts its escaped sequences by length, longest first (a stable sort).
    sequences.sort(key=lambda s: len(s), reverse=True)
    TARGET.write_text(
        "\n".join(
            [
                '"""Top-level domains for X\'s length rules, written by scripts/x_data.py.',
                "",
                "Keys are folded as Python's IGNORECASE compares characters (CASE_FOLDS, where",
                "str.lower says otherwise), values are places in twitter-text's lists.",
                "",
                *HEADER,
                f"GTLDS = {indexed(alternatives(valid_gtld))!r}",
                f"CCTLDS = {indexed(alternatives(valid_cctld))!r}",
                f"CASE_FOLDS = {folds!r}",
                "",
            ]
        ),
        "utf-8",
    )
    EMOJI_TARGET.write_text(
        "\n".join(
            [
                '"""Emoji for X\'s length rules, written by scripts/x_data.py: those of',
                "emoji-test.txt (Unicode 12.0), as twitter-text-parser's pattern matches them.",
                "",
                *HEADER,
                f"SEQUENCES = {tuple(sequences)!r}",
                f"SINGLE_RANGES = {tuple(single_ranges())!r}",
                "",
            ]
        ),
        "utf-8",
    )
    print(f"written: {TARGET.relative_to(ROOT)}, {EMOJI_TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
