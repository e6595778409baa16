"""Mutation testing of a few modules, each mutant in a fresh Python process.

Usage: ``python scripts/mutation.py [-j JOBS] [MODULE ...]`` (``make mutation``), from the
project root, with planner's test tools installed. Without MODULE, every module of
TARGETS.

Each mutant is one small change to one module (an arithmetic operator, a comparison, a
boolean operator, a ``not`` dropped, a constant changed), made with ``ast``. It is written
into a temporary copy of the project, and that module's test files run in a new
``python -m pytest -x -q -p no:cacheprovider`` process, with a timeout: the length
counters keep their tables in module globals and ``functools.cache``, so a mutant must
not inherit a process where the original module already ran. A mutant is killed when the
tests fail, survives when they pass, and times out when they run over three times the
unmutated run (counted as caught in the score).

Why our own script rather than a library (looked at when it was written):

- mutmut 3 runs each mutant in a process forked from a parent that has already imported
  and run the code: not a fresh process, and the cached tables would leak into it.
- mutmut 2 (the line before, no longer developed) and cosmic-ray 8 do start a process per
  mutant, but both write the mutant over the file in the working tree (restored
  afterwards, unless the run is killed) rather than into a copy, and cosmic-ray replaces
  each operator by every other one and counts a timeout as a kill: several times the runs
  for the same findings, on a machine whose two cores are shared, and no timeout count.

Hypothesis runs with a fixed seed and no example database kept between mutants, so that
two runs on the same code give the same survivors.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from typing import NamedTuple

# The modules to mutate and the test files that hold their behaviour, fastest first (the
# run stops at the first failure). The only place to change when modules move.
TARGETS: dict[str, tuple[str, ...]] = {
    "planner/timeline.py": (
        "tests/test_timeline.py",
        "tests/test_days.py",
        "tests/test_platforms.py",
        "tests/test_identity.py",
    ),
    "planner/campaigns.py": (
        "tests/test_timeline.py",
        "tests/test_days.py",
    ),
    "planner/lengths/__init__.py": ("tests/test_lengths.py", "tests/test_xtext.py"),
    "planner/lengths/x.py": ("tests/test_lengths.py", "tests/test_xtext.py"),
}

ROOT = Path(__file__).resolve().parent.parent
# What the tests of TARGETS read: the package, its templates, examples and test data.
COPIED = ("planner", "templates", "examples", "tests", "pyproject.toml")
PYTEST = ("-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0")

BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
    ast.BitXor: ast.BitAnd,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
}
COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
SYMBOL = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
    ast.LShift: "<<", ast.RShift: ">>", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
    ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not",
    ast.In: "in", ast.NotIn: "not in", ast.And: "and", ast.Or: "or",
}  # fmt: skip


class Mutant(NamedTuple):
    module: str
    line: int
    change: str
    source: str


def _skipped(tree: ast.Module) -> set[int]:
    """Nodes whose change cannot change behaviour: docstrings, annotations, Literal[...]."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = body[0] if body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip(first)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            skip(node.returns)
        if isinstance(node, ast.arg | ast.AnnAssign):
            skip(node.annotation)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("Literal", "NamedTuple"):
            skip(node)
    return skipped


def _sites(tree: ast.Module) -> Iterator[tuple[ast.AST, int, int, str]]:
    """(node, option, line, change) for every change, in a fixed order for a given source."""
    skipped = _skipped(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINARY:
            new = BINARY[type(node.op)]
            yield node, 0, line, f"{SYMBOL[type(node.op)]} -> {SYMBOL[new]}"
        elif isinstance(node, ast.Compare):
            for index, op in enumerate(node.ops):
                yield node, index, line, f"{SYMBOL[type(op)]} -> {SYMBOL[COMPARE[type(op)]]}"
        elif isinstance(node, ast.BoolOp):
            new = ast.Or if isinstance(node.op, ast.And) else ast.And
            yield node, 0, line, f"{SYMBOL[type(node.op)]} -> {SYMBOL[new]}"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, 0, line, f"not {ast.unparse(node.operand)[:40]} -> drop the not"
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool | int | float | str):
            yield node, 0, line, f"{_short(node.value)} -> {_short(_changed(node.value))}"


