"""The command line: each command parses its arguments, calls one core function, prints.

Every :class:`~planner.errors.PlannerError` is turned, in one place, into ``Error: …``
lines on stderr and the error's exit code.

Each command imports the modules it runs in its own body, and nothing else is imported
here. The features and their libraries (Jinja2, Babel, icalendar, Apprise,
APScheduler, caldav) cost together about twice what click costs, and ``planner --help``
would pay for all of them (bench/README.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from planner import durations
from planner.errors import InputError, PlannerError
from planner.i18n import _, activate, choose, ngettext
from planner.languages import LANGUAGES
from planner.terminal import (
    Argument,
    Context,
    Option,
    PathType,
    WholeNumber,
    ask,
    confirm,
    echo,
)

if TYPE_CHECKING:
    from planner.notify import Channel
    from planner.posts import Post
    from planner.timeline import Plan

# click's decorators, with planner's parameter classes (their errors quote as the language does).
argument = partial(click.argument, cls=Argument)
option = partial(click.option, cls=Option)

# One instance of each kind, shared by the commands.
DECISION_FILE = PathType(exists=True, dir_okay=False, path_type=Path)
EXISTING_FOLDER = PathType(exists=True, file_okay=False, path_type=Path)
NEW_FILE = PathType(dir_okay=False, path_type=Path)
OUTPUT_FILE = PathType(dir_okay=False, path_type=Path, allow_dash=True)  # '-': the terminal
NEW_FOLDER = PathType(file_okay=False, path_type=Path)


class PlannerCommand(click.Command):
    """A click command whose help follows the interface language's typography."""

    context_class = Context


class PlannerGroup(click.Group):
    """A click group that reports PlannerError as one line per problem, with its exit code;
    its commands and groups are planner's own classes."""

    context_class = Context
    command_class = PlannerCommand
    group_class = type

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            for line in exc.lines:
                echo(_("Error: {message}").format(message=line), err=True)
            ctx.exit(exc.exit_code)


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """--version: planner's version and the time-zone data it reads."""
    if not value or ctx.resilient_parsing:
        return
    from planner import version, zones

    echo(f"planner, version {version()}")
    echo(_("time zones: {data}").format(data=zones.describe()))
    ctx.exit()


