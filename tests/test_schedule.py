"""`planner schedule --mastodon` against a Mastodon stub on 127.0.0.1 (tests/mastodon_stub.py,
written from Mastodon's source: no Mastodon server installs from the registries here)."""

from __future__ import annotations

import datetime as dt
import re
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner import outbox
from planner.cli import main
from planner.errors import InputError, TooLongError
from planner.reminders import open_store
from planner.schedule import (
    Action,
    Limits,
    Remote,
    Wanted,
    changes,
    limits_from,
    problems,
)

from .conftest import EXAMPLES
from .mastodon_stub import MastodonStub, serving

TOKEN = "Zq3mTOKENsecret-7fA1bC9dE2gH4jK6lM8nP0qR"
JARDIN = next(p for p in EXAMPLES if p.name == "jardin-partage-quitte-x.toml")


@pytest.fixture
def stub() -> Iterator[MastodonStub]:
    """A Mastodon stub whose one token has the scopes planner asks for."""
    with serving(TOKEN) as server:
        yield server


def decision(
    tmp_path: Path, *, days: int = 40, notice: int = 28, post_time: str = "10:00:00"
) -> Path:
    """The garden's decision, made today, leaving X in ``days`` days."""
    today = dt.date.today()
    text = JARDIN.read_text("utf-8")
    text = re.sub(r"decided_on = \S+", f"decided_on = {today.isoformat()}", text)
    text = re.sub(
        r"(?m)^date = \S+", f"date = {(today + dt.timedelta(days=days)).isoformat()}", text
    )
    text = re.sub(r"notice_days = \d+", f"notice_days = {notice}", text)
    text = re.sub(r"post_time = \S+", f"post_time = {post_time}", text)
    path = tmp_path / "leave-x.toml"
    path.write_text(text, "utf-8")
    return path


def schedule(
    tmp_path: Path, stub_url: str, *args: str, token: str = TOKEN, file: Path | None = None
) -> Result:
    """`planner schedule FILE --mastodon ARGS` on the test's database, the token in the
    environment; the token never appears in what it prints."""
    result = CliRunner().invoke(
        main,
        [
            "schedule",
            str(file or tmp_path / "leave-x.toml"),
            "--mastodon",
            "--db",
            str(tmp_path / "r.db"),
            "--accounts",
            str(tmp_path / "none.toml"),
            *args,
        ],
        env={"PLANNER_MASTODON_TOKEN": token, "PLANNER_MASTODON_INSTANCE": stub_url},
        catch_exceptions=False,
    )
    assert token not in result.stdout + result.stderr
    return result


def mastodon_posts(tmp_path: Path, path: Path) -> dict[str, tuple[dt.datetime, str]]:
    """The plan's Mastodon posts still ahead, by step: (UTC time, text)."""
    from planner.decision import load
    from planner.posts import render_posts
    from planner.timeline import build_plan

    plan = build_plan(load(path))
    now = dt.datetime.now(dt.UTC)
    return {
        p.step.id: (p.step.start.astimezone(dt.UTC), p.text)  # type: ignore[union-attr]
        for p in render_posts(plan)
        if p.channel == "mastodon" and p.step.start.astimezone(dt.UTC) > now  # type: ignore[union-attr]
    }


def on_server(stub: MastodonStub) -> dict[str, tuple[dt.datetime, str]]:
    """The stub's scheduled statuses by text: (time, id)."""
    return {
        s["params"]["text"]: (
            dt.datetime.fromisoformat(s["scheduled_at"].replace("Z", "+00:00")),
            s["id"],
        )
        for s in stub.scheduled.values()
    }


def writes(stub: MastodonStub) -> list[tuple[str, str]]:
    return [(m, p) for m, p, _h, _b in stub.requests if m != "GET"]


def test_first_run_schedules_every_future_post_at_its_time(
    tmp_path: Path, stub: MastodonStub
) -> None:
    """Each future Mastodon post is one scheduled status, at the step's time, public, in the
    plan's language, with an Idempotency-Key of its own; `remind list` shows them."""
    path = decision(tmp_path)
    wanted = mastodon_posts(tmp_path, path)
    assert len(wanted) >= 5
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 0, result.stderr
    assert f"{len(wanted)} scheduled" in result.stdout
    server = on_server(stub)
    assert {text: at for text, (at, _id) in server.items()} == {t: at for at, t in wanted.values()}
    for status in stub.scheduled.values():
        assert status["params"]["language"] == "fr"
        assert status["params"]["visibility"] == "public"
    keys = [h.get("Idempotency-Key") for m, _p, h, _b in stub.requests if m == "POST"]
    assert len(keys) == len(wanted) and None not in keys and len(set(keys)) == len(keys)
    listing = CliRunner().invoke(main, ["remind", "--db", str(tmp_path / "r.db"), "list"])
    host = stub.url.removeprefix("http://")
    assert listing.stdout.count(f"scheduled on {host}") == len(wanted)
    assert TOKEN not in (tmp_path / "r.db").read_bytes().decode("latin-1")


