"""The self-assessment's questions, in eight themes: their order and which way each leans.

Written in the project's own words after the themes of the article « Partir ou rester sur
les réseaux sociaux ? » (Un grain de sel, March 2025): the association's values; how well
the network reaches its audiences and brings concrete results; reliability and the
safety of data; the time and people it takes; the alternatives; how the association is
perceived for being there; how it would leave; how it evaluates its results.

Each question says which way a "yes" points: ``stay`` (a yes is a reason to stay),
``leave`` (a yes is a reason to leave), ``study`` (a yes is an opportunity to look into,
a reason neither to leave nor to stay: the article presents the open networks' engaged
public so), ``ready`` (a yes means the association is ready to leave well; a no is
something to prepare), ``evidence`` (a yes means the collective decides with recent
figures; a no is missing evidence), ``figure`` (a number), or ``indicators`` (the answer
is the one to three indicators the collective will follow, kept in the answers file's
``[indicators]`` table rather than under ``[answers]``). The wording of each question,
and how to answer a "don't know", are in each language's content module
(``planner/content/<language>.py``, ``QUESTIONS``), under the question's id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the assessment: ``<theme>.<name>``, and which way a yes points."""

    id: str
    lean: str  # stay | leave | study | ready | evidence | figure | indicators


@dataclass(frozen=True, slots=True)
class Theme:
    """One of the eight themes, with its questions."""

    key: str
    questions: tuple[Question, ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "values",
        (
            Question("values.aligned", "stay"),
            Question("values.ethics", "stay"),
        ),
    ),
    Theme(
        "effectiveness",
        (
            Question("effectiveness.reach", "stay"),
            Question("effectiveness.engaged", "figure"),
            Question("effectiveness.results", "stay"),
            Question("effectiveness.impact", "stay"),
        ),
    ),
    Theme(
        "reliability",
        (
            Question("reliability.steady", "stay"),
            Question("reliability.data", "stay"),
        ),
    ),
    Theme(
        "resources",
        (
            Question("resources.capacity", "stay"),
            Question("resources.hours", "figure"),
            Question("resources.worth", "stay"),
        ),
    ),
    Theme(
        "alternatives",
        (
            Question("alternatives.better", "leave"),
            Question("alternatives.offline", "leave"),
            Question("alternatives.open_networks", "study"),
        ),
    ),
    Theme(
        "image",
        (
            Question("image.perceived", "stay"),
            Question("image.controversy", "leave"),
        ),
    ),
    Theme(
        "leaving",
        (
            Question("leaving.tell", "ready"),
            Question("leaving.elsewhere", "ready"),
        ),
    ),
    Theme(
        "evaluation",
        (
            Question("evaluation.recent", "evidence"),
            Question("evaluation.indicators", "indicators"),
        ),
    ),
)

QUESTIONS: dict[str, Question] = {x.id: x for t in THEMES for x in t.questions}

# The answers a person can give, from most "yes" to "don't know".
CHOICES = ("yes", "rather-yes", "rather-no", "no", "unknown")