@click.group(cls=PlannerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
@option(
    "--lang",
    type=click.Choice(LANGUAGES),
    expose_value=False,
    is_eager=True,
    help="The language of planner's messages (default: from LANG).",
)
def main() -> None:
    """Plan an association's departure from a social network, the way the collective decided it.

    \b
    Start with a decision file, then turn it into a dated plan:
      planner new leave-x.toml       asks a few questions, writes the file
      planner check leave-x.toml     checks it
      planner plan leave-x.toml      the dated timeline
      planner posts leave-x.toml     every post, ready to copy
      planner cards leave-x.toml -o cards/   pictures to post with them
    """


def _plan_and_posts(decision_file: Path, templates: Path | None) -> tuple[Plan, tuple[Post, ...]]:
    """Load a decision, build its plan and render its posts."""
    from planner.decision import load
    from planner.posts import render_posts
    from planner.timeline import build_plan

    plan = build_plan(load(decision_file))
    return plan, render_posts(plan, templates)


def _note(line: str | None) -> None:
    """Show what planner.files cleaned after an interrupted run, if anything."""
    if line:
        echo(line, err=True)


def _write_or_print(text: str, output: Path | None, force: bool) -> None:
    from planner.files import atomic_write

    if output is None:
        echo(text, nl=False)
        return
    _note(atomic_write(output, text, force=force))


# The rule of every -o FILE (planner.files.atomic_write), for the commands' help.
FORCE_HELP = "Replace the output file even if planner did not write it."


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
def check(decision_file: Path) -> None:
    """Check a decision file: exit 0 when it is valid, else one line per problem and exit 2.

    Example: planner check leave-x.toml
    """
    from planner import zones
    from planner.advice import review
    from planner.decision import load
    from planner.platforms import PLATFORMS
    from planner.wording import said_date

    decision = load(decision_file)
    warnings, announces = review(decision, dt.date.today(), str(decision_file))
    for warning in warnings:
        echo(_("Warning: {message}").format(message=warning), err=True)
    for departure in decision.departures:
        name = PLATFORMS[departure.platform].name
        echo(
            _("{file}: OK: leaving {platform} on {date}, first announcement on {announce}").format(
                file=decision_file,
                platform=name,
                date=said_date(departure.date, decision.country),
                announce=said_date(announces[departure.platform], decision.country),
            )
        )
    for stay in decision.stays:
        echo(
            _("{file}: OK: staying on {platform}, saying why on {date}").format(
                file=decision_file,
                platform=PLATFORMS[stay.platform].name,
                date=said_date(stay.date, decision.country),
            )
        )
    echo(_("time zones: {data}").format(data=zones.describe()))


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How to show the plan.",
)
@option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write to this file instead of the terminal.",
)
@option("--force", is_flag=True, help=FORCE_HELP)
def plan(decision_file: Path, fmt: str, output: Path | None, force: bool) -> None:
    """Show the dated timeline of a decision.

    With -o, an existing file is replaced only if planner wrote it (a plan ends with
    planner's signature); any other is left as it is, unless --force.

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
    _write_or_print(render(built), output, force)


@main.command()
@argument("decision_file", type=NEW_FILE, metavar="DECISION.toml")
@option(
    "--from",
    "answers",
    type=DECISION_FILE,
    help="Start from a self-assessment's answers file (planner assess).",
)
@option("--force", is_flag=True, help="Replace the file if it exists.")
def new(decision_file: Path, answers: Path | None, force: bool) -> None:
    """Ask a few questions and write a commented decision file.

    With --from, the organisation, platform, language, reasons and indicators come from
    a self-assessment; if the collective decided to stay, the file plans a "we are
    staying, and here is why" post instead of a departure.

    \b
    Examples:
      planner new leave-x.toml
      planner new leave-x.toml --from answers.toml
    """
    from planner.assess import load_answers
    from planner.files import atomic_write, probe
    from planner.prompts import ask_decision, offered_timezone
    from planner.scaffold import new_document

    if decision_file.exists() and not force:
        raise InputError(
            _("{file}: already exists; choose another name or add --force").format(
                file=decision_file
            )
        )
    probe(decision_file, force=True)  # a folder planner may not write to: before the questions
    start = None
    if answers is not None:
        start = load_answers(answers)
    try:
        zone = partial(offered_timezone, os.environ)
        decision = ask_decision(dt.date.today(), str(decision_file), start, zone)
    except (click.Abort, KeyboardInterrupt, EOFError):
        echo()  # end the line of the unanswered question
        echo(_("Interrupted: nothing was written to {file}.").format(file=decision_file), err=True)
        raise SystemExit(1) from None
    document = new_document(decision, str(decision_file))
    _note(atomic_write(decision_file, document, force=force))
    echo(_("Written: {file}. Next: planner plan {file}").format(file=decision_file))


def _stamp() -> dt.datetime:
    """Now in UTC to the second, or SOURCE_DATE_EPOCH when set (reproducible files)."""

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            _("SOURCE_DATE_EPOCH={value} is not a number of seconds; unset it or fix it").format(
                value=repr(epoch)
            )
        ) from None


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write the calendar to this file instead of standard output.",
)
@option("--force", is_flag=True, help=FORCE_HELP)
@option("--templates", type=EXISTING_FOLDER, help="Your own post templates.")
def ics(decision_file: Path, output: Path | None, force: bool, templates: Path | None) -> None:
    """The whole plan as an iCalendar file, to import into any calendar.

    With -o, an existing file is replaced only if planner wrote it (a calendar planner
    exported); any other is left as it is, unless --force.

    \b
    Examples:
      planner ics leave-x.toml -o depart-x.ics
      planner ics leave-x.toml > depart-x.ics
    """
    from planner.files import atomic_write
    from planner.ics import plan_calendar

    plan, posts = _plan_and_posts(decision_file, templates)
    data = plan_calendar(plan, posts, _stamp())
    if output is None:
        echo(data, nl=False)  # bytes go to the binary stream, CRLF kept
        return

    _note(atomic_write(output, data, force=force))
    echo(
        ngettext(
            "Written: {file} ({count} event)", "Written: {file} ({count} events)", len(plan.steps)
        ).format(file=output, count=len(plan.steps))
    )


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option("--step", "step_id", metavar="ID", help="Only this step (for example x/announce).")
@option("--channel", metavar="CHANNEL", help="Only this channel (for example mastodon).")
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to show the posts.",
)
@option(
    "--out",
    type=NEW_FOLDER,
    help="Write one .txt file per post into this folder.",
)
@option(
    "--templates",
    type=EXISTING_FOLDER,
    help="A folder of your own templates; they override the built-in ones by name.",
)
def posts(
    decision_file: Path,
    step_id: str | None,
    channel: str | None,
    fmt: str,
    out: Path | None,
    templates: Path | None,
) -> None:
    """Every post of the plan, ready to copy, checked against each platform's length rules.

    A post longer than its platform accepts is an error (exit 3); it is never cut.

    \b
    Examples:
      planner posts leave-x.toml
      planner posts leave-x.toml --step x/announce --channel mastodon
      planner posts leave-x.toml --out posts/
      planner posts leave-x.toml --templates our-templates/
    """
    from planner.cards import post_cards
    from planner.decision import load
    from planner.files import Made, replace_folder
    from planner.posts import render_posts
    from planner.timeline import build_plan
    from planner.views import post_files, posts_json, posts_text

    plan = build_plan(load(decision_file))
    if step_id and step_id not in {s.id for s in plan.steps}:
        raise InputError(
            _("--step {step}: no such step; `planner plan` lists the step ids").format(step=step_id)
        )
    selected = tuple(
        p
        for p in render_posts(plan, templates)
        if (step_id is None or p.step.id == step_id) and (channel is None or p.channel == channel)
    )
    if not selected:
        raise InputError(_("no post matches --step and --channel; `planner plan` shows both"))
    if out is not None:
        _note(replace_folder(out, post_files(selected), Made("posts", plan.key)))
        echo(
            ngettext(
                "Written: {count} post in {folder}",
                "Written: {count} posts in {folder}",
                len(selected),
            ).format(count=len(selected), folder=out)
        )
        return
    cards = post_cards(plan, selected)
    echo(posts_json(selected, cards) if fmt == "json" else posts_text(selected, cards), nl=False)


@main.group()
def templates() -> None:
    """The post templates: list the built-in ones, check your own before using them.

    \b
    Examples:
      planner templates list
      planner templates check our-templates/
    """


@templates.command("list")
def templates_list() -> None:
    """List the built-in templates and what each is for.

    Example: planner templates list
    """
    from planner.templating import describe_builtin

    for name, description in describe_builtin():
        echo(f"{name:40} {description}")


@templates.command("check")
@argument("folder", type=EXISTING_FOLDER, metavar="FOLDER")
@option(
    "--decision",
    "decision_file",
    type=DECISION_FILE,
    help="Render with this decision instead of the built-in worst case.",
)
def templates_check(folder: Path, decision_file: Path | None) -> None:
    """Check your templates: syntax, unknown variables, and the length of every post.

    By default the posts are rendered for a worst case (a 60-character name and
    60-character links); --decision renders them for your own file.

    Example: planner templates check our-templates/
    """
    from planner.decision import load
    from planner.template_check import check_templates

    decision = load(decision_file) if decision_file else None
    for line in check_templates(folder, decision):
        echo(line)


class WebAddress(click.ParamType):  # type: ignore[type-arg]
    """A web address (http or https, a host, a port up to 65535): the decision file's rule
    (:func:`planner.fields.web_address`), its message without the URL's credentials."""

    name = "URL"

    def convert(self, value: Any, param: Any, ctx: click.Context | None) -> str:
        from planner.fields import web_address

        text = str(value).strip()
        problem = web_address(text)
        if problem:
            self.fail(problem, param, ctx)
        return text


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "--url",
    type=WebAddress(),
    required=True,
    metavar="URL",
    help="The CalDAV address of the shared calendar (from its settings).",
)
@option("--user", metavar="NAME", required=True, help="The user name on the calendar server.")
@option("--templates", type=EXISTING_FOLDER, help="Your own post templates.")
@option(
    "--replace",
    is_flag=True,
    help="Take over the events of another file that has this plan's key.",
)
def publish(
    decision_file: Path, url: str, user: str, templates: Path | None, replace: bool
) -> None:
    """Put the plan on a shared CalDAV calendar (Nextcloud, Framagenda, Radicale…).

    Updates the events of this plan in place, deletes the ones no longer in it and
    leaves every other event alone; running it twice changes nothing. Events of the
    same key published from another plan's file are refused unless --replace. The
    password comes from PLANNER_CALDAV_PASSWORD, or is asked for; it is never shown.

    \b
    Example:
      planner publish leave-x.toml --user team \\
        --url https://cloud.example.org/remote.php/dav/calendars/team/com/
    """
    from planner.publish import publish as publish_plan
    from planner.publish import safe_url

    plan, posts = _plan_and_posts(decision_file, templates)
    password = os.environ.get("PLANNER_CALDAV_PASSWORD")
    if password is None:
        password = ask(_("Password for {user}").format(user=user), hide_input=True)
    outcome = publish_plan(
        plan, posts, _stamp(), url, user, password, source=str(decision_file), replace=replace
    )
    where = safe_url(url)
    if not outcome.changed:
        echo(
            ngettext(
                "{url}: nothing to change, the calendar already holds this plan ({count} event).",
                "{url}: nothing to change, the calendar already holds this plan ({count} events).",
                len(outcome.unchanged),
            ).format(url=where, count=len(outcome.unchanged))
        )
        return
    echo(
        _(
            "{url}: {created} created, {updated} updated, {deleted} deleted, {unchanged} unchanged."
        ).format(
            url=where,
            created=len(outcome.created),
            updated=len(outcome.updated),
            deleted=len(outcome.deleted),
            unchanged=len(outcome.unchanged),
        )
    )


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "-o",
    "--output",
    type=NEW_FOLDER,
    required=True,
    help="The folder of the kit (replaced as a whole).",
)
@option("--templates", type=EXISTING_FOLDER, help="Your own post templates.")
def kit(decision_file: Path, output: Path, templates: Path | None) -> None:
    """The departure kit: one web page to follow the plan and copy each post, the calendar
    file, every post as a text file, and the picture cards with their alt text. Send the
    folder to whoever posts.

    Example: planner kit leave-x.toml -o kit/
    """
    from planner.files import Made, replace_folder
    from planner.kit import kit_files

    plan, posts = _plan_and_posts(decision_file, templates)
    files = kit_files(plan, posts, _stamp(), str(decision_file))
    _note(replace_folder(output, files, Made("kit", plan.key)))
    echo(
        _("Written: {page} and {count} more files").format(
            page=output / "index.html", count=len(files) - 1
        )
    )


