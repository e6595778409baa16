"""The decision form: the fields of a decision file as text a browser sends, and back.

The form's values are turned into the same document a TOML file gives
(:func:`document`), and that document is validated by :func:`planner.decision.validate`,
so each field is checked by the same validators, with the same messages, as
``planner check``; each problem goes beside its field (:func:`problems_by_field`). The
values are kept as typed, so nothing typed is lost on an error.

Field names: ``organisation.name``, ``decision.decided_on``…, and for the repeated blocks
``departure-2.date``, ``destination-1.url``, ``stay-1.account`` (numbered from 1 in the
order shown).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.decision import AFTER, MIN_NOTICE_DAYS, Decision
from planner.fields import Problem
from planner.i18n import _

BLOCKS: dict[str, tuple[str, ...]] = {
    "departure": ("platform", "account", "date", "notice_days", "after"),
    "stay": ("platform", "account", "date"),
    "destination": ("kind", "address", "url", "max_chars"),
}
ORGANISATION = ("name", "website", "contact")
DECISION = (
    "id",
    "decided_on",
    "assessed_on",
    "language",
    "timezone",
    "post_time",
    "country",
    "subdivision",
    "review_months",
    "statement",
)
NUMBERS = {"notice_days", "max_chars", "review_months"}
OPTIONAL = {
    "organisation.website",
    "organisation.contact",
    "decision.id",
    "decision.assessed_on",
    "decision.timezone",
    "decision.post_time",
    "decision.country",
    "decision.subdivision",
    "decision.review_months",
    "decision.statement",
    "departure.notice_days",
    "departure.after",
    "destination.address",
    "destination.url",
    "destination.max_chars",
}
MAX_BLOCKS = 20  # of each kind: more than any association leaves or goes to
_BLOCK_FIELD = re.compile(r"(departure|stay|destination)-(\d{1,3})\.(\w+)\Z")


@dataclass(slots=True)
class Form:
    """What the form shows: every value as text, the reasons ticked, the blocks in order."""

    values: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    blocks: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {kind: [] for kind in BLOCKS}
    )

    def add(self, kind: str) -> None:
        """One more empty block of ``kind`` (a departure gets the usual notice)."""
        if len(self.blocks[kind]) < MAX_BLOCKS:
            block = dict.fromkeys(BLOCKS[kind], "")
            if kind == "departure":
                block.update(notice_days=str(MIN_NOTICE_DAYS), after=AFTER[0])
            self.blocks[kind].append(block)

    def remove(self, kind: str, number: int) -> None:
        """Take away the block shown with ``number`` (from 1)."""
        if 1 <= number <= len(self.blocks[kind]):
            del self.blocks[kind][number - 1]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _lines(text: str) -> str:
    """A browser's text area sends CR LF; a decision file holds LF."""
    return text.replace("\r\n", "\n")


def parse(items: Iterable[tuple[str, Any]]) -> Form:
    """The form from the (name, value) pairs a browser sent (files and unknown names
    are ignored)."""
    form = Form()
    numbered: dict[str, dict[int, dict[str, str]]] = {kind: {} for kind in BLOCKS}
    for name, raw in items:
        value = _text(raw)
        if name == "decision.reasons":
            form.reasons.append(value)
        elif name.startswith(("organisation.", "decision.")) or name == "indicators.track":
            form.values[name] = _lines(value)
        elif found := _BLOCK_FIELD.match(name):
            kind, number, key = found.group(1), int(found.group(2)), found.group(3)
            if key in BLOCKS[kind] and (
                number in numbered[kind] or len(numbered[kind]) < MAX_BLOCKS
            ):
                numbered[kind].setdefault(number, {})[key] = value
    for kind, blocks in numbered.items():
        form.blocks[kind] = [blocks[n] for n in sorted(blocks)]
    return form


def blank(today: dt.date, language: str, timezone: str | None) -> Form:
    """The form of a new plan: decided today, one departure and one destination to fill."""
    form = Form(
        values={
            "decision.decided_on": today.isoformat(),
            "decision.language": language,
            "decision.timezone": timezone or "Europe/Paris",
            "decision.post_time": "10:00",
            "decision.review_months": "12",
        }
    )
    form.add("departure")
    form.add("destination")
    return form


