"""The decision file that ``planner new`` writes: commented, in the decision's language.

The questions are asked by :mod:`planner.prompts`; this module turns the answers (a
:class:`~planner.decision.Decision`) into the text of the file, from the
``<lang>/decision.toml.j2`` template, and checks that the text loads back.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from babel.lists import format_list

from planner.decision import Decision, Departure, Stay, validate
from planner.identity import derived_id
from planner.platforms import PLATFORMS
from planner.templating import environment

# The column where the comment after a line starts (0-based): past the longest line the
# templates comment, `# reasons = ["values", "resources"]`, whatever the values typed.
COMMENT_COLUMN = 39
_BEFORE_COMMENT = re.compile(r"\s+# ")


def new_document(decision: Decision, filename: str) -> str:
    """A commented decision file, in the decision's language, that loads back to ``decision``.

    Used by ``planner new`` and by the web app; writes every field of the decision; the
    comments follow what was chosen (leaving or staying, and which platforms). The plan's
    id is written once, here, derived from the decision (:func:`~planner.identity.derived_id`).
    """

    def block(entry: Departure | Stay | None) -> dict[str, Any] | None:
        if entry is None:
            return None
        record: dict[str, Any] = {
            "platform": entry.platform,
            "platform_name": PLATFORMS[entry.platform].name,
            "account": entry.account,
            "date": entry.date.isoformat(),
        }
        if isinstance(entry, Departure):
            record.update(notice_days=entry.notice_days, after=entry.after)
        return record

    leaving = [block(d) for d in decision.departures]
    staying = [block(s) for s in decision.stays]
    names = [entry["platform_name"] for entry in leaving or staying if entry]
    text = align_comments(
        environment()
        .get_template(f"{decision.language}/decision.toml.j2")
        .render(
            filename=Path(filename).name,
            id=decision.id or derived_id(decision),
            organisation=decision.organisation,
            decided_on=decision.decided_on.isoformat(),
            assessed_on=decision.assessed_on.isoformat() if decision.assessed_on else None,
            reasons=list(decision.reasons),
            language=decision.language,
            timezone=decision.timezone,
            post_time=decision.post_time.strftime("%H:%M:%S"),
            country=decision.country,
            subdivision=decision.subdivision,
            review_months=decision.review_months,
            departures=leaving,
            stays=staying,
            statement=decision.statement,
            platform_names=format_list(names, locale=decision.language),
            destinations=decision.destinations,
            indicators=list(decision.indicators),
        )
    )
    # What we write must load back, to the same decision (with its id).
    if validate(tomllib.loads(text), filename) != replace(
        decision, id=decision.id or derived_id(decision)
    ):
        raise AssertionError(f"{filename}: the written decision does not load back the same")
    return text


def align_comments(text: str) -> str:
    """Start every comment that follows a setting (or a commented-out one) in one column,
    whatever the width of the values typed; a ``#`` inside a quoted value is not one."""
    return "\n".join(_aligned(line) for line in text.split("\n"))


def _aligned(line: str) -> str:
    for found in _BEFORE_COMMENT.finditer(line):
        code = line[: found.start()]
        if code == "]" or _is_setting(code.removeprefix("# ")):  # "]": a list's end
            return f"{code.ljust(COMMENT_COLUMN - 2)}  {line[found.end() - 2 :]}"
    return line


def _is_setting(code: str) -> bool:
    """Whether ``code`` is a whole TOML line (a key and its value, or a table's header)."""
    try:
        tomllib.loads(code)
    except tomllib.TOMLDecodeError:
        return False
    return bool(code.strip())