def _accounts(path: Path | None, db: Path | None = None) -> Any:
    """The configured accounts (environment, then the accounts file, then what planner
    serve's settings saved in the database ``db``), with the log records of the sending
    libraries cleared of their secrets."""
    accounts = _load_accounts(path, db)
    _secret_logging(lambda: _load_accounts(path, db).secrets)
    return accounts


def _load_accounts(path: Path | None, db: Path | None) -> Any:
    """The accounts in effect now (see :func:`planner.accounts.load`); a database that
    does not exist yet holds none, and is not created for that."""
    from planner.accounts import default_path, load
    from planner.reminders import open_store

    saved = None
    if db is not None and db.exists():
        with open_store(db) as store:
            saved = store.accounts()
    return load(path or default_path(), os.environ, saved)


def _secret_logging(secrets: Any) -> None:
    """The warnings of the libraries that post (Mastodon.py's requests, atproto's httpx),
    on stderr with every secret (asked of ``secrets`` at each record) replaced by '…'."""
    import logging

    from planner.accounts import Redacted
    from planner.daemon import CleanFormatter

    for name in ("mastodon", "atproto", "atproto_client", "httpx", "httpcore", "urllib3"):
        handler = logging.StreamHandler()
        handler.setFormatter(CleanFormatter("%(asctime)s %(message)s"))
        handler.addFilter(Redacted(secrets))
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        logger.handlers = [handler]
        logger.propagate = False


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "--mastodon",
    is_flag=True,
    help="Schedule the Mastodon posts on the Mastodon server, which posts them itself.",
)
@option(
    "--bluesky",
    is_flag=True,
    help="Give the Bluesky posts to the reminder daemon, which posts them at their times.",
)
@option("--dry-run", is_flag=True, help="Show what would be done, and change nothing.")
@option("--cancel", is_flag=True, help="Remove the posts this plan scheduled.")
@option("--templates", type=EXISTING_FOLDER, help="Your own post templates.")
@option(
    "--db",
    type=NEW_FILE,
    help="The reminders database, which remembers what was scheduled "
    "(default: in your user data folder).",
)
@option(
    "--accounts",
    "accounts_file",
    type=NEW_FILE,
    help="The accounts file (default: accounts.toml in your user config folder).",
)
@option(
    "--replace",
    is_flag=True,
    help="Take over what another file with this plan's key scheduled.",
)
def schedule(
    decision_file: Path,
    mastodon: bool,
    bluesky: bool,
    dry_run: bool,
    cancel: bool,
    templates: Path | None,
    db: Path | None,
    accounts_file: Path | None,
    replace: bool,
) -> None:
    """Let the plan's Mastodon and Bluesky posts go out at their times by themselves (opt-in).

    --mastodon: every future Mastodon post becomes a scheduled status on the server,
    which posts it itself. --bluesky: the reminder daemon (planner remind run) posts each
    Bluesky post at its time. Run it again after changing the decision: only what changed
    is changed. The token and the app password come from the environment or the accounts
    file (mode 600), never from the decision.

    \b
    Examples:
      planner schedule leave-x.toml --mastodon --bluesky --dry-run
      planner schedule leave-x.toml --mastodon --bluesky
      planner schedule leave-x.toml --mastodon --cancel
    """
    if not (mastodon or bluesky):
        raise InputError(_("say where to schedule: add --mastodon, --bluesky or both"))
    import platformdirs

    from planner.accounts import bluesky_account, mastodon_account
    from planner.schedule import mastodon_address

    database = db or platformdirs.user_data_path("planner") / "reminders.sqlite3"
    accounts = _accounts(accounts_file, database)
    plan, posts = _plan_and_posts(decision_file, templates)
    # Both accounts are checked before anything is sent to either.
    masto = mastodon_account(accounts, mastodon_address(plan)) if mastodon else None
    sky: str | None = None  # the Bluesky account's label
    missing = ""
    if bluesky:
        try:
            sky = bluesky_account(accounts).label
        except InputError as error:
            # A dry run sends nothing to Bluesky: it needs no account, only to say so. An
            # account written wrong is still said wrong.
            if (
                not dry_run
                or accounts.bluesky.get("handle")
                or accounts.bluesky.get("app_password")
            ):
                raise
            sky, missing = _("no Bluesky account yet"), str(error)
    options = {"dry_run": dry_run, "cancel": cancel, "replace": replace}
    if masto is not None:
        _schedule_mastodon(decision_file, plan, posts, masto, database, **options)
    if sky is not None:
        _schedule_bluesky(decision_file, plan, posts, sky, database, **options)
    if missing:
        echo(_("Warning: {message}").format(message=missing), err=True)


