"""The import graph of planner: one way, from the command line down to the core, no cycle.

Front ends (the command line and its prompts) may import features and core; a feature
imports features and core, never a front end; the core imports only the core. Read from
the source with ``ast``, imports inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "planner"

FRONT = {
    "planner.cli",
    "planner.prompts",
    "planner.terminal",
    "planner.__main__",
    "planner.web",
    "planner.web.app",
    "planner.web.activity",
    "planner.web.assessment",
    "planner.web.calendar",
    "planner.web.channels",
    "planner.web.core",
    "planner.web.forms",
    "planner.web.posting",
    "planner.web.security",
    "planner.web.server",
    "planner.web.store",
    "planner.web.schema",
    "planner.web.database",
    "planner.web.hosted",
    "planner.web.migrations",
    "planner.web.migrations.env",
    "planner.web.migrations.versions",
    "planner.web.migrations.versions.v1_hosted",
    "planner.web.migrations.versions.v2_accounts",
    "planner.web.migrations.versions.v3_posting",
    "planner.web.migrations.versions.v4_tick_codes",
    "planner.web.migrations.versions.v5_invitation_address",
    "planner.web.hosted_posts",
    "planner.web.accounts",
    "planner.web.people",
    "planner.web.scheduler",
    "planner.web.invitations",
    "planner.web.destinations",
}
CORE = {
    "planner",
    "planner.errors",
    "planner.i18n",
    "planner.content",
    "planner.languages",
    "planner.content.en",
    "planner.content.fr",
    "planner.platforms",
    "planner.fields",
    "planner.durations",
    "planner.decision",
    "planner.identity",
    "planner.questions",
    "planner.timeline",
    "planner.posts",
    "planner.days",
    "planner.campaigns",
    "planner.advice",
    "planner.countries",
    "planner.zones",
    "planner.public_holidays",
    "planner.lengths",
    "planner.lengths.simple",
    "planner.lengths.x",
    "planner.lengths.x_data",
    "planner.lengths.x_emoji",
    "planner.wording",
    "planner.templating",
    "planner.sandbox",
    "planner.template_limits",
    "planner.files",
    "planner.inputs",
    "planner.cache",
    "planner._version",
    "planner.characters",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """The planner modules a file imports (``from planner.x import y`` counts y when y is a
    module of its own)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module in known:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & known
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(path, known) - {name} for name, path in found.items()}


def layer(name: str) -> int:
    return 2 if name in FRONT else 0 if name in CORE else 1


def test_every_module_has_a_layer() -> None:
    """The lists above name real modules (a renamed module must be placed again), and
    every module of the web app is a front end."""
    assert set(modules()) >= (FRONT | CORE)
    assert {m for m in modules() if m.startswith("planner.web")} <= FRONT


def test_imports_go_one_way() -> None:
    """No module imports one of a higher layer: the core never imports a feature or the
    command line, a feature never imports the command line."""
    upward = [
        f"{a} -> {b}" for a, targets in graph().items() for b in targets if layer(b) > layer(a)
    ]
    assert upward == []


def test_no_cycle() -> None:
    """The import graph has no cycle (a package's __init__ importing its own submodules
    is the only allowed loop: Python loads a submodule's package first)."""
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if name.startswith(target + "."):  # a submodule reaching its own package
                continue
            if state.get(target) == 1:
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def top_packages(path: Path) -> set[str]:
    """The top-level packages a file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_core_never_imports_click() -> None:
    """The core and the features never import click: only a front end talks to a person."""
    offenders = [
        name
        for name, path in modules().items()
        if layer(name) < 2 and "click" in top_packages(path)
    ]
    assert offenders == []