def test_second_run_changes_nothing(tmp_path: Path, stub: MastodonStub) -> None:
    """Run twice: the second sends no write at all."""
    decision(tmp_path)
    assert schedule(tmp_path, stub.url).exit_code == 0
    before = dict(stub.scheduled)
    sent = len(writes(stub))
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 0
    assert len(writes(stub)) == sent
    assert stub.scheduled == before
    assert "0 scheduled, 0 moved, 0 replaced, 0 deleted" in result.stdout


def test_a_moved_time_updates_the_same_status(tmp_path: Path, stub: MastodonStub) -> None:
    """A new post time moves the scheduled statuses it concerns (PUT, same ids); the others
    are left alone."""
    decision(tmp_path)
    schedule(tmp_path, stub.url)
    before = on_server(stub)
    moved_path = decision(tmp_path, post_time="11:30:00")
    wanted = mastodon_posts(tmp_path, moved_path)
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 0, result.stderr
    after = on_server(stub)
    assert {t: at for t, (at, _i) in after.items()} == {t: at for at, t in wanted.values()}
    moved = [t for t in after if after[t][0] != before[t][0]]
    assert moved and all(after[t][1] == before[t][1] for t in after)  # same statuses
    assert {m for m, _p in writes(stub)[len(before) :]} == {"PUT"}


def test_a_removed_step_deletes_its_status_and_nothing_else(
    tmp_path: Path, stub: MastodonStub
) -> None:
    """A shorter notice has fewer reminders: the statuses of the steps gone are deleted, the
    account's own scheduled status stays."""
    decision(tmp_path, days=60, notice=42)
    own = stub.add_own(dt.datetime.now(dt.UTC) + dt.timedelta(days=3), "Our own post")
    schedule(tmp_path, stub.url)
    count = len(stub.scheduled)
    path = decision(tmp_path, days=60, notice=21)
    wanted = mastodon_posts(tmp_path, path)
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 0, result.stderr
    assert own in stub.scheduled
    assert {t for t in on_server(stub) if t != "Our own post"} == {t for _at, t in wanted.values()}
    assert len(stub.scheduled) < count
    assert "deleted" in result.stdout


def test_dry_run_then_cancel(tmp_path: Path, stub: MastodonStub) -> None:
    """--dry-run sends no write; --cancel deletes the plan's statuses only."""
    decision(tmp_path)
    result = schedule(tmp_path, stub.url, "--dry-run")
    assert result.exit_code == 0 and "to schedule" in result.stdout
    assert writes(stub) == [] and stub.scheduled == {}
    own = stub.add_own(dt.datetime.now(dt.UTC) + dt.timedelta(days=3), "Our own post")
    schedule(tmp_path, stub.url)
    assert len(stub.scheduled) > 1
    result = schedule(tmp_path, stub.url, "--cancel")
    assert result.exit_code == 0, result.stderr
    assert list(stub.scheduled) == [own]


def test_a_status_created_but_not_recorded_is_taken_back_not_doubled(
    tmp_path: Path, stub: MastodonStub
) -> None:
    """A crash after the server's answer and before the database: the next run finds the
    status by its time and text, even after the idempotency key has expired."""
    decision(tmp_path)
    schedule(tmp_path, stub.url)
    count = len(stub.scheduled)
    with sqlite3.connect(tmp_path / "r.db") as db:
        db.execute("DELETE FROM scheduled WHERE step = 'x/announce'")
    db.close()
    stub.idempotency.clear()  # an hour later
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 0, result.stderr
    assert len(stub.scheduled) == count
    assert "found on the server" in result.stdout


def test_daily_cap_is_refused_before_anything_is_sent(tmp_path: Path, stub: MastodonStub) -> None:
    """25 scheduled statuses already on the day of the announcement: one line naming the
    step, exit 2, nothing sent."""
    path = decision(tmp_path)
    at, _text = mastodon_posts(tmp_path, path)["x/announce"]
    for n in range(25):
        stub.add_own(at.replace(hour=0, minute=n), f"own {n}")
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 2
    assert re.search(
        r"Error: x/announce: 26 posts would be scheduled on \d+\xa0\w+\xa0\d{4} \(UTC\)",
        result.stderr,
    )
    assert "accepts 25 a day" in result.stderr
    assert writes(stub) == []