def _schedule_mastodon(
    decision_file: Path,
    plan: Plan,
    posts: tuple[Post, ...],
    account: Any,
    database: Path,
    *,
    dry_run: bool,
    cancel: bool,
    replace: bool,
) -> None:
    from planner import version, zones
    from planner.identity import derived_id
    from planner.reminders import open_store
    from planner.schedule import Local, Server, action_word
    from planner.schedule import run as run_schedule

    server = Server(account, f"planner/{version()}", dry_run=dry_run)
    with open_store(database) as store:
        source = str(decision_file.resolve())
        suggestion = derived_id(plan.decision)
        ledger = Local(store, source, replace=replace, suggestion=suggestion)
        actions = run_schedule(
            ledger, plan, posts, server, dt.datetime.now(dt.UTC), dry_run=dry_run, cancel=cancel
        )
    zone = zones.zone(plan.decision.timezone)
    for action in sorted(actions, key=lambda a: (a.at, a.step)):
        when = action.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        echo(f"  {action_word(action.kind, dry_run):24} {when}  {action.step}")
    count = {
        kind: sum(a.kind == kind for a in actions)
        for kind in ("create", "adopt", "move", "replace", "delete", "keep")
    }
    line = _(
        "{file}: on {server}, {created} scheduled, {moved} moved, {replaced} replaced, "
        "{deleted} deleted, {unchanged} unchanged"
    ).format(
        file=decision_file,
        server=account.label,
        created=count["create"] + count["adopt"],
        moved=count["move"],
        replaced=count["replace"],
        deleted=count["delete"],
        unchanged=count["keep"],
    )
    if dry_run:
        line += " " + _("(dry run: nothing was changed)")
    echo(line)


def _schedule_bluesky(
    decision_file: Path,
    plan: Plan,
    posts: tuple[Post, ...],
    label: str,
    database: Path,
    *,
    dry_run: bool,
    cancel: bool,
    replace: bool,
) -> None:
    from planner import outbox, zones
    from planner.identity import derived_id
    from planner.reminders import open_store

    source = str(decision_file.resolve())
    zone = zones.zone(plan.decision.timezone)
    with open_store(database) as store:
        if cancel:
            with store.db:
                store.claim(plan.key, source, plan.owner, derived_id(plan.decision), "--replace")
            removed = 0 if dry_run else outbox.cancel(store.db, plan.key)
            echo(
                ngettext(
                    "{file}: {count} Bluesky post removed from the daemon's list",
                    "{file}: {count} Bluesky posts removed from the daemon's list",
                    removed,
                ).format(file=decision_file, count=removed)
            )
            return
        items = outbox.bluesky_posts(plan, posts, dt.datetime.now(dt.UTC))
        try:
            store.register(
                plan.key,
                source,
                plan.decision.organisation.name,
                plan.owner,
                replace=replace,
                suggestion=derived_id(plan.decision),
                zone=plan.decision.timezone,
            )
            change = outbox.register(store.db, plan.key, items)
        except BaseException:
            store.db.rollback()
            raise
        if dry_run:
            store.db.rollback()
        else:
            store.db.commit()
    for item in items:
        when = item.due.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        echo(f"  {_('to post on Bluesky'):24} {when}  {item.step}")
    line = _(
        "{file}: on {account}, {added} added, {updated} updated, {removed} removed, "
        "{unchanged} unchanged; planner remind run posts them at their times"
    ).format(
        file=decision_file,
        account=label,
        added=change.added,
        updated=change.updated,
        removed=change.removed,
        unchanged=change.unchanged,
    )
    if dry_run:
        line += " " + _("(dry run: nothing was changed)")
    echo(line)


@main.command()
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "-o",
    "--output",
    type=NEW_FOLDER,
    required=True,
    help="The folder of the cards (replaced as a whole).",
)
def cards(decision_file: Path, output: Path) -> None:
    """Picture cards for the announcement, the last reminder and the farewell (or the
    "we are staying" post): PNG images in the organisation's colours, with a QR code,
    each with its alt text beside it (-alt.txt), to post with the texts.

    Portrait cards (1080 × 1350) are for Instagram, Facebook and Threads; landscape ones
    (1200 × 675) for X, Bluesky, Mastodon and LinkedIn. Set the colour and a logo in the
    decision file: colour = "#1d5f8a" and logo = "logo.png" under [organisation].

    Example: planner cards leave-x.toml -o cards/
    """
    from planner.cards import plan_cards
    from planner.decision import load
    from planner.drawing import card_files
    from planner.files import Made, replace_folder
    from planner.timeline import build_plan

    plan = build_plan(load(decision_file))
    made = plan_cards(plan)
    _note(replace_folder(output, card_files(made, str(decision_file)), Made("cards", plan.key)))
    echo(
        ngettext(
            "Written: {count} card and its alt text in {folder}",
            "Written: {count} cards and their alt texts in {folder}",
            len(made),
        ).format(count=len(made), folder=output)
    )