def _changed(value: bool | float | str) -> bool | float | str:
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return f"XX{value}XX"
    return value + 1


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _apply(node: ast.AST, option: int) -> None:
    if isinstance(node, ast.BinOp | ast.AugAssign):
        node.op = BINARY[type(node.op)]()
    elif isinstance(node, ast.Compare):
        node.ops[option] = COMPARE[type(node.ops[option])]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.UnaryOp):
        node.operand = ast.UnaryOp(ast.Not(), node.operand)  # not not x: the truth of x
    elif isinstance(node, ast.Constant):
        node.value = _changed(node.value)


def mutants(module: str) -> list[Mutant]:
    """Every mutant of ``module`` (a path from the project root) that changes its code."""
    source = (ROOT / module).read_text("utf-8")
    original = ast.unparse(ast.parse(source))
    count = sum(1 for _ in _sites(ast.parse(source)))
    found: list[Mutant] = []
    seen = {original}
    for k in range(count):
        tree = ast.parse(source)
        node, option, line, change = next(s for i, s in enumerate(_sites(tree)) if i == k)
        _apply(node, option)
        mutated = ast.unparse(tree)
        if mutated not in seen:
            seen.add(mutated)
            found.append(Mutant(module, line, change, mutated))
    return sorted(found, key=lambda m: m.line)


def _run_tests(copy: Path, tests: tuple[str, ...], timeout: float) -> str:
    """'killed', 'survived' or 'timeout', from a fresh pytest process in ``copy``."""
    shutil.rmtree(copy / ".hypothesis", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            [sys.executable, *PYTEST, *tests],
            cwd=copy,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "survived" if done.returncode == 0 else "killed"


def _copy_project(into: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", ".hypothesis")
            shutil.copytree(source, into / name, ignore=ignore)
        else:
            shutil.copy2(source, into / name)
    return into


def run_module(module: str, jobs: int, work: Path) -> bool:
    """Mutate ``module``, run its tests on every mutant, print the summary; False if the
    unmutated tests fail."""
    tests = TARGETS[module]
    copies: Queue[Path] = Queue()
    for index in range(jobs):
        copies.put(_copy_project(work / f"{Path(module).stem}-{index}"))
    copy = copies.get()
    started = time.monotonic()
    if _run_tests(copy, tests, timeout=600) != "survived":
        print(f"{module}: the tests fail without any mutant; nothing measured", flush=True)
        return False
    timeout = 3 * (time.monotonic() - started) + 5
    copies.put(copy)
    found = mutants(module)
    print(f"{module}: {len(found)} mutants, tests {' '.join(tests)}", flush=True)

    def one(mutant: Mutant) -> str:
        copy = copies.get()
        target = copy / module
        original = target.read_text("utf-8")
        try:
            target.write_text(mutant.source, "utf-8")
            return _run_tests(copy, tests, timeout)
        finally:
            target.write_text(original, "utf-8")
            copies.put(copy)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(one, found))
    killed, survived, timed_out = (outcomes.count(o) for o in ("killed", "survived", "timeout"))
    score = 100 * (killed + timed_out) / len(found) if found else 100.0
    print(
        f"{module}: mutants {len(found)}, killed {killed}, survived {survived}, "
        f"timed out {timed_out}, score {score:.1f} %"
    )
    for mutant, outcome in zip(found, outcomes, strict=True):
        if outcome == "survived":
            print(f"  survived {mutant.module}:{mutant.line}  {mutant.change}")
    sys.stdout.flush()
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("modules", nargs="*", default=list(TARGETS), help="default: all")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="mutants run at once")
    options = parser.parse_args()
    unknown = [m for m in options.modules if m not in TARGETS]
    if unknown:
        parser.error(f"not in TARGETS: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="planner-mutation-") as work:
        results = [run_module(m, options.jobs, Path(work)) for m in options.modules]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
