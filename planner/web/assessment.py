"""The self-assessment in the browser: saved as it is answered, resumable, its report, and
a plan made from it.

The answers are kept as the answers file ``planner assess`` writes
(:func:`planner.assess.answers_document`) and checked by the same validation
(:func:`planner.assess.answers_from`); the report is the command's, as HTML, with the
app's links where the command's says what to type (:func:`planner.assess.report_html`). "Create
the plan" opens the decision form filled as ``planner new --from`` fills it: the
organisation, the platform (left, or kept when the collective decided to stay), the
language, the reasons the answers point to and the indicators.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner.assess import (
    DECISIONS,
    Answer,
    Assessment,
    answers_document,
    answers_from,
    reasons,
    report_html,
)
from planner.content import words
from planner.errors import DecisionError
from planner.i18n import _
from planner.identity import slug
from planner.languages import LANGUAGES
from planner.platforms import LEAVABLE, PLATFORMS
from planner.prompts import system_timezone
from planner.questions import CHOICES, THEMES
from planner.web import forms
from planner.web.core import Web


def load(web: Web, assessment_id: str) -> Assessment:
    """The stored assessment, or 404."""
    document = web.store.assessment(assessment_id)
    if document is None:
        raise HTTPException(
            404, _("There is no self-assessment '{id}' here.").format(id=assessment_id)
        )
    return answers_from(tomllib.loads(document), f"{assessment_id}.toml")


def number(text: str) -> Any:
    """A figure as typed ('12,5', '30 %'): a number when it reads as one, else the text
    (which the validation refuses with its own message)."""
    cleaned = text.strip().replace(",", ".").rstrip("%").strip()
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        value = float(cleaned)
        return int(value) if value.is_integer() else value
    return text


def document_of(head: Assessment, form: FormData) -> dict[str, Any]:
    """The answers document from the questionnaire's fields."""
    answers: dict[str, Any] = {}
    for theme in THEMES:
        for question in theme.questions:
            if question.lean == "indicators":
                continue
            raw = str(form.get(f"answer.{question.id}", "")).strip()
            note = str(form.get(f"note.{question.id}", "")).replace("\r\n", "\n").strip()
            value: Any = None
            if raw:
                value = number(raw) if question.lean == "figure" and raw != "unknown" else raw
            elif note and question.lean != "figure":
                value = "unknown"
            if value is None and not note:
                continue
            answers[question.id] = {"answer": value, "note": note} if note else value
            if value is None:
                answers[question.id] = {"note": note}
    head_table: dict[str, Any] = {
        "organisation": head.organisation,
        "platform": head.platform,
        "language": head.language,
        "date": head.date,
        "complete": form.get("complete") == "yes",
    }
    decision = form.get("decision")
    if decision in DECISIONS:
        head_table["decision"] = decision
    track = [line.strip() for line in str(form.get("indicators", "")).splitlines()]
    document: dict[str, Any] = {"assessment": head_table, "answers": answers}
    if any(track):
        document["indicators"] = {"track": [t for t in track if t]}
    return document