@main.command()
@option(
    "--answers",
    type=DECISION_FILE,
    help="Read the answers from this file instead of asking (a board meeting prepared ahead).",
)
@option(
    "--out",
    type=NEW_FILE,
    default="assessment.toml",
    show_default=True,
    help="Where the answers are saved as they are given.",
)
@option(
    "--report",
    type=OUTPUT_FILE,
    help="Write the report (Markdown) to this file instead of the terminal.",
)
@option("--force", is_flag=True, help=FORCE_HELP)
def assess(answers: Path | None, out: Path, report: Path | None, force: bool) -> None:
    """The self-assessment: eight themes of questions to answer together before leaving or
    staying, and a report for the board. It does not decide for you.

    Answers are saved as they are given; an interrupted session resumes where it stopped.
    An existing report file is replaced only if planner wrote it, unless --force.

    \b
    Examples:
      planner assess
      planner assess --answers answers.toml --report report.md
    """
    from planner.assess import Assessment, answers_document, load_answers
    from planner.assess import report as make_report
    from planner.files import atomic_write, probe
    from planner.prompts import ask_assessment
    from planner.wording import said_date

    # A folder planner may not write to, a report it may not replace: said before the questions.
    if answers is None:
        probe(out, force=True)  # read below, then resumed or replaced if the user says so
    if report is not None:
        probe(report, force=force)
    if answers is not None:
        assessment = load_answers(answers)
    else:
        start = None
        if out.exists():
            previous = load_answers(out)
            if not previous.complete and confirm(
                ngettext(
                    "{file}: an unfinished self-assessment from {date} ({count} answer). "
                    "Resume it?",
                    "{file}: an unfinished self-assessment from {date} ({count} answers). "
                    "Resume it?",
                    len(previous.answers),
                ).format(file=out, date=said_date(previous.date), count=len(previous.answers)),
                default=True,
            ):
                start = previous
            elif previous.complete and not confirm(
                _(
                    "{file} already holds a finished self-assessment. "
                    "Start a new one and replace it?"
                ).format(file=out),
                default=False,
            ):
                raise SystemExit(0)
        saved: list[Assessment] = []  # what was written to out, to say so if interrupted

        def save(answered: Assessment) -> None:
            _note(atomic_write(out, answers_document(answered), force=True))
            saved.append(answered)

        try:
            # out, if it exists, was read as an answers file and resumed or replaced above
            assessment = ask_assessment(start, dt.date.today(), save)
        except (click.Abort, KeyboardInterrupt, EOFError):
            echo()  # end the line of the unanswered question
            if saved or start is not None:
                message = _(
                    "Interrupted: the answers given so far are saved in {file}; type the "
                    "same command again to go on from where you stopped."
                )
            else:
                message = _("Interrupted: nothing was written to {file}.")
            echo(message.format(file=out), err=True)
            raise SystemExit(1) from None
        echo("\n" + _("Answers saved in {file}.").format(file=out) + "\n")
    text = make_report(assessment)
    if report is None:
        echo(text, nl=False)
    else:
        _note(atomic_write(report, text, force=force))
        echo(_("Written: {file}").format(file=report))


@main.command()
@argument("folder", type=EXISTING_FOLDER, metavar="FOLDER")
@option(
    "-o",
    "--output",
    type=NEW_FOLDER,
    required=True,
    help="Where the kits (or calendars, or cards) and the index page go.",
)
@option(
    "--only",
    type=click.Choice(["kit", "ics", "cards"]),
    default="kit",
    show_default=True,
    help="Build whole kits, or just the calendars, or just the picture cards.",
)
@option(
    "--jobs",
    type=WholeNumber(min=1),
    default=None,
    help="How many files to build at once (default: one per core).",
)
def batch(folder: Path, output: Path, only: str, jobs: int | None) -> None:
    """One kit per decision file of a folder, for a federation or a network.

    A broken file does not stop the others: the summary lists each with its reason,
    and the exit code is 2 if any failed. kits/index.html lists every association.
    The output folder is replaced as a whole; one holding files planner did not write
    is refused.

    \b
    Examples:
      planner batch decisions/ -o kits/
      planner batch decisions/ -o kits/ --only ics
      planner batch decisions/ -o cards/ --only cards
    """
    from planner.batch import INDEX, decision_files, index_page, run_batch, summarise
    from planner.files import Made, fill, replacing

    sources = decision_files(folder)
    if not sources:
        raise InputError(
            _("{folder}: no decision file (*.toml) in this folder").format(folder=folder)
        )
    results = []
    with replacing(output, Made("batch")) as built:
        _note(built.note)
        stream = run_batch(sources, built.path, only, _stamp(), jobs)
        if sys.stderr.isatty():
            with click.progressbar(
                stream, length=len(sources), label=_("Building"), file=sys.stderr
            ) as bar:
                results = list(bar)
        else:
            for result in stream:
                results.append(result)
                state = _("ok") if result.ok else _("FAILED")
                echo(f"{state:6} {result.source}", err=True)
        fill(built.path, {INDEX: index_page(results)}, mark=False)
    lines = summarise(results)
    echo(lines[0])
    for line in lines[1:]:
        echo(_("Error: {message}").format(message=line), err=True)
    if len(lines) > 1:
        raise SystemExit(2)


class Duration(click.ParamType):  # type: ignore[type-arg]
    """A duration written like 90s, 30m, 1h, 2d or 2j, 1,5 h, 3 semaines (any spelling
    :mod:`planner.durations` reads), from ``least`` to ``most``."""

    def __init__(self, least: str, most: str) -> None:
        low, high = durations.seconds(least), durations.seconds(most)
        assert low is not None and high is not None
        self.least, self.most = dt.timedelta(seconds=low), dt.timedelta(seconds=high)

    @property
    def name(self) -> str:
        """In the language of the moment: the help shows it as the option's metavar."""
        return _("duration")

    @name.setter
    def name(self, value: str) -> None:
        """Only to keep click's attribute writable; the getter names it each time."""

    def convert(self, value: Any, param: Any, ctx: click.Context | None) -> dt.timedelta:
        if isinstance(value, dt.timedelta):
            return value
        found = durations.within(str(value), self.least, self.most)
        if isinstance(found, str):
            self.fail(found, param, ctx)
        return found