def test_total_cap_is_refused_before_anything_is_sent(tmp_path: Path, stub: MastodonStub) -> None:
    """299 scheduled statuses already: the plan's posts would pass 300."""
    decision(tmp_path)
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=200)
    for n in range(299):
        stub.add_own(start + dt.timedelta(days=n // 20, minutes=n), f"own {n}")
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 2
    assert "would be scheduled in all and Mastodon accepts 300" in result.stderr
    assert writes(stub) == []


def test_server_refusal_names_the_step(tmp_path: Path, stub: MastodonStub) -> None:
    """When the server still says no (422, here a shorter limit it announces only when
    posting), the error names the step and the server's reason; what was sent is kept."""
    decision(tmp_path)
    stub.max_characters = 100  # /api/v2/instance says 100: planner refuses first, exit 3
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 3
    assert (
        "Error: x/announce:" in result.stderr
        and "this Mastodon server accepts 100" in result.stderr
    )
    assert writes(stub) == []


def test_a_refused_token_is_one_line_and_never_shown(tmp_path: Path, stub: MastodonStub) -> None:
    """A token the server does not know: exit 2, the fix, not the token."""
    decision(tmp_path)
    result = schedule(tmp_path, stub.url, token="WRONGtoken-abcdefghijklmnop")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "refused the token" in result.stderr
    assert "WRONGtoken" not in result.stderr


def test_a_token_without_read_scope_says_which_scopes(tmp_path: Path, stub: MastodonStub) -> None:
    """A write-only token cannot list the scheduled statuses (Mastodon asks read:statuses)."""
    stub.tokens["writeonly-token-1234567890"] = {"write:statuses"}
    decision(tmp_path)
    result = schedule(tmp_path, stub.url, token="writeonly-token-1234567890")
    assert result.exit_code == 2
    assert "read:statuses and write:statuses" in result.stderr


def test_the_server_down_is_one_line(tmp_path: Path) -> None:
    """Nothing listens on the port: exit 1, one line, nothing recorded."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    decision(tmp_path)
    result = schedule(tmp_path, url)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "cannot be reached" in result.stderr


def test_the_server_down_in_a_dry_run_says_nothing_was_changed(tmp_path: Path) -> None:
    """A dry run that cannot reach the server says nothing was changed, not that what was
    done so far is kept (it did nothing)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    decision(tmp_path)
    result = schedule(tmp_path, url, "--dry-run")
    assert result.exit_code == 1
    assert "cannot be reached" in result.stderr
    assert "dry run: nothing was changed" in result.stderr
    assert "so far is kept" not in result.stderr


def test_a_bluesky_dry_run_needs_no_account(tmp_path: Path) -> None:
    """`--bluesky --dry-run` with no Bluesky account: what would be given to the daemon,
    and a note that an account is needed to post for real; exit 0, nothing recorded."""
    path = JARDIN.parent / "cooperative-quitte-x-et-instagram.toml"  # Bluesky, in the future
    result = CliRunner().invoke(
        main,
        [
            "schedule",
            str(path),
            "--bluesky",
            "--dry-run",
            "--db",
            str(tmp_path / "r.db"),
            "--accounts",
            str(tmp_path / "none.toml"),
        ],
        env={"PLANNER_BLUESKY_HANDLE": None, "PLANNER_BLUESKY_APP_PASSWORD": None},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "to post on Bluesky" in result.stdout
    assert "(dry run: nothing was changed)" in result.stdout
    assert result.stderr.startswith("Warning: no Bluesky account: set PLANNER_BLUESKY_HANDLE")
    assert "PLANNER_BLUESKY_HANDLE" in result.stderr
    with open_store(tmp_path / "r.db") as store:
        assert outbox.listing(store.db, dt.datetime.now(dt.UTC)) == []


def test_rate_limited_says_when_to_try_again(tmp_path: Path, stub: MastodonStub) -> None:
    """429 with X-RateLimit-Reset: the time to run it again, never a silent wait."""
    decision(tmp_path)
    stub.rate_limited = True
    result = schedule(tmp_path, stub.url)
    assert result.exit_code == 1
    assert re.search(r"too many requests for now; run it again after \d\d:\d\d", result.stderr)


def test_no_token_says_where_to_put_one(tmp_path: Path) -> None:
    """No token anywhere: the variable and the file to use."""
    decision(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "schedule",
            str(tmp_path / "leave-x.toml"),
            "--mastodon",
            "--accounts",
            str(tmp_path / "a.toml"),
        ],
        env={"PLANNER_MASTODON_TOKEN": None},
    )
    assert result.exit_code == 2
    assert "no Mastodon token: set PLANNER_MASTODON_TOKEN" in result.stderr


def test_accounts_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    """An accounts file of mode 644 is refused with the chmod that fixes it, unread."""
    decision(tmp_path)
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(f'[mastodon]\ntoken = "{TOKEN}"\n', "utf-8")
    accounts.chmod(0o644)
    result = CliRunner().invoke(
        main,
        ["schedule", str(tmp_path / "leave-x.toml"), "--mastodon", "--accounts", str(accounts)],
        env={"PLANNER_MASTODON_TOKEN": None},
    )
    assert result.exit_code == 2
    assert f"run: chmod 600 {accounts}" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_accounts_file_of_mode_600_is_used(tmp_path: Path, stub: MastodonStub) -> None:
    """The token and the server from the accounts file."""
    decision(tmp_path)
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(f'[mastodon]\ntoken = "{TOKEN}"\ninstance = "{stub.url}"\n', "utf-8")
    accounts.chmod(0o600)
    result = CliRunner().invoke(
        main,
        [
            "schedule",
            str(tmp_path / "leave-x.toml"),
            "--mastodon",
            "--accounts",
            str(accounts),
            "--db",
            str(tmp_path / "r.db"),
        ],
        env={"PLANNER_MASTODON_TOKEN": None, "PLANNER_MASTODON_INSTANCE": None},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert stub.scheduled


# --- the rules, without a server -----------------------------------------------------------

NOW = dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.UTC)


def test_less_than_five_minutes_ahead_is_refused() -> None:
    """Mastodon posts at once a status scheduled 5 minutes ahead or less: refused, naming
    the step; 6 minutes ahead is fine."""
    soon = Wanted("x/final", NOW + dt.timedelta(minutes=4), "Au revoir", "fr")
    later = Wanted("x/remind-1", NOW + dt.timedelta(minutes=6), "Bientôt", "fr")
    error = problems(changes([soon, later], {}, []), [], Limits(), NOW, dt.UTC)
    assert isinstance(error, InputError)
    assert str(error).startswith(
        "x/final: on 1\xa0January\xa02027 at 09:04, less than 5 minutes from now"
    )
    assert "x/remind-1" not in str(error)


def test_the_servers_own_limits_are_used() -> None:
    """max_characters and characters_reserved_per_url from /api/v2/instance: a link counts
    what the server says."""
    limits = limits_from(
        {"configuration": {"statuses": {"max_characters": 40, "characters_reserved_per_url": 30}}}
    )
    assert limits == Limits(40, 30)
    text = "Voir https://a.example/x"  # 5 + 30 = 35 with this server, 28 with the default
    ok = Wanted("x/announce", NOW + dt.timedelta(days=1), text, "fr")
    assert problems(changes([ok], {}, []), [], limits, NOW, dt.UTC) is None
    tight = Limits(30, 30)
    error = problems(changes([ok], {}, []), [], tight, NOW, dt.UTC)
    assert isinstance(error, TooLongError) and "35 characters" in str(error)
    assert limits_from({"configuration": {}}) == Limits(500, 23)


def test_a_moved_and_rewritten_step_is_one_replacement() -> None:
    """A new text cannot be PUT (only scheduled_at can): delete and create."""
    from planner.schedule import Record

    old = Wanted("x/announce", NOW + dt.timedelta(days=1), "Avant", "fr")
    new = Wanted("x/announce", NOW + dt.timedelta(days=2), "Après", "fr")
    record = Record("x/announce", "7", old.at, old.digest)
    actions = changes([new], {"x/announce": record}, [Remote("7", old.at, "Avant")])
    assert [a.kind for a in actions] == ["replace"]
    same_text = Wanted("x/announce", NOW + dt.timedelta(days=2), "Avant", "fr")
    actions = changes([same_text], {"x/announce": record}, [Remote("7", old.at, "Avant")])
    assert [(a.kind, a.at) for a in actions] == [("move", same_text.at)]
    assert isinstance(actions[0], Action)


def test_a_plan_without_a_mastodon_server_says_where_to_set_one() -> None:
    """No instance and no Mastodon destination: the command line names the variable, the
    hosted web app (which reads no variable) its Accounts page."""
    from planner.accounts import Accounts, mastodon_account

    accounts = Accounts(mastodon={"token": "t" * 43})
    with pytest.raises(InputError, match=r"or set PLANNER_MASTODON_INSTANCE$"):
        mastodon_account(accounts, None)
    with pytest.raises(InputError, match=r"or set the server on the Accounts page$"):
        mastodon_account(accounts, None, instance_where="the server on the Accounts page")
