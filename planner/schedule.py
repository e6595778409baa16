"""Mastodon scheduled statuses: the plan's Mastodon posts, put on the server at their times.

Mastodon keeps a scheduled status and publishes it itself (``POST /api/v1/statuses`` with
``scheduled_at``), so nothing of planner needs to run at the post's time. The rules used
here are Mastodon's own (mastodon/mastodon):

- a ``scheduled_at`` less than 5 minutes ahead is not scheduled but posted at once
  (``PostStatusService::MIN_SCHEDULE_OFFSET``, ``scheduled_in_the_past?``), so planner
  refuses such a post before sending anything;
- at most 25 scheduled statuses per day (the day of ``scheduled_at`` in UTC, the
  database's ``scheduled_at::date``) and 300 in all per account
  (``ScheduledStatus::DAILY_LIMIT``, ``TOTAL_LIMIT``), counted with the account's other
  scheduled statuses;
- an ``Idempotency-Key`` makes the server answer a repeated request with the status the
  first one made, for an hour (``redis.setex(idempotency_key, 3_600, …)``); the key is
  derived from the plan, the step and what is sent, so that a changed post is a new key;
- ``PUT /api/v1/scheduled_statuses/:id`` changes only ``scheduled_at``: a changed text is
  a deletion and a new status;
- listing scheduled statuses needs the ``read:statuses`` scope
  (``Api::V1::ScheduledStatusesController``), posting ``write:statuses``;
- the length limit and what a link counts are the server's (``/api/v2/instance``:
  ``configuration.statuses.max_characters`` and ``characters_reserved_per_url``).

Which scheduled status is which step's is kept in a :class:`Ledger` (the reminders
database's table ``scheduled``, or the hosted database's): the server does not keep the
key, and the account may hold scheduled statuses of its own that planner must leave
alone. A status that planner created but did not record (a crash between the server's
answer and the database) is found again by its time and text and adopted, never created
twice.

The network is touched only through :class:`Server` (Mastodon.py, imported there).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from planner.accounts import MastodonAccount
from planner.errors import InputError, PlannerError, TooLongError
from planner.i18n import _
from planner.lengths import MASTODON_URL_LENGTH, count_mastodon
from planner.posts import Post
from planner.timeline import Plan
from planner.wording import said_date, said_number

if TYPE_CHECKING:
    from planner.reminders import Store

MIN_AHEAD = dt.timedelta(minutes=5)  # PostStatusService::MIN_SCHEDULE_OFFSET
DAILY_LIMIT = 25  # ScheduledStatus::DAILY_LIMIT
TOTAL_LIMIT = 300  # ScheduledStatus::TOTAL_LIMIT
DEFAULT_LIMIT = 500  # StatusLengthValidator::MAX_CHARS, when the server does not say
TIMEOUT = 30.0  # seconds for one request


@dataclass(frozen=True, slots=True)
class Limits:
    """The server's post length limit and what a link counts."""

    max_characters: int = DEFAULT_LIMIT
    url_length: int = MASTODON_URL_LENGTH


def limits_from(instance: Any) -> Limits:
    """The limits in an ``/api/v2/instance`` answer (the defaults for what it lacks)."""
    try:
        statuses = instance["configuration"]["statuses"]
        most = int(statuses.get("max_characters", DEFAULT_LIMIT))
        url = int(statuses.get("characters_reserved_per_url", MASTODON_URL_LENGTH))
    except (KeyError, TypeError, ValueError, AttributeError):
        return Limits()
    return Limits(most if most > 0 else DEFAULT_LIMIT, url if url >= 0 else MASTODON_URL_LENGTH)


