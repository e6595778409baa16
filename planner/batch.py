"""Many decisions at once, for a federation: one kit (or calendar, or folder of picture
cards) per decision file.

Files are built in worker processes (one per core by default); a broken file becomes a
failed result with its reason and never stops the others. The workers write into a new
folder that replaces the output folder as a whole, index page included, under the rule
of :mod:`planner.files`: nothing is half-written, and a folder holding anything planner
did not write is refused before anything is built.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from planner.cards import plan_cards
from planner.decision import load
from planner.drawing import card_files
from planner.errors import PlannerError
from planner.files import Made, fill
from planner.i18n import _
from planner.ics import plan_calendar
from planner.identity import derived_id
from planner.kit import kit_files
from planner.languages import locale_of
from planner.platforms import PLATFORMS
from planner.posts import render_posts
from planner.templating import environment
from planner.timeline import build_plan
from planner.wording import day_date

INDEX = "index.html"  # the page that lists every kit, at the top of the output folder


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one decision file."""

    source: str
    ok: bool
    message: str = ""
    name: str = ""
    language: str = "fr"
    target: str = ""  # relative to the output folder
    dates: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (platform, ISO date)
    key: str = ""  # the plan's key: two files of one batch may not share it
    suggestion: str = ""  # the id a file refused for its key is offered

    @property
    def href(self) -> str:
        """The link to the target from the index: relative, each segment percent-encoded,
        after './' so that nothing in a file name (a colon: 'javascript:…') starts a
        scheme, and '#', '?' or '%' in it stay part of the path."""
        return "./" + "/".join(quote(segment, safe="") for segment in self.target.split("/"))


def usable_name(stem: str) -> bool:
    """True when a file's stem can name a kit or a calendar in the output folder: not
    hidden ('..toml' would name the folder itself, '...toml' its parent), nothing
    unprintable, no backslash (the marker lists names one per line), and not the index
    page's name."""
    return (
        bool(stem)
        and not stem.startswith(".")
        and stem.isprintable()
        and "\\" not in stem
        and stem.casefold() != INDEX
    )


def build_one(source: str, out: str, only: str, stamp: dt.datetime) -> Result:
    """Build one decision's kit or calendar into ``out``, a folder being built; a failure of
    the decision becomes a Result, never an exception. An OSError writing ``out`` (a full
    disk) is raised: every other file would meet it too, and the batch stops."""
    path = Path(source)
    try:
        if not usable_name(path.stem):
            raise PlannerError(
                _(
                    "{file}: this name cannot name a kit or a calendar (it starts with a dot, "
                    "holds an unusual character, or is the index page's); rename the file"
                ).format(file=source)
            )
        plan = build_plan(load(path))
        posts = render_posts(plan)
        if only == "ics":
            target = f"{path.stem}.ics"
            folder, files, mark = Path(out), {target: plan_calendar(plan, posts, stamp)}, False
        elif only == "cards":
            target = f"{path.stem}/"
            folder, files, mark = Path(out) / path.stem, card_files(plan_cards(plan), source), True
        else:
            target = f"{path.stem}/{INDEX}"
            folder, files = Path(out) / path.stem, kit_files(plan, posts, stamp, source)
            mark = True
    except PlannerError as exc:
        line = exc.lines[0] if exc.lines else str(exc)
        return Result(source, False, line if line.startswith(source) else f"{source}: {line}")
    except Exception as exc:  # a bug must not stop the other files; it is reported
        return Result(
            source,
            False,
            _("{file}: internal error ({kind}: {reason})").format(
                file=source, kind=type(exc).__name__, reason=exc
            ),
        )
    fill(folder, files, mark=mark, what=Made(only, plan.key) if mark else None)
    decision = plan.decision
    dates = tuple(
        (PLATFORMS[d.platform].name, d.date.isoformat()) for d in decision.departures
    ) + tuple((PLATFORMS[s.platform].name, s.date.isoformat()) for s in decision.stays)
    return Result(
        source,
        True,
        "",
        decision.organisation.name,
        decision.language,
        target,
        dates,
        plan.key,
        derived_id(decision),
    )


def _one_key(results: Iterator[Result], out: Path) -> Iterator[Result]:
    """The results, each file built with a key an earlier file of the batch already
    built turned into a failure and its output removed: two kits or calendars with one
    key would carry the same calendar UIDs and reminder ids (issue 17)."""
    seen: dict[str, str] = {}
    for result in results:
        if result.ok and result.key in seen:
            built = out / result.target.split("/")[0]
            if built.is_dir():
                shutil.rmtree(built)
            else:
                built.unlink(missing_ok=True)
            result = Result(
                result.source,
                False,
                _(
                    "{file}: the plan '{key}' is already built from {other} in this batch; "
                    'if this file is another plan, give it its own id: add id = "{id}" '
                    "under [decision]; if it is the same plan, keep only one of the two files"
                ).format(
                    file=result.source, key=result.key, other=seen[result.key], id=result.suggestion
                ),
            )
        elif result.ok:
            seen[result.key] = result.source
        yield result


def decision_files(folder: Path) -> list[Path]:
    """The decision files of a folder (``*.toml``, not recursive), in name order."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def run_batch(
    sources: list[Path],
    out: Path,
    only: str,
    stamp: dt.datetime,
    jobs: int | None = None,
) -> Iterator[Result]:
    """Build every file into ``out`` (the folder being built, see
    :func:`planner.files.replacing`), yielding each result in the order of ``sources``;
    a file whose plan key an earlier one has is refused (:func:`_one_key`)."""
    yield from _one_key(_run(sources, out, only, stamp, jobs), out)


def _run(
    sources: list[Path],
    out: Path,
    only: str,
    stamp: dt.datetime,
    jobs: int | None,
) -> Iterator[Result]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(sources) or 1))
    if workers == 1:
        for source in sources:
            yield build_one(str(source), str(out), only, stamp)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            yield from pool.map(
                build_one,
                [str(s) for s in sources],
                [str(out)] * len(sources),
                [only] * len(sources),
                [stamp] * len(sources),
                chunksize=max(1, len(sources) // (workers * 8)),
            )
        finally:  # a full disk stops the batch: the files not started are not built
            pool.shutdown(cancel_futures=True)


def index_page(results: list[Result]) -> bytes:
    """The page that lists every association built, with its dates and its kit."""
    built = sorted((r for r in results if r.ok), key=lambda r: r.name.lower())
    languages = [r.language for r in built] or ["fr"]
    language = max(set(languages), key=languages.count)
    page = (
        environment(html=True)
        .get_template("batch-index.html.j2")
        .render(
            language=language,
            day=lambda iso: day_date(dt.date.fromisoformat(iso), locale_of(language, None)),
            results=built,
            failed=[r for r in results if not r.ok],
        )
    )
    return page.encode("utf-8")


def summarise(results: list[Result]) -> list[str]:
    """The closing lines: how many were built, then one line per failed file (naming it)."""
    failed = [r for r in results if not r.ok]
    lines = [
        _("Built {built} of {total}; {failed} failed.").format(
            built=len(results) - len(failed), total=len(results), failed=len(failed)
        )
    ]
    lines += [r.message for r in sorted(failed, key=lambda r: r.source)]
    return lines
