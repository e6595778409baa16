"""Speed side by side, for `make bench`: one kit, and 1,000 decision files in batch.

- one kit: `planner kit` on an example, against a bare script that only imports what a
  kit needs, click, jinja2, icalendar, babel, Pillow (Image, ImageDraw, ImageFont) and
  segno (the floor of any Python tool doing this job); the floor without Pillow and segno,
  the one used before the kit drew picture cards, is shown too;
- batch: 1,000 generated decision files through `planner batch` (calendars only, and
  whole kits), on one core and on every core, against the icalendar floor: building and
  serializing the same events (same properties, same texts) with icalendar alone, in one
  process, with nothing else (no planning, no templates, no files), measured just before
  and just after each batch.

Every figure is measured in this run; ratios are against the floor of the same run. One
kit is timed 21 times in turns with its floors: the ratio of the medians, then of the
fastest runs (what timeit advises on a shared machine: a slower run is slowed by other
processes, not by the code), then of the median CPU times (user and system, of the
command and its workers), which other processes on the machine change far less than the
wall-clock time. A batch gives its CPU time too, and the cores it kept busy on average
(CPU time over wall-clock time): on a machine shared with other work, --jobs 2 cannot be
faster than --jobs 1 when the second core is busy with something else.
Commands run as an installed planner runs: with Python's bytecode files (pip writes them
at install; PYTHONDONTWRITEBYTECODE is dropped here) and, after a first run, with the
compiled templates in planner's cache (a temporary one here; the first, cold run is shown
too).
Run: make bench (or .venv/bin/python bench/batch.py)
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANNER = str(Path(sys.executable).parent / "planner")
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "SOURCE_DATE_EPOCH": "1800000000",
    "PLANNER_CACHE_DIR": tempfile.mkdtemp(prefix="planner-bench-cache-"),
}
atexit.register(shutil.rmtree, ENV["PLANNER_CACHE_DIR"], True)
OLD_IMPORTS = "click, jinja2, icalendar, babel"
KIT_IMPORTS = f"{OLD_IMPORTS}, segno, PIL.Image, PIL.ImageDraw, PIL.ImageFont"


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` decision files made from the examples, with other names and dates."""
    rng = random.Random(1)
    sources = [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.toml"))]
    paths = []
    for i in range(count):
        text = rng.choice(sources)
        name = re.search(r'^name = "(.*)"', text, flags=re.M)
        assert name is not None
        text = text.replace(name.group(0), f'name = "{name.group(1)} {i}"', 1)
        shift = dt.timedelta(days=rng.randint(0, 200))
        dates = r"^((?:date|decided_on|assessed_on) = )(\d{4}-\d\d-\d\d)"
        for found in re.finditer(dates, text, flags=re.M):
            moved = dt.date.fromisoformat(found.group(2)) + shift
            text = text.replace(found.group(0), found.group(1) + moved.isoformat(), 1)
        path = folder / f"asso-{i:04d}.toml"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def timed(command: list[str]) -> tuple[float, float]:
    """The wall-clock time of ``command``, and its CPU time (user and system, its worker
    processes included), in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu


def icalendar_floor(paths: list[Path]) -> float:
    """Seconds to build and serialize the same events with icalendar alone: every property
    and alarm planner writes, with the same values, computed beforehand (not timed), put
    into icalendar objects by ``ics.build_event`` (nothing but icalendar calls); the time
    zone added by icalendar itself."""
    from icalendar import Calendar

    from planner.decision import load
    from planner.ics import build_event, calendar_name, event_values
    from planner.posts import render_posts
    from planner.timeline import build_plan

    stamp = dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC)
    prepared = []
    for path in paths:  # not timed: what planner computes before icalendar's work
        plan = build_plan(load(path))
        posts = render_posts(plan)
        header = [
            ("prodid", "-//floor//EN"),
            ("version", "2.0"),
            ("calscale", "GREGORIAN"),
            ("method", "PUBLISH"),
            ("name", calendar_name(plan)),
            ("x-wr-calname", calendar_name(plan)),
            ("x-wr-timezone", plan.decision.timezone),
        ]
        prepared.append((header, [event_values(plan, s, posts, stamp) for s in plan.steps]))
    start = time.perf_counter()
    for header, events in prepared:
        calendar = Calendar()
        for key, text in header:
            calendar.add(key, text)
        for properties, alarm_properties in events:
            calendar.add_component(build_event(properties, alarm_properties))
        calendar.add_missing_timezones()
        calendar.to_ical()
    return time.perf_counter() - start


def main() -> None:
    example = str(ROOT / "examples" / "jardin-partage-quitte-x.toml")
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "floor": [sys.executable, "-c", f"import {KIT_IMPORTS}"],
            "old floor": [sys.executable, "-c", f"import {OLD_IMPORTS}"],
            "kit": [PLANNER, "kit", example, "-o", f"{tmp}/kit"],
        }
        timed(commands["floor"])
        timed(commands["old floor"])
        cold = timed(commands["kit"])[0]  # fills the caches
        # In turns, so that a slow spell of the machine weighs on all alike.
        walls: dict[str, list[float]] = {label: [] for label in commands}
        cpus: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(21):
            for label, command in commands.items():
                seconds, cpu = timed(command)
                walls[label].append(seconds)
                cpus[label].append(cpu)
        kit, fastest, cpu = (
            statistics.median(walls["kit"]),
            min(walls["kit"]),
            statistics.median(cpus["kit"]),
        )
        print(
            f"one kit: planner kit {kit * 1000:.0f} ms (first run {cold * 1000:.0f} ms), "
            f"CPU time {cpu * 1000:.0f} ms"
        )
        for label, imports in (("floor", KIT_IMPORTS), ("old floor", OLD_IMPORTS)):
            bare, bare_cpu = statistics.median(walls[label]), statistics.median(cpus[label])
            print(
                f"  {label} (import {imports}): {bare * 1000:.0f} ms, x{kit / bare:.2f} "
                f"(fastest runs x{fastest / min(walls[label]):.2f}); "
                f"CPU time {bare_cpu * 1000:.0f} ms, x{cpu / bare_cpu:.2f}"
            )
        folder = Path(tmp) / "decisions"
        folder.mkdir()
        paths = generate(folder, 1000)
        # The machine's speed drifts over minutes (shared cores): each batch is measured
        # between two measures of the floor, and compared with their mean.
        floors = [icalendar_floor(paths)]
        print(f"batch of {len(paths)}: icalendar floor {floors[0]:.1f} s (one core)")
        for only in ("ics", "kit"):
            for jobs in (1, os.cpu_count() or 1):
                seconds, cpu = timed(
                    [
                        PLANNER,
                        "batch",
                        str(folder),
                        "-o",
                        f"{tmp}/out-{only}-{jobs}",
                        "--only",
                        only,
                        "--jobs",
                        str(jobs),
                    ]
                )
                floors.append(icalendar_floor(paths))
                floor = (floors[-2] + floors[-1]) / 2
                print(
                    f"  planner batch --only {only} --jobs {jobs}: {seconds:.1f} s, "
                    f"x{seconds / floor:.2f} the floor (measured {floors[-2]:.1f} s before, "
                    f"{floors[-1]:.1f} s after); CPU time {cpu:.1f} s, "
                    f"{cpu / seconds:.2f} cores busy"
                )


if __name__ == "__main__":
    main()