@dataclass(frozen=True, slots=True)
class Wanted:
    """One Mastodon post of the plan, as it should be on the server."""

    step: str
    at: dt.datetime  # UTC, to the second
    text: str
    language: str

    @property
    def digest(self) -> str:
        """What identifies the content (language and text), not the time."""
        return hashlib.sha256(f"{self.language}\n{self.text}".encode()).hexdigest()[:32]

    def key(self, plan: str) -> str:
        """The Idempotency-Key: the plan, the step, the time and the content."""
        seed = f"planner\n{plan}\n{self.step}\n{self.at.isoformat()}\n{self.digest}"
        return hashlib.sha256(seed.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Record:
    """What planner knows it put on the server for a step."""

    step: str
    status_id: str
    at: dt.datetime
    digest: str


@dataclass(frozen=True, slots=True)
class Remote:
    """One scheduled status of the account, as the server lists it."""

    id: str
    at: dt.datetime
    text: str


Kind = Literal["create", "adopt", "move", "replace", "delete", "keep", "forget"]


@dataclass(frozen=True, slots=True)
class Action:
    """One thing to do on the server (or only in the database: adopt, forget)."""

    kind: Kind
    step: str
    at: dt.datetime
    wanted: Wanted | None = None
    record: Record | None = None
    remote: Remote | None = None


def mastodon_address(plan: Plan) -> str | None:
    """The server of the decision's Mastodon destination: its url, or its address's domain
    (used when no instance is configured)."""
    for destination in plan.decision.destinations:
        if destination.kind == "mastodon":
            if destination.url:
                return destination.url
            if destination.address and destination.address.count("@") == 2:
                return destination.address.rsplit("@", 1)[1]
    return None


def wanted_posts(plan: Plan, posts: Iterable[Post], now: dt.datetime) -> list[Wanted]:
    """The plan's Mastodon posts still ahead of ``now``, in time order (those already past
    are the server's business: published, or never scheduled)."""
    out = []
    for post in posts:
        if post.channel != "mastodon" or not isinstance(post.step.start, dt.datetime):
            continue
        at = post.step.start.astimezone(dt.UTC).replace(microsecond=0)
        if at > now:
            out.append(Wanted(post.step.id, at, post.text, post.language))
    return sorted(out, key=lambda w: (w.at, w.step))


def changes(wanted: list[Wanted], records: dict[str, Record], remote: list[Remote]) -> list[Action]:
    """What to do so that the server holds exactly the wanted posts; nothing else of the
    account is touched."""
    on_server = {r.id: r for r in remote}
    claimed = {r.status_id for r in records.values()}
    orphans = {(r.at, r.text): r for r in remote if r.id not in claimed}
    actions: list[Action] = []
    for w in wanted:
        record = records.get(w.step)
        if record is not None and record.status_id in on_server:
            if record.digest != w.digest:
                actions.append(
                    Action("replace", w.step, w.at, w, record, on_server[record.status_id])
                )
            elif record.at != w.at:
                actions.append(Action("move", w.step, w.at, w, record, on_server[record.status_id]))
            else:
                actions.append(Action("keep", w.step, w.at, w, record))
            continue
        orphan = orphans.pop((w.at, w.text), None)
        if orphan is not None:
            actions.append(Action("adopt", w.step, w.at, w, record, orphan))
        else:
            actions.append(Action("create", w.step, w.at, w, record))
    steps = {w.step for w in wanted}
    for record in records.values():
        if record.step in steps:
            continue
        if record.status_id in on_server:
            actions.append(
                Action("delete", record.step, record.at, None, record, on_server[record.status_id])
            )
        else:  # published by now, or deleted by hand: nothing left to do on the server
            actions.append(Action("forget", record.step, record.at, None, record))
    return actions


def problems(
    actions: list[Action], remote: list[Remote], limits: Limits, now: dt.datetime, zone: dt.tzinfo
) -> PlannerError | None:
    """Every reason the server would refuse one of the actions, or post it at the wrong
    time, each naming the step and what to do, as one error (exit 3 when only lengths are
    wrong, like `planner posts`; else 2); None when there is none."""
    out = []
    lengths = []
    sending = [a for a in actions if a.kind in ("create", "move", "replace")]
    for action in sending:
        assert action.wanted is not None
        local = action.at.astimezone(zone)
        if action.at <= now + MIN_AHEAD:
            out.append(
                _(
                    "{step}: on {day} at {time}, less than 5 minutes from now: Mastodon would "
                    "post it at once, not at its time; post it by hand, or run this again "
                    "after {time}"
                ).format(step=action.step, day=said_date(local.date()), time=f"{local:%H:%M}")
            )
        length = count_mastodon(action.wanted.text, limits.url_length)
        if length > limits.max_characters:
            lengths.append(
                _(
                    "{step}: {length} characters, this Mastodon server accepts {limit}; "
                    "shorten the template or the texts it uses"
                ).format(
                    step=action.step,
                    length=said_number(length),
                    limit=said_number(limits.max_characters),
                )
            )
    # The account's scheduled statuses once the deletions and moves are done.
    leaving = {a.remote.id for a in actions if a.remote and a.kind in ("delete", "replace", "move")}
    after = [r.at for r in remote if r.id not in leaving]
    after += [a.at for a in sending]
    per_day = Counter(at.date() for at in after)  # UTC days, as the server counts them
    for day, count in sorted(per_day.items()):
        if count > DAILY_LIMIT:
            names = ", ".join(a.step for a in sending if a.at.date() == day)
            out.append(
                _(
                    "{steps}: {count} posts would be scheduled on {day} (UTC) and Mastodon "
                    "accepts {limit} a day; delete scheduled posts of that day on the server "
                    "or move a step"
                ).format(steps=names, count=count, day=said_date(day), limit=DAILY_LIMIT)
            )
    if len(after) > TOTAL_LIMIT and sending:
        out.append(
            _(
                "{step}: {count} posts would be scheduled in all and Mastodon accepts {limit}; "
                "delete scheduled posts on the server first"
            ).format(step=sending[-1].step, count=len(after), limit=TOTAL_LIMIT)
        )
    if out:
        return InputError("\n".join(out + lengths))
    if lengths:
        return TooLongError("\n".join(lengths))
    return None


# --- the database ---------------------------------------------------------------------


class Ledger(Protocol):
    """Where planner keeps which scheduled status is which step's: the local reminders
    database (:class:`Local`), or a workspace of the hosted one
    (:class:`planner.web.hosted_posts.HostedLedger`)."""

    def claim(self, plan: Plan) -> None:
        """Refuse (InputError) a plan whose key another owner holds, before the server is
        asked anything."""

    def register(self, plan: Plan) -> None:
        """Record the plan as the holder of its statuses, before the first change."""

    def records(self, plan: str, instance: str) -> dict[str, Record]:
        """What planner put on ``instance`` for ``plan``, by step."""
        ...

    def remember(self, plan: str, name: str, instance: str, record: Record) -> None:
        """Record (at once: committed) that a status on the server is this step's."""

    def forget(self, plan: str, step: str) -> None:
        """Forget a step's status (deleted or published)."""


class Local:
    """The ledger of the reminders database (table ``scheduled``): a plan's key is held
    by one source (a decision file's path, or the web app), refused to another unless
    ``replace``; ``suggestion`` is the id the refusal offers."""

    def __init__(
        self, store: Store, source: str, *, replace: bool = False, suggestion: str = ""
    ) -> None:
        self.store = store
        self.source = source
        self.replace = replace
        self.suggestion = suggestion

    def claim(self, plan: Plan) -> None:
        with self.store.db:
            self.store.claim(plan.key, self.source, plan.owner, self.suggestion, "--replace")

    def register(self, plan: Plan) -> None:
        with self.store.db:
            self.store.register(
                plan.key,
                self.source,
                plan.decision.organisation.name,
                plan.owner,
                replace=self.replace,
                suggestion=self.suggestion,
                zone=plan.decision.timezone,
            )

    def records(self, plan: str, instance: str) -> dict[str, Record]:
        rows = self.store.db.execute(
            "SELECT step, status_id, at, digest FROM scheduled WHERE plan = ? AND instance = ?",
            (plan, instance),
        )
        return {
            step: Record(step, status_id, _parse(at), digest)
            for step, status_id, at, digest in rows
        }

    def remember(self, plan: str, name: str, instance: str, record: Record) -> None:
        with self.store.db:
            self.store.db.execute(
                "INSERT INTO scheduled VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(plan, step) "
                "DO UPDATE SET name = excluded.name, instance = excluded.instance, "
                "status_id = excluded.status_id, at = excluded.at, digest = excluded.digest",
                (
                    plan,
                    record.step,
                    name,
                    instance,
                    record.status_id,
                    _stamp(record.at),
                    record.digest,
                ),
            )

    def forget(self, plan: str, step: str) -> None:
        with self.store.db:
            self.store.db.execute("DELETE FROM scheduled WHERE plan = ? AND step = ?", (plan, step))


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


# --- the server -----------------------------------------------------------------------


class Server:
    """A Mastodon server, through Mastodon.py; every failure becomes a PlannerError whose
    message names the server and never the token."""

    def __init__(
        self,
        account: MastodonAccount,
        user_agent: str,
        dry_run: bool = False,
        token_where: str = "",
    ) -> None:
        from mastodon import Mastodon

        self.account = account
        self.dry_run = dry_run  # a failure then says nothing was changed, not what was kept
        # Where a refused token was set, when not the environment or accounts.toml (the
        # hosted mode's Accounts page).
        self.token_where = token_where
        self.api = Mastodon(
            access_token=account.token,
            api_base_url=account.instance,
            ratelimit_method="throw",  # never sleep unseen: say when to try again
            request_timeout=TIMEOUT,
            version_check_mode="none",
            user_agent=user_agent,
        )

    def _call(self, step: str | None, function: Any, *args: Any, **kwargs: Any) -> Any:
        import mastodon

        label = self.account.label
        kept = (
            _("(dry run: nothing was changed)")
            if self.dry_run
            else _("(what was done so far is kept)")
        )
        try:
            return function(*args, **kwargs)
        except mastodon.MastodonRatelimitError:
            reset = self.api.ratelimit_reset
            when = (
                dt.datetime.fromtimestamp(reset).strftime("%H:%M")
                if isinstance(reset, int | float)
                else "?"
            )
            raise PlannerError(
                _("{server}: too many requests for now; run it again after {time}").format(
                    server=label, time=when
                )
                + " "
                + kept
            ) from None
        except mastodon.MastodonUnauthorizedError:
            if self.token_where:
                raise InputError(
                    _(
                        "{server} refused the token: check the one on {where} (a token of "
                        "this server, with the scopes read:statuses and write:statuses)"
                    ).format(server=label, where=self.token_where)
                ) from None
            raise InputError(
                _(
                    "{server} refused the token: check PLANNER_MASTODON_TOKEN or accounts.toml "
                    "(a token of this server, with the scopes read:statuses and write:statuses)"
                ).format(server=label)
            ) from None
        except mastodon.MastodonNetworkError:
            raise PlannerError(
                _(
                    "{server} cannot be reached; check the address and the connection, then "
                    "run it again"
                ).format(server=label)
                + " "
                + kept
            ) from None
        except mastodon.MastodonNotFoundError:
            raise
        except mastodon.MastodonAPIError as exc:
            status = exc.args[1] if len(exc.args) > 1 else "?"
            reason = exc.args[3] if len(exc.args) > 3 and exc.args[3] else ""
            if status == 403:
                raise InputError(
                    _(
                        "{server} refused the token for this: it needs the scopes read:statuses "
                        "and write:statuses; create a token with both"
                    ).format(server=label)
                ) from None
            raise PlannerError(
                _("{server} refused {what} (HTTP {status}: {reason})").format(
                    server=label,
                    what=step or _("the request"),
                    status=status,
                    reason=str(reason)[:200] or "?",
                )
            ) from None
        except mastodon.MastodonError:
            raise PlannerError(
                _("{server} gave an answer planner cannot read; run it again later").format(
                    server=label
                )
            ) from None

    def limits(self) -> Limits:
        """The server's length limits (``/api/v2/instance``)."""
        return limits_from(self._call(None, self.api.instance_v2))

    def scheduled(self) -> list[Remote]:
        """Every scheduled status of the account (all pages)."""
        first = self._call(None, self.api.scheduled_statuses, limit=40)
        items = self._call(None, self.api.fetch_remaining, first)
        out = []
        for item in items:
            at = item["scheduled_at"]
            if isinstance(at, str):
                at = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
            params = item.get("params") or {}
            out.append(
                Remote(
                    str(item["id"]),
                    at.astimezone(dt.UTC).replace(microsecond=0),
                    str(params.get("text") or ""),
                )
            )
        return out

    def create(self, plan: str, wanted: Wanted) -> str:
        """Schedule one post; the scheduled status's id."""
        answer = self._call(
            wanted.step,
            self.api.status_post,
            wanted.text,
            visibility="public",
            language=wanted.language,
            scheduled_at=wanted.at,
            idempotency_key=wanted.key(plan),
        )
        return str(answer["id"])

    def move(self, status_id: str, at: dt.datetime, step: str) -> bool:
        """Change a scheduled status's time; False if it is no longer there."""
        import mastodon

        try:
            self._call(step, self.api.scheduled_status_update, status_id, at)
        except mastodon.MastodonNotFoundError:
            return False
        return True

    def delete(self, status_id: str, step: str) -> None:
        """Delete a scheduled status (one already gone is fine)."""
        import mastodon

        with contextlib.suppress(mastodon.MastodonNotFoundError):
            self._call(step, self.api.scheduled_status_delete, status_id)


@dataclass(frozen=True, slots=True)
class Target:
    """Where and for which plan the statuses go."""

    plan: str
    name: str
    instance: str  # the server's label: 'mastodon.social'


def apply(ledger: Ledger, server: Server, target: Target, actions: list[Action]) -> list[Action]:
    """Carry out the actions, deletions first (they free room under the caps); each
    server change is recorded in the database as soon as the server has answered.
    Returns what was done."""
    order = {"delete": 0, "forget": 0, "replace": 1, "move": 2, "adopt": 3, "create": 4, "keep": 5}
    done = []
    for action in sorted(actions, key=lambda a: order[a.kind]):
        kind = action.kind
        w = action.wanted
        if kind in ("delete", "replace") and action.record is not None:
            server.delete(action.record.status_id, action.step)
        if kind in ("delete", "forget"):
            ledger.forget(target.plan, action.step)
        elif (
            kind == "move"
            and action.record is not None
            and w is not None
            and not server.move(action.record.status_id, w.at, action.step)
        ):
            kind = "create"  # gone meanwhile: schedule it again
        if w is not None and kind in ("create", "replace"):
            status_id = server.create(target.plan, w)
            record = Record(w.step, status_id, w.at, w.digest)
            ledger.remember(target.plan, target.name, target.instance, record)
        elif w is not None and kind == "move" and action.record is not None:
            record = Record(w.step, action.record.status_id, w.at, w.digest)
            ledger.remember(target.plan, target.name, target.instance, record)
        elif w is not None and kind == "adopt" and action.remote is not None:
            record = Record(w.step, action.remote.id, w.at, w.digest)
            ledger.remember(target.plan, target.name, target.instance, record)
        done.append(Action(kind, action.step, action.at, w, action.record, action.remote))
    return done


def cancel_actions(records: dict[str, Record], remote: list[Remote]) -> list[Action]:
    """Deleting every scheduled status of the plan."""
    return changes([], records, remote)


def run(
    ledger: Ledger,
    plan: Plan,
    posts: Iterable[Post],
    server: Server,
    now: dt.datetime,
    *,
    dry_run: bool = False,
    cancel: bool = False,
) -> list[Action]:
    """Bring the server in line with the plan (or, with ``cancel``, delete the plan's
    scheduled statuses); with ``dry_run``, only say what would be done.

    Everything is checked before the first change: a refused step sends nothing.
    """
    from planner import zones

    name = plan.decision.organisation.name
    ledger.claim(plan)
    remote = server.scheduled()
    known = ledger.records(plan.key, server.account.label)
    if cancel:
        actions = changes([], known, remote)
    else:
        limits = server.limits()
        actions = changes(wanted_posts(plan, posts, now), known, remote)
        error = problems(actions, remote, limits, now, zones.zone(plan.decision.timezone))
        if error is not None:
            raise error
    if dry_run:
        return actions
    if not cancel:
        ledger.register(plan)
    return apply(ledger, server, Target(plan.key, name, server.account.label), actions)


def action_word(kind: str, dry_run: bool) -> str:
    """What an action did (or would do), in the interface's language."""
    done = {
        "create": _("scheduled"),
        "adopt": _("found on the server"),
        "move": _("moved"),
        "replace": _("replaced (new text)"),
        "delete": _("deleted"),
        "keep": _("unchanged"),
        "forget": _("published or deleted"),
    }
    planned = {
        "create": _("to schedule"),
        "adopt": _("to take back"),
        "move": _("to move"),
        "replace": _("to replace (new text)"),
        "delete": _("to delete"),
        "keep": _("unchanged"),
        "forget": _("published or deleted"),
    }
    return (planned if dry_run else done)[kind]
