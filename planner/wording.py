"""Language helpers for the words of :mod:`planner.content`: a plan's sentences with their
values, French typography and elision, dates in words (Babel's CLDR data).

French follows French typography: a non-breaking space before : ; ! ? and inside
« guillemets ». planner uses U+00A0 for all of them: the narrow U+202F counts double on X
and some fonts lack it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from babel.dates import format_date

from planner.content import words

NBSP = "\u00a0"  # before : ; ! ? and inside « », as French typography wants


def french_spacing(text: str) -> str:
    """Put a non-breaking space where French typography wants one.

    A space before : ; ! ? » or %, or after «, becomes U+00A0. Only existing spaces are
    touched, so a URL's ``?`` or ``:`` is left alone. Hand-written because no library
    does just this without rewriting quotes and apostrophes the author chose.
    """
    text = re.sub(r"[ \u202f]([:;!?»%])", NBSP + r"\1", text)
    return re.sub(r"«[ \u202f]", "«" + NBSP, text)


def de(name: str) -> str:
    """French 'de X', elided before a vowel: 'd’Instagram', 'de Facebook'."""
    return f"d’{name}" if name[:1].lower() in "aeiouéèêà" else f"de {name}"


def say(language: str, key: str, **values: object) -> str:
    """One sentence of the plan, in ``language``, with its values filled in.

    ``{de_platform}`` is available wherever ``platform`` is given, for French elision.
    """
    if "platform" in values:
        values["de_platform"] = de(str(values["platform"]))
    return words(language).plan[key].format(**values)


@cache
def long_date(day: dt.date, language: str) -> str:
    """'samedi 16 janvier 2027' or 'Saturday 16 January 2027', from Babel's CLDR data
    (cached: a plan and its posts ask for the same few days many times)."""
    return str(format_date(day, "EEEE d MMMM y", locale=language))


def month_year(day: dt.date, language: str) -> str:
    """'janvier 2028' or 'January 2028' (Babel's CLDR data)."""
    return str(format_date(day, "MMMM y", locale=language))