# A reminder a month ahead is already early; a month late it is no longer news. The
# daemon's resync reads the database: at 0s it would do nothing else (a core at 100 %).
LEAD = Duration("0m", "30d")
GRACE = Duration("0m", "30d")
RESYNC = Duration("1s", "24h")


@main.group()
@option(
    "--db",
    type=NEW_FILE,
    help="The reminders database (default: in your user data folder).",
)
@option(
    "--config",
    type=NEW_FILE,
    help="A TOML file with urls = [...] of Apprise notification URLs "
    "(default: notify.toml in your user config folder).",
)
@option(
    "--accounts",
    type=NEW_FILE,
    help="The accounts file, for the Bluesky posts the daemon publishes "
    "(default: accounts.toml in your user config folder).",
)
@click.pass_context
def remind(ctx: click.Context, db: Path | None, config: Path | None, accounts: Path | None) -> None:
    """Tell the team when to act: reminders by email, chat or push, from a daemon or cron.

    Channels are Apprise URLs in PLANNER_NOTIFY (space-separated) or in the config
    file; the console always works. Never put them in a decision file.

    \b
    Examples:
      planner remind add leave-x.toml --lead 1h
      planner remind list
      planner remind run
      planner remind due          (from cron or a systemd timer)
    """
    import platformdirs

    ctx.obj = {
        "db": db or platformdirs.user_data_path("planner") / "reminders.sqlite3",
        "config": config or platformdirs.user_config_path("planner") / "notify.toml",
        "accounts": accounts or platformdirs.user_config_path("planner") / "accounts.toml",
    }


@remind.command("add")
@argument("decision_file", type=DECISION_FILE, metavar="DECISION.toml")
@option(
    "--lead",
    type=LEAD,
    default="0m",
    show_default=True,
    help="Remind this long before each step (for example 1h; at most 30d).",
)
@option("--templates", type=EXISTING_FOLDER, help="Your own post templates.")
@option(
    "--replace",
    is_flag=True,
    help="Take over the reminders of another file that has this plan's key.",
)
@click.pass_obj
def remind_add(
    obj: dict[str, Path],
    decision_file: Path,
    lead: dt.timedelta,
    templates: Path | None,
    replace: bool,
) -> None:
    """Register (or update) the reminders of a plan. Another file's plan with the same
    key is refused unless --replace.

    Example: planner remind add leave-x.toml --lead 1h
    """
    from planner.identity import derived_id
    from planner.reminders import open_store, plan_reminders

    plan, posts = _plan_and_posts(decision_file, templates)
    reminders = plan_reminders(plan, posts, lead)
    with open_store(obj["db"]) as store:
        change = store.add(
            plan.key,
            str(decision_file.resolve()),
            plan.decision.organisation.name,
            reminders,
            plan.owner,
            replace=replace,
            suggestion=derived_id(plan.decision),
            zone=plan.decision.timezone,
        )
    echo(
        _(
            "{file}: {added} added, {updated} updated, {removed} removed, {unchanged} unchanged "
            "({db})"
        ).format(
            file=decision_file,
            added=change.added,
            updated=change.updated,
            removed=change.removed,
            unchanged=change.unchanged,
            db=obj["db"],
        )
    )
    if change.reworded:
        echo(
            ngettext(
                "{file}: took these reminders over from the web app, whose reminders of this "
                "plan are now off; its {count} reworded post is not in them: they carry the "
                "file's text",
                "{file}: took these reminders over from the web app, whose reminders of this "
                "plan are now off; its {count} reworded posts are not in them: they carry the "
                "file's text",
                change.reworded,
            ).format(file=decision_file, count=change.reworded),
            err=True,
        )


@remind.command("remove")
@argument("plan")
@option("--force", is_flag=True, help="Remove them even if another file with this key added them.")
@click.pass_obj
def remind_remove(obj: dict[str, Path], plan: str, force: bool) -> None:
    """Forget the reminders of a plan, given its decision file (not those another file with
    the same key added, unless --force) or, when that file is gone or broken, its key as
    remind list shows it, or the path it was added from.

    \b
    Examples:
      planner remind remove leave-x.toml
      planner remind remove les-amis-du-jardin-3f2a9c
    """
    from planner.identity import derived_id
    from planner.reminders import open_store

    path = Path(plan)
    found = _plan_of(path)
    with open_store(obj["db"]) as store:
        if found is None or isinstance(found, InputError):  # gone or broken
            keys = store.named(plan, str(path.resolve()))
            if not keys:
                raise found or InputError(
                    _(
                        "{plan}: no such decision file, and no plan of this key in the "
                        "reminders database {db}; planner remind list shows the key of each plan"
                    ).format(plan=plan, db=obj["db"])
                )
            removed = sum(store.remove(key) for key in keys)
        else:
            removed = store.remove(
                found.key,
                "" if force else str(path.resolve()),
                found.owner,
                derived_id(found.decision),
            )
    echo(
        ngettext(
            "{file}: {count} reminder removed", "{file}: {count} reminders removed", removed
        ).format(file=plan, count=removed)
    )


def _plan_of(path: Path) -> Plan | InputError | None:
    """The plan of a decision file; or why not: the file's errors, or None when there is
    no such file."""
    from planner.decision import load
    from planner.timeline import build_plan

    if not path.is_file():
        return None
    try:
        return build_plan(load(path))
    except InputError as exc:
        return exc


@remind.command("list")
@click.pass_obj
def remind_list(obj: dict[str, Path]) -> None:
    """Upcoming, sent, late, failed and missed reminders, per plan, each plan with its key
    and the file it was added from.

    Example: planner remind list
    """
    from planner import zones
    from planner.countries import zone_country
    from planner.outbox import listing
    from planner.reminders import open_store, state_word
    from planner.wording import said_date

    now = dt.datetime.now(dt.UTC)
    with open_store(obj["db"]) as store:
        rows = sorted(
            store.listing(now) + listing(store.db, now),
            key=lambda row: (row.name, row.plan, row.due, row.step),
        )
    # A post (Bluesky, Mastodon) is shown with the title of its step's reminder.
    titles = {(row.plan, row.step): row.title for row in rows if row.title}
    if not rows:
        echo(_("No reminders yet: planner remind add leave-x.toml"))
    current = None
    for row in rows:
        if row.plan != current:
            heading = _("{name} (plan {key}, from {file}), times in {zone}").format(
                name=row.name, key=row.plan, file=row.source, zone=row.zone
            )
            echo(f"{'' if current is None else chr(10)}{heading}")
            current = row.plan
        named = zones.is_name(row.zone)
        due = row.due.astimezone(zones.zone(row.zone) if named else dt.UTC)
        when = f"{said_date(due.date(), zone_country(row.zone) if named else None)}, {due:%H:%M}"
        title = titles.get((row.plan, row.step)) or _("step {id}").format(id=row.step)
        details = f" ({row.details})" if row.details else ""
        echo(f"  {when} · {state_word(row.status)} · {title}{details}")


