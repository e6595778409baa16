"""X's weighted length (twitter-text v3), counted without twitter-text's start-up cost.

The rules (twitter-text ``config/v3.json`` and ``parseTweet``): the text is NFC-normalised
and its line endings made ``\\n``; every URL counts 23; every emoji sequence counts 2;
every other code point counts 1 in the ranges U+0000–U+10FF, U+2000–U+200D,
U+2010–U+201F and U+2032–U+2037, and 2 elsewhere.

Written here rather than imported because the Python port, twitter-text-parser, spends
longer at import than a whole kit takes to build (it reads emoji-test.txt and compiles two
patterns with thousands of alternatives), then counts in a per-character loop (figures in
bench/README.md). This module
keeps the port's behaviour but looks top-level domains and emoji up in tables
(``planner.lengths.x_data`` and ``planner.lengths.x_emoji``, generated from the port by
``scripts/x_data.py``) instead of compiling them into patterns; the small patterns below
are twitter-text's own, and the matching of a domain follows the order in which
twitter-text's pattern backtracks.
tests/test_xtext.py compares it with twitter-text-parser on the official conformance
cases and on generated texts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from planner.lengths.simple import SIMPLE_EMOJI, is_simple

SCALE = 100
DEFAULT_WEIGHT = 200
URL_WEIGHT = 23 * SCALE
MAX_URL_LENGTH = 4096
MAX_TCO_SLUG_LENGTH = 40

# twitter-text's character groups (twitter-text/js/src/regexp, Apache-2.0).
_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$/"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"
_DOMAIN_CHAR = rf"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"


def _query(az: str) -> str:
    """A query string (twitter-text's ``validUrlQueryChars`` then ``…EndingChars``)."""
    return rf"\?[{az}0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[{az}0-9\-_&=#/]"


def _rest(non_ascii: bool) -> str:
    """Port, path and query after a domain (twitter-text's ``extractUrl``, groups 6 to 8),
    matched with IGNORECASE.

    Without ``non_ascii``, the pattern for a word of ASCII text only, to be matched without
    IGNORECASE: the Latin accents, Cyrillic and en dash are left out and ``A-Z`` is
    written next to ``a-z``. On ASCII text that is the same pattern (an ASCII letter that
    matches through a non-ASCII case fold, ``s`` through ``ſ``, is in ``a-z`` already), and
    it compiles several times quicker (with IGNORECASE, Python expands every class)."""
    extra = f"{_CYRILLIC}{_LATIN_ACCENTS}" if non_ascii else ""
    dash = "\\u2013" if non_ascii else ""
    az = "a-z" if non_ascii else "a-zA-Z"
    char = rf"[{az}0-9!\*';:=\+,\.\$\/%#\[\]\-{dash}_~@\|&{extra}]"
    parens = rf"\((?:{char}+|(?:{char}*\({char}+\){char}*))\)"
    end = rf"[\+\-{az}0-9=_#\/{extra}]|(?:{parens})"
    path = rf"(?:(?:{char}*(?:{parens}{char}*)*{end})|(?:@{char}+/))"
    return rf"(?::([0-9]+))?(\/{path}*)?({_query(az)})?"


@cache
def _rest_non_ascii() -> re.Pattern[str]:
    return re.compile(_rest(non_ascii=True), re.IGNORECASE)


class _Patterns:
    """The patterns every count with a dot needs; the others are compiled when first
    needed, or replaced by the character tests below."""

    def __init__(self) -> None:
        self.protocol = re.compile(r"https?://", re.IGNORECASE)
        self.label_run = re.compile(rf"(?:{_DOMAIN_CHAR}|[_-])+(?=\.)")
        self.rest = re.compile(_rest(non_ascii=False))  # for ASCII words: see _rest
        self.space = re.compile(r"\s")


_patterns = cache(_Patterns)


@cache
def _tco() -> re.Pattern[str]:
    return re.compile(rf"^https?:\/\/t\.co\/([a-z0-9]+)(?:{_query('a-z')})?", re.IGNORECASE)


@cache
def _ascii_label() -> re.Pattern[str]:
    return re.compile(rf"[\-a-z0-9{_LATIN_ACCENTS}]+\.", re.IGNORECASE)


@cache
def _punycode() -> re.Pattern[str]:
    return re.compile(r"xn--[\-0-9a-z]+", re.IGNORECASE)


# The characters IGNORECASE takes for an ASCII letter: ſ (s), K (Kelvin sign, k), İ and ı
# (i). tests/test_xtext.py checks the character tests below against twitter-text's
# patterns for every code point.
_ASCII_LOOKALIKES = "\u017f\u212a\u0130\u0131"


def _ascii_alnum(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in _ASCII_LOOKALIKES


def _may_precede(char: str) -> bool:
    """twitter-text's ``validUrlPrecedingChars`` for one character."""
    return not _ascii_alnum(char) and char not in "@＠$#＃\ufffe\ufeff\uffff"


def _may_end_tld(char: str) -> bool:
    """The character after a top-level domain: ``(?=[^0-9a-zA-Z@+-])``, with IGNORECASE."""
    return not _ascii_alnum(char) and char not in "@+-"


@cache
def _weight_one() -> dict[int, None]:
    """For ``str.translate``: drops the code points X counts 1 (quicker than a pattern to
    build, and than a loop to run)."""
    spans = (range(0x1100), range(0x2000, 0x200E), range(0x2010, 0x2020), range(0x2032, 0x2038))
    return dict.fromkeys(code for span in spans for code in span)


class _Tlds:
    """twitter-text's top-level domains, folded as IGNORECASE compares: place in its list."""

    def __init__(self) -> None:
        from planner.lengths import x_data

        self.gtlds: dict[str, int] = x_data.GTLDS
        self.cctlds: dict[str, int] = x_data.CCTLDS
        self.lengths = tuple(sorted({len(t) for t in (*x_data.GTLDS, *x_data.CCTLDS)}))
        self.folds = str.maketrans(x_data.CASE_FOLDS)  # for translate, before lower()


class _Emoji:
    """twitter-text's emoji: sequences by first character (longest first), single ones,
    and a pattern for any character that starts one."""

    def __init__(self) -> None:
        from planner.lengths import x_emoji

        sequences: dict[str, list[str]] = {}
        for sequence in x_emoji.SEQUENCES:  # already longest first, as twitter-text tries
            sequences.setdefault(sequence[0], []).append(sequence)
        self.sequences = {first: tuple(found) for first, found in sequences.items()}
        self.singles = frozenset(
            chr(code) for low, high in x_emoji.SINGLE_RANGES for code in range(low, high + 1)
        )
        ranges: list[list[int]] = []
        for code in sorted(ord(c) for c in self.singles.union(sequences)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
        starts = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)
        self.starts = re.compile(f"[{starts}]")


_tlds = cache(_Tlds)
_emoji = cache(_Emoji)


def _tld_end(text: str, at: int) -> int | None:
    """Where a top-level domain starting at ``at`` ends, as twitter-text's alternation finds
    it: the first generic one (in its list's order) followed by a non-alphanumeric
    character or the end, else the first country one, else a punycode label."""
    tlds = _tlds()
    for table in (tlds.gtlds, tlds.cctlds):
        best: tuple[int, int] | None = None
        for length in tlds.lengths:
            end = at + length
            if end > len(text):
                break
            # Folded as IGNORECASE compares: "aſ" is "as" (American Samoa) to it.
            index = table.get(text[at:end].translate(tlds.folds).lower())
            if index is None or (end < len(text) and not _may_end_tld(text[end])):
                continue
            if best is None or index < best[0]:
                best = (index, end)
        if best is not None:
            return best[1]
    if text[at : at + 4].lower() != "xn--":
        return None
    found = _punycode().match(text, at)
    return found.end() if found else None


def _label_units(text: str, at: int) -> list[tuple[int, int]]:
    """The ``label.`` units from ``at`` as twitter-text's ``validSubdomain`` takes them: a
    label of domain characters, ``_`` and ``-`` that starts and ends with a domain
    character, then a dot. (The run before a dot is found by ``label_run`` and its ends
    checked here: what twitter-text's two label patterns do, without compiling them.)"""
    label_run = _patterns().label_run
    units = []
    while found := label_run.match(text, at):
        label = found.group()
        if label[0] in "_-" or label[-1] in "_-":
            break
        units.append((at, found.end() + 1))
        at = found.end() + 1
    return units


def _ascii_units(text: str, at: int) -> list[tuple[int, int]]:
    """The ``label.`` units from ``at`` as twitter-text's ``validAsciiDomain`` takes them."""
    ascii_label = _ascii_label()
    units = []
    while found := ascii_label.match(text, at):
        units.append((at, found.end()))
        at = found.end()
    return units


def _domain_end(text: str, units: list[tuple[int, int]], *, strict_last: bool) -> int | None:
    """The end of the domain made of ``units`` then a top-level domain.

    twitter-text's pattern takes as many ``label.`` as it can, then gives them back one by
    one until a top-level domain follows. With ``strict_last``, the label just before the
    top-level domain may not hold ``_`` (``validDomainName``).
    """
    for start, end in reversed(units):
        if strict_last and "_" in text[start:end]:
            continue
        tld_end = _tld_end(text, end)
        if tld_end is not None:
            return tld_end
    return None


@dataclass(frozen=True, slots=True)
class _Url:
    start: int
    text: str


@dataclass(frozen=True, slots=True)
class _Match:
    before: str  # the character before the URL ("" at the start of the text)
    protocol: str | None
    domain_start: int
    domain_end: int
    has_path: bool
    end: int


def _match_url(text: str, at: int, before: str) -> _Match | None:
    """twitter-text's URL pattern, the URL starting at ``at``."""
    patterns = _patterns()
    protocol = patterns.protocol.match(text, at)
    tries: list[tuple[str | None, int]] = [(protocol.group(0), protocol.end())] if protocol else []
    tries.append((None, at))
    for scheme, domain_start in tries:
        domain_end = _domain_end(text, _label_units(text, domain_start), strict_last=True)
        if domain_end is not None:
            # The rest never crosses a space: match it on the word alone, with the ASCII
            # pattern when that word is ASCII.
            space = patterns.space.search(text, domain_end)
            word_end = space.start() if space else len(text)
            ascii_word = text[domain_end:word_end].isascii()
            rest_pattern = patterns.rest if ascii_word else _rest_non_ascii()
            rest = rest_pattern.match(text, domain_end, word_end)
            assert rest is not None  # every part of it is optional
            return _Match(before, scheme, domain_start, domain_end, bool(rest.group(2)), rest.end())
    return None


def extract_urls(text: str) -> list[_Url]:
    """The URLs twitter-text finds in ``text`` (``extractUrlsWithIndices``): where each
    starts and the text that counts as one URL."""
    if "." not in text:
        return []
    urls: list[_Url] = []
    position = 0  # where twitter-text's search goes on from
    for before_at, url_at in _attempts(text):
        if before_at < position:
            continue
        before = text[before_at] if url_at > before_at else ""
        found = _match_url(text, url_at, before)
        if found is None:
            continue
        position = found.end
        url_start = found.domain_start - len(found.protocol or "")
        url = text[url_start : found.end]
        domain = text[found.domain_start : found.domain_end]
        if not _valid_url(url, found.protocol or "https://", domain):
            continue
        if found.protocol is not None:
            # The t.co pattern is ASCII and case-blind only for ASCII letters: a URL
            # without "t.co/" (most) cannot match it, nor need it compiled.
            tco = _tco().search(url) if "t.co/" in url.lower() else None
            if tco and tco.group(1) and len(tco.group(1)) > MAX_TCO_SLUG_LENGTH:
                continue
            urls.append(_Url(url_start, tco.group(0) if tco else url))
            continue
        if found.before in ("-", "_", ".", "/"):
            continue
        domains = _ascii_domains(domain, url_start)
        if domains and found.has_path:
            # The path (with port and query) goes with the last ASCII domain.
            last = domains[-1]
            domains[-1] = _Url(last.start, url.replace(domain, last.text))
        urls.extend(domains)
    return urls


def _attempts(text: str) -> list[tuple[int, int]]:
    """Where twitter-text's search could find a URL, in the order it tries them: pairs of
    (where the match starts, where the URL starts).

    Its pattern takes the character before a URL as part of the match (any character but
    an ASCII letter or digit, ``@``, ``$``, ``#``); at the start of the text it also tries
    "no character". A URL starts with a protocol or with a ``label.``; other places are
    not tried, which saves a pattern match at every character.
    """
    patterns = _patterns()
    starts = {m.start() for m in patterns.protocol.finditer(text)}
    for run in patterns.label_run.finditer(text):
        starts.update(range(run.start(), run.end()))
    attempts = []
    for start in sorted(starts):
        if start > 0 and _may_precede(text[start - 1]):
            attempts.append((start - 1, start))
        if start == 0:
            attempts.append((0, 0))
    # At the start, "a character before" (a URL at 1) is tried before "none" (a URL at 0).
    attempts.sort(key=lambda attempt: (attempt[0], attempt[1] == attempt[0]))
    return attempts


def _ascii_domains(domain: str, offset: int) -> list[_Url]:
    """The ASCII domains in the domain of a URL written without protocol."""
    found: list[_Url] = []
    position = 0
    while position < len(domain):
        end = _domain_end(domain, _ascii_units(domain, position), strict_last=False)
        if end is None:
            position += 1
            continue
        found.append(_Url(offset + position, domain[position:end]))
        position = end
    return found


def _valid_url(url: str, protocol: str, domain: str) -> bool:
    if domain.isascii():
        # What Python's idna codec does for an ASCII name (its first branch), without
        # importing the codec and stringprep, which most posts never need.
        labels = domain.split(".")
        if not all(0 < len(label) < 64 for label in labels[:-1]) or len(labels[-1]) >= 64:
            return False
        ascii_domain = domain
    else:
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return False
    if not ascii_domain:
        return False
    return len(protocol) + len(url) + len(ascii_domain) - len(domain) <= MAX_URL_LENGTH


def extract_emoji(text: str) -> dict[int, int]:
    """Where each emoji sequence starts, and its length in code points: at each place, the
    longest listed sequence, else a single emoji code point, as twitter-text's pattern."""
    # No emoji sequence of twitter-text's list is made only of simple code points, and
    # their only emoji are SIMPLE_EMOJI (tests/test_xtext.py checks both against the
    # tables): such a text, most posts, needs no emoji table.
    if is_simple(text):
        return {at: 1 for at, char in enumerate(text) if char in SIMPLE_EMOJI}
    tables = _emoji()
    found = {}
    position = 0
    for candidate in tables.starts.finditer(text):
        at = candidate.start()
        if at < position:
            continue
        length = 0
        for sequence in tables.sequences.get(candidate.group(0), ()):
            if text.startswith(sequence, at):
                length = len(sequence)
                break
        if not length and candidate.group(0) in tables.singles:
            length = 1
        if length:
            found[at] = length
            position = at + length
    return found


def weighted_length(text: str) -> int:
    """X's weighted length of ``text``: what X shows as used of the 280."""
    normalized = re.sub(r"\r\n|\r|\n", "\n", unicodedata.normalize("NFC", text))
    entities = extract_emoji(normalized)  # start: length, then URLs over them
    weights = dict.fromkeys(entities, DEFAULT_WEIGHT)
    for url in extract_urls(normalized):
        entities[url.start] = len(url.text)
        weights[url.start] = URL_WEIGHT
    total = 0
    position = 0
    for start in sorted(entities):
        if start < position:
            continue  # inside a URL or emoji already counted
        total += _plain_weight(normalized[position:start]) + weights[start]
        position = start + entities[start]
    total += _plain_weight(normalized[position:])
    return total // SCALE


def _plain_weight(text: str) -> int:
    if not text or max(text) < "\u1100":  # every character counts 1: no table needed
        return SCALE * len(text)
    ones = len(text) - len(text.translate(_weight_one()))
    return DEFAULT_WEIGHT * len(text) - (DEFAULT_WEIGHT - SCALE) * ones