def of(decision: Decision) -> Form:
    """The form showing a decision."""
    org = decision.organisation
    form = Form(
        values={
            "organisation.name": org.name,
            "organisation.website": org.website or "",
            "organisation.contact": org.contact or "",
            "decision.id": decision.id or "",
            "decision.decided_on": decision.decided_on.isoformat(),
            "decision.assessed_on": (
                decision.assessed_on.isoformat() if decision.assessed_on else ""
            ),
            "decision.language": decision.language,
            "decision.timezone": decision.timezone,
            "decision.post_time": decision.post_time.strftime("%H:%M"),
            "decision.country": decision.country or "",
            "decision.subdivision": decision.subdivision or "",
            "decision.review_months": str(decision.review_months),
            "decision.statement": decision.statement or "",
            "indicators.track": "\n".join(decision.indicators),
        },
        reasons=list(decision.reasons),
    )
    form.blocks["departure"] = [
        {
            "platform": d.platform,
            "account": d.account,
            "date": d.date.isoformat(),
            "notice_days": str(d.notice_days),
            "after": d.after,
        }
        for d in decision.departures
    ]
    form.blocks["stay"] = [
        {"platform": s.platform, "account": s.account, "date": s.date.isoformat()}
        for s in decision.stays
    ]
    form.blocks["destination"] = [
        {
            "kind": d.kind,
            "address": d.address or "",
            "url": d.url or "",
            "max_chars": str(d.max_chars) if d.max_chars else "",
        }
        for d in decision.destinations
    ]
    return form


def _value(kind: str, key: str, text: str) -> Any:
    """A field's text as the value a TOML file would hold: a whole number where the field
    takes one and the text is one; else the text, for the validator to judge."""
    if key in NUMBERS and re.fullmatch(r"\s*[+-]?\d{1,9}\s*", text):
        return int(text)
    return text


def _table(prefix: str, keys: tuple[str, ...], source: dict[str, str]) -> dict[str, Any]:
    """The fields of one table or block: a field not sent, or an optional one left empty,
    is left out, as a file without the line; a required one left empty is kept empty, as
    typed (a date or a choice left empty is missing)."""
    table: dict[str, Any] = {}
    for key in keys:
        if key not in source:
            continue
        text = source[key]
        if not text.strip() and f"{prefix}.{key}" in OPTIONAL:
            continue
        if not text.strip() and prefix in BLOCKS and key in ("platform", "kind", "date"):
            continue  # a choice or a date not given: "missing; …", as in a file
        if prefix == "decision" and key == "decided_on" and not text.strip():
            continue
        table[key] = _value(prefix, key, text)
    return table


def document(form: Form) -> dict[str, Any]:
    """The decision document the form stands for, as :func:`tomllib.loads` would give it."""
    values = form.values

    def section(name: str, keys: tuple[str, ...]) -> dict[str, str]:
        return {k: values[f"{name}.{k}"] for k in keys if f"{name}.{k}" in values}

    decision = _table("decision", DECISION, section("decision", DECISION))
    decision["reasons"] = list(form.reasons)
    doc: dict[str, Any] = {
        "organisation": _table("organisation", ORGANISATION, section("organisation", ORGANISATION)),
        "decision": decision,
    }
    for kind, keys in BLOCKS.items():
        if form.blocks[kind]:
            doc[kind] = [_table(kind, keys, block) for block in form.blocks[kind]]
    if "indicators.track" in values:
        track = [line.strip() for line in values["indicators.track"].split("\n")]
        doc["indicators"] = {"track": [line for line in track if line]}
    return doc


_NUMBERED = re.compile(r"(departure|stay|destination)-(\d+)\Z")
_WHERE_BLOCK = re.compile(r"(departure|stay|destination) #(\d+)(?: (\w+))?")


def field_name(where: str) -> str:
    """The form's name for the field a validator named: 'departure #2 date' is
    'departure-2.date', 'departure #2' the block 'departure-2', 'decision.reasons item 1'
    the field 'decision.reasons'."""
    found = _WHERE_BLOCK.match(where)
    if found:
        block = f"{found.group(1)}-{found.group(2)}"
        return f"{block}.{found.group(3)}" if found.group(3) else block
    return where.split(" ", 1)[0]


def label_of(name: str, labels: Mapping[str, str]) -> str:
    """The label the page shows for the field ``name`` ('departure-2.notice_days' is
    labelled as 'notice_days', the block 'destination-1' by its legend 'Place #1')."""
    block, _dot, key = name.partition(".")
    found = _NUMBERED.match(block)
    if found and key:
        return labels.get(key, key)
    if found:
        return labels[f"{found.group(1)}-n"].format(n=found.group(2))
    return labels.get(name, name)


def quoted(label: str) -> str:
    """A field's label quoted as the language quotes it, to name the field in a message
    that names it first ('{where}: …')."""
    return _("“{label}”").format(label=label)


def named(label: str, problem: str) -> str:
    """A form field's problem as the page says it: the field named by its label, quoted as
    the language quotes ('“Days of notice”: …', '« Jours de préavis » : …')."""
    return _("“{label}”: {problem}").format(label=label, problem=problem)


def problems_by_field(found: Iterable[Problem], labels: Mapping[str, str]) -> dict[str, list[str]]:
    """The validator's problems by the form's field names, each in a form's words (no key
    of the file, no quotes, no '='), naming its field by the label the page shows."""
    out: dict[str, list[str]] = {}
    for problem in found:
        name = field_name(problem.where)
        out.setdefault(name, []).append(named(label_of(name, labels), problem.form))
    return out