def _channels(obj: dict[str, Path]) -> list[Channel]:
    """The configured channels, checked; from here on, log lines go to stderr."""
    from planner.notify import check as check_channels
    from planner.notify import configured

    channels = configured(obj["config"])
    _logging(channels)
    check_channels(channels)
    return channels


def _poster(obj: dict[str, Path]) -> Any:
    """What publishes the Bluesky posts: the account in effect at each post (environment,
    accounts file, planner serve's settings), no network until the first post; with no
    account, each post fails with the fix. An accounts file that cannot be used is refused
    here, before the daemon starts."""
    from planner.bluesky import Configured

    _accounts(obj["accounts"], obj["db"])
    return Configured(lambda: _load_accounts(obj["accounts"], obj["db"]))


def _logging(channels: list[Channel]) -> None:
    """planner's log lines (INFO and up) on stderr, with the warnings of APScheduler and of
    Apprise, whose lines have every part of the channels' URLs redacted. The root logger
    is left alone: whatever else logs is not shown."""
    import logging

    from planner.daemon import CleanFormatter
    from planner.notify import Redacted

    for name, level in (
        ("planner", logging.INFO),
        ("apscheduler", logging.WARNING),
        ("apprise", logging.WARNING),
    ):
        handler = logging.StreamHandler()
        handler.setFormatter(CleanFormatter("%(asctime)s %(message)s"))
        if name == "apprise":
            handler.addFilter(Redacted(channels))
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.handlers = [handler]  # once, however many commands run in this process
        logger.propagate = False


POST_GRACE = click.option(
    "--post-grace",
    type=GRACE,
    default="30m",
    show_default=True,
    help="Publish a Bluesky post up to this late (at most 30d); later, it is recorded as missed.",
)


@remind.command("due")
@option(
    "--grace",
    type=GRACE,
    default="24h",
    show_default=True,
    help="Send late reminders up to this late (at most 30d); older ones are recorded as missed.",
)
@POST_GRACE
@click.pass_obj
def remind_due(obj: dict[str, Path], grace: dt.timedelta, post_grace: dt.timedelta) -> None:
    """Send what is due now, then exit (for cron or a systemd timer).

    Example: planner remind due
    """
    from planner.daemon import deliver_due, exclusive

    channels = _channels(obj)
    poster = _poster(obj)
    with exclusive(obj["db"]):
        deliver_due(obj["db"], channels, grace, poster, post_grace)


@remind.command("run")
@option(
    "--grace",
    type=GRACE,
    default="24h",
    show_default=True,
    help="Send late reminders up to this late (at most 30d); older ones are recorded as missed.",
)
@option(
    "--resync",
    type=RESYNC,
    default="5m",
    show_default=True,
    help="How often to re-read the database, from 1s to 24h (SIGHUP also does).",
)
@POST_GRACE
@click.pass_obj
def remind_run(
    obj: dict[str, Path], grace: dt.timedelta, resync: dt.timedelta, post_grace: dt.timedelta
) -> None:
    """The daemon: sends each reminder when it is due, and publishes the Bluesky posts
    that `planner schedule --bluesky` gave it; SIGTERM or Ctrl-C stops it.

    Example: planner remind run
    """
    from planner.daemon import run as run_daemon

    channels = _channels(obj)
    run_daemon(obj["db"], channels, grace, resync.total_seconds(), _poster(obj), post_grace)


@remind.command("test")
@click.pass_obj
def remind_test(obj: dict[str, Path]) -> None:
    """Send one test message to every configured channel.

    Example: PLANNER_NOTIFY="ntfy://ntfy.sh/our-topic" planner remind test
    """
    from planner.notify import Message, SendError

    failed = 0
    for channel in _channels(obj):
        try:
            channel.send(
                Message(
                    "planner/test",
                    _("planner: test message"),
                    _("If you read this, planner's reminders reach you here."),
                )
            )
        except SendError as exc:
            failed += 1
            echo(
                _("FAILED {channel}: {reason}").format(channel=channel.label, reason=exc), err=True
            )
        else:
            echo(_("sent {channel}").format(channel=channel.label))
    if failed:
        raise SystemExit(1)