def routes(web: Web) -> list[BaseRoute]:
    """The routes of the self-assessment."""

    def listing(request: Request, status: int = 200, problem: str | None = None) -> Response:
        rows = []
        for assessment_id, document, changed in web.store.assessments():
            head = tomllib.loads(document).get("assessment", {})
            rows.append({"id": assessment_id, "head": head, "changed": changed})
        return web.page(
            request,
            "assessments.html.j2",
            status,
            rows=rows,
            platforms=[(p, PLATFORMS[p].name) for p in LEAVABLE],
            problem=problem,
        )

    async def index(request: Request) -> Response:
        return listing(request)

    async def create(request: Request) -> Response:
        form = await web.form(request)
        organisation = str(form.get("organisation", ""))
        platform = str(form.get("platform", ""))
        language = str(form.get("language", request.state.language))
        head = {
            "organisation": organisation,
            "platform": platform,
            "language": language if language in LANGUAGES else "fr",
            "date": web.now().date(),
            "complete": False,
        }
        try:
            assessment = answers_from({"assessment": head}, "assessment")
        except DecisionError as exc:
            return listing(request, 400, "\n".join(p.form for p in exc.fields))
        base = f"{slug(organisation)[:40].strip('-') or 'assessment'}-{platform}"
        known = {row[0] for row in web.store.assessments()}
        assessment_id = base
        counter = 2
        while assessment_id in known:
            assessment_id = f"{base}-{counter}"
            counter += 1
        web.store.save_assessment(assessment_id, answers_document(assessment), web.now())
        return RedirectResponse(f"/assessments/{assessment_id}", 303)

    def questionnaire(
        request: Request,
        assessment_id: str,
        assessment: Assessment,
        status: int = 200,
        problems: dict[str, list[str]] | None = None,
        typed: FormData | None = None,
    ) -> Response:
        said = words(assessment.language)
        themes = []
        for theme in THEMES:
            items = []
            for question in theme.questions:
                answer = assessment.answers.get(question.id, Answer(None))
                value = answer.value
                if typed is not None:
                    shown = str(typed.get(f"answer.{question.id}", ""))
                    note = str(typed.get(f"note.{question.id}", ""))
                else:
                    shown = (
                        ""
                        if value is None and question.id not in assessment.answers
                        else "unknown"
                        if value is None
                        else f"{value:g}"
                        if isinstance(value, float)
                        else str(value)
                    )
                    note = answer.note or ""
                text, find_out = said.questions[question.id]
                find_out = said.web_find_out.get(question.id, find_out)
                items.append(
                    {
                        "id": question.id,
                        "lean": question.lean,
                        "text": text,
                        "find_out": find_out.replace(
                            "{examples}", ", ".join(said.suggested_indicators)
                        ),
                        "value": shown,
                        "note": note,
                        "unit": said.units.get(question.id, ""),
                        "problems": (problems or {}).get(f"answers.{question.id}", []),
                    }
                )
            themes.append({"key": theme.key, "title": said.themes[theme.key], "questions": items})
        return web.page(
            request,
            "assessment.html.j2",
            status,
            assessment_id=assessment_id,
            assessment=assessment,
            themes=themes,
            choices=[(c, said.choices[c]) for c in CHOICES],
            decisions=[(d, said.decisions[d]) for d in DECISIONS],
            platform=PLATFORMS[assessment.platform].name,
            indicators=(
                str(typed.get("indicators", ""))
                if typed is not None
                else "\n".join(assessment.indicators)
            ),
            decision=str(typed.get("decision", "")) if typed is not None else assessment.decision,
            complete=(typed.get("complete") == "yes") if typed is not None else assessment.complete,
            problems=problems or {},
        )

    async def show(request: Request) -> Response:
        assessment_id = request.path_params["id"]
        return questionnaire(request, assessment_id, load(web, assessment_id))

    async def save(request: Request) -> Response:
        form = await web.form(request)
        assessment_id = request.path_params["id"]
        current = load(web, assessment_id)
        document = document_of(current, form)
        try:
            assessment = answers_from(document, f"{assessment_id}.toml")
        except DecisionError as exc:
            by_field: dict[str, list[str]] = {}
            for problem in exc.fields:
                by_field.setdefault(problem.where.split(" ", 1)[0], []).append(problem.form)
            return questionnaire(request, assessment_id, current, 400, by_field, form)
        web.store.save_assessment(assessment_id, answers_document(assessment), web.now())
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"saved": len(assessment.answers)})
        target = "report" if form.get("action") == "report" else ""
        return RedirectResponse(
            f"/assessments/{assessment_id}{'/' + target if target else ''}?done=saved", 303
        )

    async def show_report(request: Request) -> Response:
        assessment_id = request.path_params["id"]
        assessment = load(web, assessment_id)
        html = report_html(
            assessment,
            plan_url=f"/assessments/{assessment_id}/plan",
            decide_url=f"/assessments/{assessment_id}#decision",
        )
        return web.page(
            request,
            "report.html.j2",
            assessment_id=assessment_id,
            assessment=assessment,
            report=Markup(html),  # escaped by its own template
        )

    async def answers(request: Request) -> Response:
        """The answers file, as `planner assess --answers` reads it."""
        assessment_id = request.path_params["id"]
        document = web.store.assessment(assessment_id)
        if document is None:
            raise HTTPException(
                404, _("There is no self-assessment '{id}' here.").format(id=assessment_id)
            )
        return Response(
            document,
            media_type="application/toml; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="{assessment_id}.toml"',
                "cache-control": "no-store",
            },
        )

    async def plan(request: Request) -> Response:
        """The decision form of a new plan, filled from the assessment."""
        assessment = load(web, request.path_params["id"])
        staying = assessment.decision == "stay"
        form = forms.blank(web.now().date(), assessment.language, system_timezone({}))
        form.values["organisation.name"] = assessment.organisation
        form.values["decision.assessed_on"] = assessment.date.isoformat()
        form.values["indicators.track"] = "\n".join(assessment.indicators)
        form.reasons = list(reasons(assessment, toward="stay" if staying else "leave"))
        if staying:
            form.blocks["departure"] = []
            form.add("stay")
            form.blocks["stay"][0]["platform"] = assessment.platform
        else:
            form.blocks["departure"][0]["platform"] = assessment.platform
        return web.decision_page(request, form, key=None)

    return [
        Route("/assessments", index),
        Route("/assessments", create, methods=["POST"]),
        Route("/assessments/{id}", show),
        Route("/assessments/{id}", save, methods=["POST"]),
        Route("/assessments/{id}/report", show_report),
        Route("/assessments/{id}/plan", plan),
        Route("/assessments/{id}/answers.toml", answers),
    ]
