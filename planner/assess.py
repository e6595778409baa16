"""The self-assessment: answers to the eight themes, read from TOML, and the report.

The report lays out, theme by theme, what points towards leaving, what points towards
staying, what is worth looking into (counted neither way), what the collective does not
know yet (with how to find out), whether it decides without recent figures (missing
evidence), and the one to three indicators to follow monthly. It never decides: the
collective does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from babel.numbers import format_decimal

from planner import fields
from planner.content import LANGUAGES, locale_of, words
from planner.decision import REASONS
from planner.errors import DecisionError
from planner.files import SIGNATURE_MARKDOWN
from planner.i18n import _
from planner.inputs import read_toml
from planner.platforms import LEAVABLE, PLATFORMS
from planner.questions import (
    CHOICES,
    QUESTIONS,
    THEMES,
    Question,
)
from planner.templating import environment
from planner.wording import french_spacing, long_date

DECISIONS = ("leave", "stay")
SIDES = (
    "leave",
    "stay",
    "study",
    "figure",
    "ready",
    "prepare",
    "evidence",
    "missing",
    "indicators",
    "unknown",
)


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: a choice (yes … unknown) or a number for figures; an optional note."""

    value: str | float | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """An assessment, complete or in progress."""

    organisation: str
    platform: str
    language: str
    date: dt.date
    answers: dict[str, Answer] = field(default_factory=dict)
    indicators: tuple[str, ...] = ()
    decision: str | None = None
    complete: bool = False


def load_answers(path: Path) -> Assessment:
    """Read and validate an answers file; every problem is reported with its field."""
    return answers_from(read_toml(path), str(path))


def answers_from(document: dict[str, Any], source: str) -> Assessment:
    """Validate an answers document (a file's, or the web app's form), named ``source``."""
    problems = fields.Problems(source)
    fields.unknown_keys(document, ("assessment", "answers", "indicators"), "", problems)
    head = fields.table(document, "assessment", problems)
    fields.unknown_keys(
        head,
        ("organisation", "platform", "language", "date", "complete", "decision"),
        "assessment.",
        problems,
    )
    organisation = fields.string(
        head.get("organisation", fields.MISSING), "assessment.organisation", problems, required=True
    )
    platform = fields.choice(
        head.get("platform", fields.MISSING),
        LEAVABLE,
        "assessment.platform",
        problems,
        default=None,
    )
    language = fields.choice(
        head.get("language", fields.MISSING),
        LANGUAGES,
        "assessment.language",
        problems,
        default="fr",
    )
    date = fields.date(head.get("date", fields.MISSING), "assessment.date", problems)
    decision = (
        fields.choice(head["decision"], DECISIONS, "assessment.decision", problems, default=None)
        if "decision" in head
        else None
    )
    complete = head.get("complete", True)
    if not isinstance(complete, bool):
        problems.add("assessment.complete", _("must be true or false"))
    answers = _answers(fields.table(document, "answers", problems), problems)
    indicators = fields.table(document, "indicators", problems).get("track", [])
    track = fields.list_of(
        indicators,
        "indicators.track",
        problems,
        lambda v, w: fields.string(v, w, problems, required=True, max_len=120),
    )
    if len(track) > 3:
        problems.add(
            "indicators.track",
            _("has {count} indicators; keep one to three").format(count=len(track)),
        )
    if problems.lines:
        raise DecisionError(problems.lines, problems.found)
    assert organisation and platform and language and date
    return Assessment(
        organisation, platform, language, date, answers, tuple(track), decision, bool(complete)
    )


def _answers(table: dict[str, Any], problems: fields.Problems) -> dict[str, Answer]:
    out = {}
    for key, raw in table.items():
        where = f"answers.{key}"
        question = QUESTIONS.get(key)
        if question is None:
            close = difflib.get_close_matches(key, list(QUESTIONS), n=1)
            hint = _("; did you mean '{name}'?").format(name=close[0]) if close else ""
            problems.add(where, _("unknown question") + hint)
            continue
        if question.lean == "indicators":
            problems.add(where, _("write the indicators under [indicators], as track = [...]"))
            continue
        note = None
        if isinstance(raw, dict):
            note = fields.string(
                raw.get("note", fields.MISSING),
                f"{where}.note",
                problems,
                required=False,
                max_len=1000,
                multiline=True,
            )
            raw = raw.get("answer", None)
        if question.lean == "figure":
            if raw == "unknown":  # what answers_document writes for a figure left blank
                raw = None
            if raw is not None and (
                not isinstance(raw, int | float) or isinstance(raw, bool) or raw < 0
            ):
                problems.add(
                    where,
                    _('must be a number (0 or more), or "unknown"'),
                    _("must be a number (0 or more); leave it empty when you do not know it"),
                )
                continue
            out[key] = Answer(float(raw) if raw is not None else None, note)
        else:
            value = fields.choice(raw, CHOICES, where, problems, default=None)
            if value is not None:
                out[key] = Answer(value, note)
    return out