@main.command()
@option(
    "--port",
    type=WholeNumber(1, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on.",
)
@option(
    "--host",
    metavar="ADDRESS",
    default="127.0.0.1",
    show_default=True,
    help="Only 127.0.0.1 (or localhost): the app is for this machine.",
)
@option(
    "--data",
    type=NEW_FOLDER,
    help="The folder of its database (default: your user data folder, as planner remind).",
)
@option("--open", "open_browser", is_flag=True, help="Open the app in the browser.")
@option(
    "--remind",
    is_flag=True,
    help="Also send the reminders from this process (as planner remind run).",
)
@option(
    "--config",
    type=NEW_FILE,
    help="With --remind: a TOML file with urls = [...] of Apprise notification URLs "
    "(default: notify.toml in your user config folder).",
)
@click.option(
    "--accounts",
    "accounts_file",
    type=NEW_FILE,
    help="The accounts file, which wins over the accounts saved in the app's settings "
    "(default: accounts.toml in your user config folder).",
)
@click.option(
    "--hosted",
    is_flag=True,
    help="Keep the plans in the hosted database (SQLite or PostgreSQL, see --database).",
)
@option(
    "--database",
    metavar="URL",
    envvar="PLANNER_DATABASE",
    help="With --hosted: postgresql://USER:PASSWORD@HOST/NAME or sqlite:///FILE "
    "(default: hosted.sqlite3 in the data folder); also read from PLANNER_DATABASE.",
)
@option(
    "--workers",
    type=WholeNumber(1, 64),
    default=1,
    show_default=True,
    help="With --hosted: how many processes serve (one of them, chosen through the "
    "database, sends the reminders).",
)
@option(
    "--trusted-host",
    "trusted",
    multiple=True,
    metavar="NAME",
    help="With --hosted: a name the instance is reached by, on the ports 80 and 443 "
    "(planner.example.org), or on another port (planner.example.org:8443); repeat for "
    "each, or list them in PLANNER_TRUSTED_HOSTS. Requests for any other name or port "
    "are refused.",
)
@click.option(
    "--proxy-headers",
    is_flag=True,
    help="With --hosted: trust X-Forwarded-For and X-Forwarded-Proto from the reverse "
    "proxy (from 127.0.0.1, or the addresses of FORWARDED_ALLOW_IPS).",
)
@option(
    "--public-url",
    "public",
    metavar="URL",
    envvar="PLANNER_PUBLIC_URL",
    help="With --hosted: the address people open the instance at "
    "(https://planner.example.org), which invitation links are built on; also read from "
    "PLANNER_PUBLIC_URL. Invitations are mailed through the Apprise mailto:// or "
    "mailtos:// URL of PLANNER_MAIL_URL.",
)
@option(
    "--allow-network",
    "allow",
    multiple=True,
    metavar="NETWORK",
    help="With --hosted: a network (10.0.0.0/8), an address or a host name "
    "(pds.federation.lan) that workspaces may send to although it is private or local, "
    "like the federation's own PDS or ntfy server; repeat for each, or list them in "
    "PLANNER_ALLOW_NETWORKS. Any other private or local address is refused.",
)
@option(
    "--add-admin",
    "admin",
    metavar="EMAIL",
    help="With --hosted: make EMAIL an administrator of the instance (its password is "
    "asked for, or read from PLANNER_ADMIN_PASSWORD), then stop.",
)
def serve(
    port: int,
    host: str,
    data: Path | None,
    open_browser: bool,
    remind: bool,
    config: Path | None,
    accounts_file: Path | None,
    hosted: bool,
    database: str | None,
    workers: int,
    trusted: tuple[str, ...],
    proxy_headers: bool,
    public: str | None,
    allow: tuple[str, ...],
    admin: str | None,
) -> None:
    """The web app: plans, the decision form, today's posts to copy, the calendar feed and
    the reminders, in your browser, on this machine only.

    Plans made in the browser are kept in the reminders database; once their reminders
    are turned on in the browser, `planner remind list` shows them, "from planner serve".
    A plan's reminders belong to the browser or to a decision file (`planner remind add`),
    never both: the other is refused, unless the browser's confirmation or --replace.

    \b
    Examples:
      planner serve --open
      planner serve --port 8001 --remind
      planner serve --hosted --database postgresql://planner@localhost/planner
    """
    import platformdirs

    from planner.web.server import loopback, run

    if not hosted:
        loopback(host)  # refused before anything else is loaded or opened
    if database is not None and not hosted:
        raise InputError(_("--database: add --hosted (the local mode keeps its own database)"))
    folder = data or platformdirs.user_data_path("planner")
    if hosted and database is None:
        # planner's own folder, made as the local mode makes it; if it cannot be, the
        # database's one line says so.
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        database = f"sqlite:///{folder / 'hosted.sqlite3'}"
    if admin is not None:
        if database is None:
            raise InputError(_("--add-admin: add --hosted (the local mode has no accounts)"))
        from planner.web.server import add_admin

        password = os.environ.get("PLANNER_ADMIN_PASSWORD")
        if password is None:
            password = ask(_("Password for {user}").format(user=admin), hide_input=True)
        add_admin(database, admin, password, dt.datetime.now(dt.UTC))
        echo(_("{email} administers this instance; log in at /login.").format(email=admin))
        return
    if database is not None:
        from planner.web.server import run_hosted

        if remind:
            raise InputError(
                _("--remind: the hosted mode always sends the reminders; leave --remind out")
            )
        run_hosted(
            database,
            host,
            port,
            workers=workers,
            trusted=trusted,
            proxy_headers=proxy_headers,
            forwarded_allow=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            public=public,
            allow=allow,
            announce=lambda line: echo(line, err=True),
        )
        return
    settings = config or platformdirs.user_config_path("planner") / "notify.toml"
    accounts = accounts_file or platformdirs.user_config_path("planner") / "accounts.toml"
    local = folder / "reminders.sqlite3"
    if remind:
        import logging

        _logging([])
        # Apprise's lines can name a channel added in the browser after the start, which
        # no filter made now would know: they are not shown.
        logging.getLogger("apprise").handlers = [logging.NullHandler()]
    # The sending libraries' warnings, without the secrets in effect when each is logged
    # (the settings page can change them while the app runs).
    _secret_logging(lambda: _load_accounts(accounts, local).secrets)
    run(
        local,
        host,
        port,
        open_browser=open_browser,
        remind=remind,
        config=settings,
        accounts=accounts,
        environ=os.environ,
        announce=lambda line: echo(line, err=True),
    )


def translate_commands(command: click.Command) -> None:
    """Translate the help of every command and option, in place, into the active language.

    The English texts (docstrings and ``help=``) are the message ids; the originals are
    kept so that a second call in another language starts from them.
    """
    items: list[click.Command | click.Option] = [
        command,
        *(p for p in command.params if isinstance(p, click.Option)),
    ]
    for item in items:
        original = item.__dict__.setdefault("_planner_help", item.help or "")
        if original:
            item.help = _(original)
    command.options_metavar = _("[OPTIONS]")  # click's, in the usage line
    if isinstance(command, click.Group):
        command.subcommand_metavar = _("COMMAND [ARGS]...")  # click's, in the usage line

    if isinstance(command, click.Group):
        for sub in command.commands.values():
            translate_commands(sub)


def run() -> None:
    """The `planner` command (also `python -m planner`): choose the language, translate the
    help, then run."""
    language = choose(sys.argv[1:], os.environ)
    activate(language)
    if language != "en":  # the English texts are the message ids themselves
        translate_commands(main)
    main(prog_name="planner")


if __name__ == "__main__":  # pragma: no cover
    run()
