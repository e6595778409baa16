"""Golden files: what users read and paste, compared byte for byte (`make golden` rewrites)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.decision import load
from planner.timeline import build_plan
from planner.views import plan_json, plan_markdown, plan_text

from .conftest import EXAMPLES, Golden

RENDERERS = {"txt": plan_text, "json": plan_json, "md": plan_markdown}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_plan_matches_golden(path: Path, fmt: str, golden: Golden) -> None:
    """`planner plan` output for every example and format is what was reviewed."""
    golden.check(f"plan/{path.stem}.{fmt}", RENDERERS[fmt](build_plan(load(path))))
