"""Durations as people type them, in English or in French: ``30m``, ``1 h``, ``2j``,
``3 semaines``, ``1,5 h``.

The one reader of a typed duration: the command line's options (``--lead``, ``--grace``,
``--resync``), the web app's reminder lead, and the decision file's ``notice_days`` all
go through :func:`seconds`, so that ``2j`` is taken wherever ``2d`` is. What planner
writes back (a form's value, a file) is :func:`canonical`, one spelling whatever was
typed. Written by hand: the libraries that read durations (pytimeparse, isodate) know
English or ISO 8601 only, and none takes a decimal comma.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from planner.i18n import _

MINUTE, HOUR, DAY, WEEK = 60, 3600, 86400, 604800

# Every spelling taken, in either language, and its length in seconds. English: s, m, h,
# d, w and their words; French: s, min, h, j, sem and their words ("m" stays English's
# minute: French writes "min", and "m" there would read as "mois" as well).
UNITS: dict[str, int] = {
    **dict.fromkeys(("s", "sec", "second", "seconds", "seconde", "secondes"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), MINUTE),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "heure", "heures"), HOUR),
    **dict.fromkeys(("d", "day", "days", "j", "jour", "jours"), DAY),
    **dict.fromkeys(("w", "week", "weeks", "sem", "semaine", "semaines"), WEEK),
}
# Longest first, so that "min" is not read as "m" followed by "in".
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
# ASCII digits only (int() would take '٣', and fail on '²'); a decimal point or comma.
_DURATION = re.compile(rf"([0-9]+(?:[.,][0-9]+)?)\s*({_UNIT})\.?", re.IGNORECASE)
# More digits than this: beyond every range, said as such without the arithmetic (a
# whole number of weeks, so that a field of whole days takes it, and refuses its range).
_MAX_DIGITS = 20
BEYOND = WEEK * 10**25

# The canonical spelling (:func:`canonical`): the largest unit that divides the duration.
_CANONICAL = (("d", DAY), ("h", HOUR), ("m", MINUTE), ("s", 1))


def seconds(text: str) -> int | None:
    """The whole seconds of a typed duration, or None when ``text`` is not one: a number
    (a decimal one with a point or a comma) and a unit, with or without a space between
    them. ``1,5 h`` is 5400; ``0,5 s`` is not a whole number of seconds, so None. The
    number may be as large as typed: the caller's range refuses it in words."""
    found = _DURATION.fullmatch(text.strip())
    if found is None:
        return None
    if len(found.group(1).split(",")[0].split(".")[0].lstrip("0")) > _MAX_DIGITS:
        return BEYOND
    # Case folding matches more than ASCII ('ſ' is an 's', 'ı' an 'i'): not a unit here.
    unit = UNITS.get(found.group(2).lower())
    if unit is None:
        return None
    # A Fraction, exact: a Decimal rounds past 28 digits (1.000…01 j would be one day).
    value = Fraction(found.group(1).replace(",", ".")) * unit
    if value.denominator != 1:
        return None
    return int(value)


def canonical(span: dt.timedelta) -> str:
    """The one spelling planner writes: a whole number and the largest unit that divides
    it, English's short ones (``21d``, ``90m``, ``1h``), whatever unit was typed."""
    whole = int(span.total_seconds())
    for unit, size in _CANONICAL:
        if whole and whole % size == 0:
            return f"{whole // size}{unit}"
    return "0m"


def shown(span: dt.timedelta) -> str:
    """A duration in the interface's language, as :func:`canonical` spells it in English
    (``30d``) and in the language's own units elsewhere (``30 j``)."""
    whole = int(span.total_seconds())
    spelled = {
        "d": _("{count}d"),
        "h": _("{count}h"),
        "m": _("{count}m"),
        "s": _("{count}s"),
    }
    for unit, size in _CANONICAL:
        if whole and whole % size == 0:
            return spelled[unit].format(count=whole // size)
    return spelled["m"].format(count=0)


def _typed(value: str) -> str:
    """``value`` as a message quotes it, on one line: each character that is not
    printable written as its escape ('\\n'), as :func:`planner.fields.printable` does."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in value)


def not_a_duration(value: str) -> str:
    """The one message for text that is not a duration, with the units of the message's
    language."""
    return _(
        "'{value}' is not a duration; write a number and a unit (s, m, h, d or w), "
        "like 30m, 1h or 2d"
    ).format(value=_typed(value))


def within(text: str, least: dt.timedelta, most: dt.timedelta) -> dt.timedelta | str:
    """The duration ``text`` is, from ``least`` to ``most``, or the one message saying why
    not (:func:`not_a_duration`, :func:`out_of_range`). Compared in whole seconds: a typed
    number may be beyond what a timedelta holds."""
    found = seconds(text)
    if found is None:
        return not_a_duration(text)
    if not least.total_seconds() <= found <= most.total_seconds():
        return out_of_range(text, least, most)
    return dt.timedelta(seconds=found)


def out_of_range(value: str, least: dt.timedelta, most: dt.timedelta) -> str:
    """The one message for a duration outside what its field can use."""
    return _("'{value}' is out of range; give a duration from {least} to {most}").format(
        value=_typed(value), least=shown(least), most=shown(most)
    )