def answers_document(assessment: Assessment) -> str:
    """The assessment as an answers file (TOML), to save progress or share before a meeting."""
    head: dict[str, Any] = {
        "organisation": assessment.organisation,
        "platform": assessment.platform,
        "language": assessment.language,
        "date": assessment.date,
        "complete": assessment.complete,
    }
    if assessment.decision:
        head["decision"] = assessment.decision
    answers: dict[str, Any] = {}
    for key, answer in assessment.answers.items():
        value: Any = "unknown" if answer.value is None else answer.value
        answers[key] = {"answer": value, "note": answer.note} if answer.note else value
    document: dict[str, Any] = {"assessment": head, "answers": answers}
    if assessment.indicators:
        document["indicators"] = {"track": list(assessment.indicators)}
    return tomli_w.dumps(document)


def side(question: Question, answer: Answer | None) -> str:
    """Where an answer points: leave, stay, study (neither way), ready, prepare, evidence,
    missing (evidence), unknown, or figure."""
    if answer is None or answer.value in (None, "unknown"):
        return "unknown"
    if question.lean in ("figure", "study"):
        return question.lean
    positive = answer.value in ("yes", "rather-yes")
    if question.lean == "ready":
        return "ready" if positive else "prepare"
    if question.lean == "evidence":
        return "evidence" if positive else "missing"
    return {
        ("stay", True): "stay",
        ("stay", False): "leave",
        ("leave", True): "leave",
        ("leave", False): "stay",
    }[(question.lean, positive)]


def reasons(assessment: Assessment, toward: str = "leave") -> tuple[str, ...]:
    """The themes (among the decision file's reasons) where more answers point ``toward``
    leaving (or staying) than the other way."""
    other = "stay" if toward == "leave" else "leave"
    out = []
    for theme in THEMES:
        if theme.key not in REASONS:
            continue
        sides = [side(x, assessment.answers.get(x.id)) for x in theme.questions]
        if sides.count(toward) > sides.count(other):
            out.append(theme.key)
    return tuple(out)


def report_context(assessment: Assessment, *, web: bool = False) -> dict[str, Any]:
    """What the report says, theme by theme, as the report templates take it (the
    Markdown of the command line and the HTML of the web app read the same); with
    ``web``, how to find out is said in the web app's words where they differ."""
    language = assessment.language
    said = words(language)
    themes = []
    totals = dict.fromkeys(SIDES, 0)
    for theme in THEMES:
        rows: dict[str, list[dict[str, Any]]] = {k: [] for k in SIDES}
        for question in theme.questions:
            text, find_out = said.questions[question.id]
            if web:
                find_out = said.web_find_out.get(question.id, find_out)
            answer = assessment.answers.get(question.id)
            if question.lean == "indicators":
                # Answered by the [indicators] table: the indicators themselves.
                where = "indicators" if assessment.indicators else "unknown"
                find_out = find_out.format(examples=", ".join(said.suggested_indicators))
            else:
                where = side(question, answer)
            totals[where] += 1
            value = answer.value if answer else None
            if isinstance(value, float):
                number = format_decimal(value, locale=language)
                shown = f"{number} {said.units.get(question.id, '')}".strip()
            else:
                shown = said.choices.get(str(value), "")
            rows[where].append(
                {
                    "text": text,
                    "answer": shown,
                    "note": answer.note if answer else None,
                    "find_out": find_out,
                }
            )
        themes.append({"title": said.themes[theme.key], "rows": rows})
    return {
        "organisation": assessment.organisation,
        "platform": PLATFORMS[assessment.platform].name,
        "date": long_date(assessment.date, locale_of(language, None)),
        "complete": assessment.complete,
        "themes": themes,
        "totals": totals,
        "indicators": list(assessment.indicators),
        "decision": assessment.decision,
    }


def report(assessment: Assessment) -> str:
    """The report, in Markdown, in the assessment's language; its next steps are commands
    of planner (``planner new --from``), since the file goes with the command line."""
    language = assessment.language
    text = environment().get_template(f"{language}/report.md.j2").render(report_context(assessment))
    text = french_spacing(text) if language == "fr" else text
    return f"{text.rstrip()}\n\n{SIGNATURE_MARKDOWN}\n"  # planner's own: replaced by a new run


def report_html(assessment: Assessment, *, plan_url: str, decide_url: str) -> str:
    """The same report as an HTML fragment (escaped), for the web app: headings and lists
    as HTML, and next steps in the app's own actions instead of commands: ``plan_url``
    opens the decision form filled from the answers, ``decide_url`` the question where the
    collective's decision is recorded."""
    language = assessment.language
    text = (
        environment(html=True)
        .get_template(f"{language}/report.html.j2")
        .render(report_context(assessment, web=True), plan_url=plan_url, decide_url=decide_url)
    )
    # Safe on this markup: only a space before : ; ! ? » % or after « changes, and the
    # template's tags and the escaped entities hold none.
    return french_spacing(text) if language == "fr" else text
