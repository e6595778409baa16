"""The command line: each command parses its arguments, calls one core function, prints.

Heavy libraries (Jinja2, Babel, icalendar…) are imported inside the commands that use
them, so that ``planner --help`` costs about what importing click costs. Every
:class:`~planner.errors.PlannerError` is turned, in one place, into ``Error: …`` lines
on stderr and the error's exit code.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from planner import __version__
from planner.errors import PlannerError

DECISION_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


class PlannerGroup(click.Group):
    """A click group that reports PlannerError as one line per problem, with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            for line in exc.lines:
                click.echo(f"Error: {line}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
def main() -> None:
    """Plan an association's departure from a social network, the way the collective decided it.

    \b
    Start with a decision file, then turn it into a dated plan:
      planner new leave-x.toml       asks a few questions, writes the file
      planner check leave-x.toml     checks it
      planner plan leave-x.toml      the dated timeline
    """


def _write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from planner.files import atomic_write

    atomic_write(output, text)


@main.command()
@click.argument("decision_file", type=DECISION_FILE)
def check(decision_file: Path) -> None:
    """Check a decision file: exit 0 when it is valid, else one line per problem and exit 2.

    Example: planner check leave-x.toml
    """
    from planner.decision import load, timing_warnings

    decision = load(decision_file)
    for warning in timing_warnings(decision, dt.date.today(), str(decision_file)):
        click.echo(f"Warning: {warning}", err=True)
    from planner.platforms import PLATFORMS

    for departure in decision.departures:
        name = PLATFORMS[departure.platform].name
        click.echo(
            f"{decision_file}: OK: leaving {name} on {departure.date}, "
            f"first announcement on {departure.announce_on}"
        )


@main.command()
@click.argument("decision_file", type=DECISION_FILE)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How to show the plan.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of the terminal.",
)
def plan(decision_file: Path, fmt: str, output: Path | None) -> None:
    """Show the dated timeline of a decision.

    \b
    Examples:
      planner plan leave-x.toml
      planner plan leave-x.toml --format json
      planner plan leave-x.toml --format markdown -o plan.md
    """
    from planner.decision import load
    from planner.timeline import build_plan
    from planner.views import plan_json, plan_markdown, plan_text

    built = build_plan(load(decision_file))
    render = {"text": plan_text, "json": plan_json, "markdown": plan_markdown}[fmt]
    _write_or_print(render(built), output)


@main.command()
@click.argument("decision_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def new(decision_file: Path, force: bool) -> None:
    """Ask a few questions and write a commented decision file.

    Example: planner new leave-x.toml
    """
    from planner.errors import InputError

    if decision_file.exists() and not force:
        raise InputError(f"{decision_file}: already exists; choose another name or add --force")
    from planner.decision import new_document
    from planner.files import atomic_write
    from planner.prompts import ask_decision

    decision = ask_decision(dt.date.today(), str(decision_file))
    atomic_write(decision_file, new_document(decision, str(decision_file)))
    click.echo(f"Written: {decision_file}. Next: planner plan {decision_file}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
