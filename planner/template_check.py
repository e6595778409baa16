"""Checking a folder of user templates before it is used: ``planner templates check``.

Three passes: syntax, variables the templates use but planner does not give, then the
length of every post, rendered for a worst case (60-character name and links, every
platform left at once, every reason, a long statement) or for the user's own decision.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from jinja2 import TemplateSyntaxError, meta, nodes

from planner.content import LANGUAGES
from planner.decision import REASONS, Decision, Departure, Destination, Organisation
from planner.errors import InputError, TooLongError
from planner.i18n import _
from planner.platforms import LEAVABLE
from planner.posts import context, render_posts
from planner.templating import FolderLoader, environment
from planner.timeline import build_plan


def worst_case(language: str) -> Decision:
    """A decision that stretches every template: 60-character name and links, every platform
    left at once, every reason, a long statement. Used by ``templates check``."""

    def url(tail: str) -> str:
        return f"https://{tail}.example.org/" + "p" * (60 - len(tail) - len(".example.org/") - 8)

    day = dt.date(2027, 3, 1)
    return Decision(
        organisation=Organisation(name="N" * 60, website=url("site"), contact="c" * 40 + "@ex.org"),
        decided_on=dt.date(2026, 11, 30),
        language=language,
        timezone="Europe/Paris",
        post_time=dt.time(10, 0),
        departures=tuple(
            Departure(platform=p, account="@" + "a" * 30, date=day, notice_days=42)
            for p in LEAVABLE
        ),
        destinations=tuple(
            Destination(kind=k, address="@" + "m" * 20 + "@mastodon.example", url=url(k))
            for k in ("mastodon", "bluesky", "newsletter", "website", "pixelfed")
        ),
        indicators=("i",),
        reasons=REASONS,
        statement="S" * 1000,
    )


def check_templates(folder: Path, decision: Decision | None = None) -> list[str]:
    """Check a folder of templates: syntax, unknown variables, then every post's length.

    Returns one OK line per template; raises InputError listing every problem found.
    """
    env = environment(folder)
    variables = ", ".join(sorted(context_keys()))
    known = set(context_keys()) | set(env.globals)
    problems: list[str] = []
    loader = FolderLoader(folder)
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt.j2"))
    if not names:
        raise InputError(f"{folder}: no post template (*.txt.j2) in this folder")
    for name in names:
        path = folder / name
        try:
            tree = env.parse(loader.get_source(env, name)[0], name, str(path))
        except InputError as exc:  # a link out of the folder
            problems.extend(exc.lines)
            continue
        except TemplateSyntaxError as exc:
            problems.append(f"{path}:{exc.lineno}: {exc.message}")
            continue
        except UnicodeDecodeError:
            problems.append(_("{file}: not UTF-8 text; save it again as UTF-8").format(file=path))
            continue
        for variable in sorted(meta.find_undeclared_variables(tree) - known):
            line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == variable), 1)
            problems.append(
                _("{file}:{line}: unknown variable '{name}'; the variables are {names}").format(
                    file=path, line=line, name=variable, names=variables
                )
            )
    if not problems:
        languages = {n.split("/")[0] for n in names} & set(LANGUAGES) or set(LANGUAGES)
        decisions = [decision] if decision else [worst_case(lang) for lang in sorted(languages)]
        for sample in decisions:
            try:
                render_posts(build_plan(sample), folder)
            except (TooLongError, InputError) as exc:
                problems.extend(exc.lines)
    if problems:
        raise InputError("\n".join(dict.fromkeys(problems)))
    return [f"{folder / name}: OK" for name in names]


@cache
def context_keys() -> tuple[str, ...]:
    """The names a post template can use."""
    plan = build_plan(worst_case("en"))
    step = next(s for s in plan.steps if s.kind == "announce")
    return tuple(context(plan, step, step.channels[0]))
