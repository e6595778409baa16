"""Language helpers for the words of :mod:`planner.content`: a plan's sentences with their
values, French typography and elision, dates in words (Babel's CLDR data) in the locale of
the organisation: American or British English, French.

French follows French typography: a non-breaking space before : ; ! ? and inside
« guillemets ». planner uses U+00A0 for all of them: the narrow U+202F counts double on X
and some fonts lack it.

A date is never broken across two lines between its day, its month and its year ('1er
décembre 2026', 'December 1, 2026'): those spaces are U+00A0 too, as French typography
wants and English style guides advise; only the space after the weekday may break. Every
date in words comes from here, so the posts, the cards, the plan, the calendar and the kit
hold the same spaces; a post copied to a network keeps them, and every network counts
U+00A0 as one character, as a space.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Literal

from babel.dates import format_date, get_date_format
from babel.numbers import format_decimal

from planner.content import words
from planner.i18n import language
from planner.languages import locale_of

NBSP = "\u00a0"  # before : ; ! ? and inside « », as French typography wants


def french_spacing(text: str) -> str:
    """Put a non-breaking space where French typography wants one.

    A space before : ; ! ? » or %, or after «, becomes U+00A0. Only existing spaces are
    touched, so a URL's ``?`` or ``:`` is left alone. Hand-written because no library
    does just this without rewriting quotes and apostrophes the author chose.
    """
    text = re.sub(r"[ \u202f]([:;!?»%])", NBSP + r"\1", text)
    return re.sub(r"«[ \u202f]", "«" + NBSP, text)


# A name that begins with the article 'le' or 'les' ('Les Pâquerettes', 'Le Jardin'):
# French contracts it with 'de' and 'à' ('des Pâquerettes', 'au Jardin'), as it does for
# 'Le Monde' or 'Les Échos'. 'La' and 'L’' are not contracted ('de La Ruche').
_ARTICLE = re.compile(r"(les|le)\s+(?=\S)", re.IGNORECASE)
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}


def _contracted(word: str, name: str) -> str | None:
    article = _ARTICLE.match(name)
    if article is None:
        return None
    return f"{_CONTRACTED[word, article.group(1).lower()]} {name[article.end() :]}"


def de(name: str) -> str:
    """French 'de X': elided before a vowel ('d’Instagram', 'd’Île-de-France Nature'),
    contracted with an article ('des Pâquerettes', 'du Jardin'); else 'de Facebook',
    'de La Ruche', 'de L’Atelier', 'de @amis'."""
    contracted = _contracted("de", name)
    if contracted is not None:
        return contracted
    return f"d’{name}" if name[:1].lower() in _VOWELS and name[:1].isalpha() else f"de {name}"


def a(name: str) -> str:
    """French 'à X', contracted with an article: 'au Jardin', 'aux Amis'; else 'à La Ruche',
    'à X'."""
    return _contracted("à", name) or f"à {name}"


def say(language: str, key: str, **values: object) -> str:
    """One sentence of the plan, in ``language``, with its values filled in.

    For French elision and contraction, ``{de_platform}`` is available wherever
    ``platform`` is given (unless given too: several platforms, each with its 'de'), and
    ``{de_account}`` and ``{a_account}`` wherever ``account`` is.
    """
    if "platform" in values and "de_platform" not in values:
        values["de_platform"] = de(str(values["platform"]))
    if "account" in values:
        values["de_account"] = de(str(values["account"]))
        values["a_account"] = a(str(values["account"]))
    return words(language).plan[key].format(**values)


# Where CLDR's full date format is not how the locale's own style guides write a date:
# British English puts no comma after the weekday, 'Friday 26 February 2027' (GOV.UK style
# guide, "Dates"; the Guardian and Observer style guide), where CLDR's en_GB has one.
_LONG_PATTERNS = {"en_GB": "EEEE d MMMM y"}


@cache
def long_date(day: dt.date, locale: str) -> str:
    """A date in words in ``locale`` (:func:`planner.content.locale_of`): 'Friday,
    February 26, 2027' (en_US, CLDR's full format), 'Friday 26 February 2027' (en_GB),
    'lundi 1er février 2027' (fr: the first of the month is written 1er); the spaces
    between day, month and year are U+00A0. Cached: a plan and its posts ask for the same
    few days many times."""
    pattern = _LONG_PATTERNS.get(locale) or str(get_date_format("full", locale=locale).pattern)
    return str(format_date(day, _tied(_first(pattern, day, locale)), locale=locale))


def day_date(day: dt.date, locale: str) -> str:
    """A date in words without its weekday, CLDR's long format: 'January 30, 2027'
    (en_US), '30 January 2027' (en_GB), '1er février 2027' (fr); the spaces U+00A0."""
    return _cldr(day, "long", locale)


def said_date(day: dt.date, country: str | None = None) -> str:
    """A date inside a sentence of the interface (``check``'s lines and warnings, errors,
    ``remind list``, the web app's pages): :func:`day_date` in the interface's language,
    American or British English after ``country``. A date the user must type into a
    file is written ISO beside it, by the sentence, which says so."""
    return day_date(day, locale_of(language(), country))


def grouped(number: float, locale: str) -> str:
    """A number as ``locale`` writes it in a sentence, its thousands grouped: '63,206' in
    English, '63 206' in French (U+202F, CLDR's group separator)."""
    return str(format_decimal(number, locale=locale))


def said_number(number: float) -> str:
    """A number inside a sentence of the interface: :func:`grouped` in its language."""
    return grouped(number, language())


def short_date(day: dt.date, locale: str) -> str:
    """'Feb 26, 2027', '26 Feb 2027' or '1er févr. 2027' (CLDR's medium format), its spaces
    U+00A0."""
    return _cldr(day, "medium", locale)


def _cldr(day: dt.date, width: Literal["long", "medium"], locale: str) -> str:
    """``day`` in CLDR's date format of that ``width`` for ``locale``, with 1er and U+00A0."""
    pattern = str(get_date_format(width, locale=locale).pattern)
    return str(format_date(day, _tied(_first(pattern, day, locale)), locale=locale))


def _tied(pattern: str) -> str:
    """A date pattern whose spaces are U+00A0 (a literal to Babel), but the one beside the
    weekday (in 'EEEE, MMMM d, y', the space after 'EEEE,'): a line may break after
    'vendredi', never inside '15 janvier 2027'."""
    tied = pattern.replace(" ", NBSP)
    return re.sub(f"{NBSP}(E+)", r" \1", re.sub(f"(E+,?){NBSP}", r"\1 ", tied))


def _first(pattern: str, day: dt.date, locale: str) -> str:
    """French writes the first of the month as an ordinal, '1er' (Lexique des règles
    typographiques en usage à l’Imprimerie nationale), which CLDR does not."""
    if day.day == 1 and locale.split("_")[0] == "fr":
        return re.sub(r"(?<![d'])d(?![d'])", "d'er'", pattern)
    return pattern


def month_year(day: dt.date, locale: str) -> str:
    """'janvier 2028' or 'January 2028' (Babel's CLDR data), the space U+00A0."""
    return str(format_date(day, _tied("MMMM y"), locale=locale))
