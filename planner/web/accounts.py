"""People of the hosted mode: users, their roles in workspaces, sessions, invitations and
the slowing of wrong passwords, in the hosted database.

- A user is an e-mail address (lower case) with an Argon2 hash of the password
  (argon2-cffi's defaults, RFC 9106's second recommended option); an instance
  administrator creates workspaces and invites their first member.
- A session is a random token in a cookie; the database keeps only its SHA-256, so a
  copy of the database opens no session. It ends after :data:`SESSION_DAYS`, at logout,
  or for every browser at once ("log out everywhere").
- An invitation is a one-time link (the token's SHA-256 is kept), valid
  :data:`INVITATION_DAYS`, for one workspace and one role.
- After :data:`FREE_FAILURES` wrong passwords for one address within
  :data:`FAILURE_WINDOW`, each try waits twice as long as the one before (from one
  second, at most :data:`MAX_WAIT`) after the last failure, whatever the password:
  shared by every worker, since it is in the database.

Every function takes ``now``: only the routes read the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, and_, bindparam, delete, func, select, update

from planner.reminders import parse, stamp
from planner.web import schema as s
from planner.web.database import reads
from planner.web.hosted import create_workspace

ROLES = ("owner", "editor", "reader")
SESSION_DAYS = 14
INVITATION_DAYS = 7
FREE_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_WAIT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
HASHER = PasswordHasher()
# The session of a request, asked by every request that has one: built once (see
# bench/README.md).
SESSION = (
    select(
        s.sessions.c.id,
        s.sessions.c.user,
        s.users.c.admin,
        s.sessions.c.workspace,
        s.members.c.role,
        s.sessions.c.expires,
    )
    .select_from(
        s.sessions.join(s.users, s.users.c.id == s.sessions.c.user).outerjoin(
            s.members,
            and_(
                s.members.c.user == s.sessions.c.user,
                s.members.c.workspace == s.sessions.c.workspace,
            ),
        )
    )
    .where(s.sessions.c.id == bindparam("session"))
)
# Verified when the address is unknown, so that an unknown address takes as long as a
# wrong password (its answer is the same).
_NOBODY = HASHER.hash(secrets.token_urlsafe(16))


def digest(token: str) -> str:
    """What the database keeps of a secret token."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_id(email: str) -> str:
    """The id of the user of this e-mail address."""
    return email.strip().lower()


@dataclass(frozen=True, slots=True)
class Account:
    """Who a request comes from: the user, whether they administer the instance, and the
    workspace they are in with their role there (None: in none)."""

    user: str
    admin: bool
    workspace: str | None
    role: str | None
    session: str  # the session's id (a digest)


@dataclass(frozen=True, slots=True)
class Slowed:
    """A login refused before its password was looked at: wait this long."""

    wait: dt.timedelta


@dataclass(frozen=True, slots=True)
class Invitation:
    """A valid invitation: its workspace (id, name), its role, and the address it was
    sent to (None: a bare link, whoever opens it may accept it)."""

    workspace: str
    name: str
    role: str
    email: str | None


@dataclass(frozen=True, slots=True)
class OtherAddress:
    """An invitation sent to another address than the one typed: refused, still valid."""


class Accounts:
    """The people of one hosted database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reads = reads(engine)

    # --- users ------------------------------------------------------------------------

    def add_user(self, email: str, password: str, now: dt.datetime, *, admin: bool = False) -> bool:
        """Add a user; False when the address already has one."""
        with self.engine.begin() as db:
            if db.execute(select(s.users.c.id).where(s.users.c.id == user_id(email))).first():
                return False
            db.execute(
                s.users.insert().values(
                    id=user_id(email), password=HASHER.hash(password), admin=admin,
                    created=stamp(now),
                )
            )  # fmt: skip
        return True

    def set_admin(self, email: str, password: str, now: dt.datetime) -> None:
        """Make this address an instance administrator, with this password (created, or
        its password replaced)."""
        if not self.add_user(email, password, now, admin=True):
            with self.engine.begin() as db:
                db.execute(
                    update(s.users)
                    .where(s.users.c.id == user_id(email))
                    .values(admin=True, password=HASHER.hash(password))
                )

    def _failures(self, user: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
        f = s.login_failures
        since = stamp(now - FAILURE_WINDOW)
        with self.reads.connect() as db:
            count, last = db.execute(
                select(func.count(), func.max(f.c.at)).where(f.c.user == user, f.c.at > since)
            ).one()
        return int(count), parse(last) if last else None

    def login(self, email: str, password: str, now: dt.datetime) -> str | Slowed | None:
        """A new session's token for the right password; None for a wrong one (or an
        unknown address); :class:`Slowed` while wrong passwords slow the tries."""
        user = user_id(email)
        slowed = self._slowed(user, now)
        if slowed is not None:
            return slowed
        with self.reads.connect() as db:
            found = db.execute(select(s.users.c.password).where(s.users.c.id == user)).scalar()
        try:
            HASHER.verify(found or _NOBODY, password)
            right = found is not None
        except (VerificationError, InvalidHashError):
            right = False
        if not right:
            self._failed(user, now)
            return None
        with self.engine.begin() as db:
            db.execute(delete(s.login_failures).where(s.login_failures.c.user == user))
            return self._open(db, user, now)

    def _slowed(self, user: str, now: dt.datetime) -> Slowed | None:
        """How long the user's next password try must wait, after too many wrong ones (at
        login, or when accepting an invitation with a known address): None, no wait."""
        count, last = self._failures(user, now)
        if count >= FREE_FAILURES and last is not None:
            wait = min(dt.timedelta(seconds=2 ** (count - FREE_FAILURES)), MAX_WAIT)
            if now < last + wait:
                return Slowed(last + wait - now)
        return None

    def _failed(self, user: str, now: dt.datetime) -> None:
        """Record a wrong password for the user (and forget the old ones)."""
        f = s.login_failures
        with self.engine.begin() as db:
            db.execute(f.insert().values(user=user, at=stamp(now)))
            db.execute(delete(f).where(f.c.at <= stamp(now - FAILURE_WINDOW)))

    def _open(self, db: object, user: str, now: dt.datetime) -> str:
        token = secrets.token_urlsafe(32)
        m = s.members
        workspace = db.execute(  # type: ignore[attr-defined]
            select(m.c.workspace).where(m.c.user == user).order_by(m.c.workspace).limit(1)
        ).scalar()
        db.execute(  # type: ignore[attr-defined]
            s.sessions.insert().values(
                id=digest(token), user=user, workspace=workspace, created=stamp(now),
                expires=stamp(now + dt.timedelta(days=SESSION_DAYS)),
            )
        )  # fmt: skip
        return token

    # --- sessions ---------------------------------------------------------------------

    def account(self, token: str, now: dt.datetime) -> Account | None:
        """Who holds this session token, or None (unknown, ended, revoked)."""
        with self.reads.connect() as db:
            row = db.execute(SESSION, {"session": digest(token)}).first()
        if row is None or parse(row.expires) <= now:
            return None
        role = row.role if row.role in ROLES else None
        return Account(row.user, bool(row.admin), row.workspace if role else None, role, row.id)

    def logout(self, account: Account) -> None:
        """End this session."""
        with self.engine.begin() as db:
            db.execute(delete(s.sessions).where(s.sessions.c.id == account.session))

    def logout_everywhere(self, user: str) -> int:
        """End every session of the user; how many there were."""
        with self.engine.begin() as db:
            gone = db.execute(
                delete(s.sessions).where(s.sessions.c.user == user).returning(s.sessions.c.id)
            ).all()
        return len(gone)

    # --- workspaces and invitations ---------------------------------------------------

    def workspaces(self) -> list[tuple[str, str, int]]:
        """(id, name, members) of every workspace."""
        w, m = s.workspaces, s.members
        query = (
            select(w.c.id, w.c.name, func.count(m.c.user))
            .select_from(w.outerjoin(m, m.c.workspace == w.c.id))
            .group_by(w.c.id, w.c.name)
            .order_by(w.c.name, w.c.id)
        )
        with self.reads.connect() as db:
            return [(i, n, int(c)) for i, n, c in db.execute(query)]

    def workspace_name(self, workspace: str) -> str:
        """The name of a workspace ('' when there is none of this id)."""
        w = s.workspaces
        with self.engine.connect() as db:
            return str(db.execute(select(w.c.name).where(w.c.id == workspace)).scalar() or "")

    def create_workspace(self, workspace: str, name: str, now: dt.datetime) -> bool:
        """Add a workspace; False when the id is taken."""
        return create_workspace(self.engine, workspace, name, now)

    def invite(self, workspace: str, role: str, now: dt.datetime, email: str | None = None) -> str:
        """A one-time invitation's token: whoever opens its link joins ``workspace``; with
        ``email`` (the address it is sent to), only that address can."""
        assert role in ROLES
        token = secrets.token_urlsafe(32)
        values = {
            "id": digest(token),
            "workspace": workspace,
            "role": role,
            "expires": stamp(now + dt.timedelta(days=INVITATION_DAYS)),
        }
        if email:  # a bare link names no column of revision 4 (the older tests write one)
            values["email"] = user_id(email)
        with self.engine.begin() as db:
            db.execute(s.invitations.insert().values(values))
        return token

    def invitation(self, token: str, now: dt.datetime) -> Invitation | None:
        """A valid invitation; None if unknown, used or expired."""
        i, w = s.invitations, s.workspaces
        with self.reads.connect() as db:
            row = db.execute(
                select(i.c.workspace, w.c.name, i.c.role, i.c.expires, i.c.used, i.c.email)
                .select_from(i.join(w, w.c.id == i.c.workspace))
                .where(i.c.id == digest(token))
            ).first()
        if row is None or row.used is not None or parse(row.expires) <= now:
            return None
        return Invitation(row.workspace, row.name, row.role, row.email)

    def accept(
        self, token: str, email: str, password: str, now: dt.datetime
    ) -> str | Slowed | OtherAddress | None:
        """Use an invitation: the address joins its workspace (a new user with this
        password, or a known user whose password this is); a session's token, or None
        when the invitation is no longer valid or the password is not the user's; a known
        user's wrong passwords count and slow the tries as at login (:class:`Slowed`). An
        invitation sent to an address is for that address only (:class:`OtherAddress`,
        and the invitation stays valid)."""
        found = self.invitation(token, now)
        if found is None:
            return None
        workspace, role = found.workspace, found.role
        user = user_id(email)
        if found.email is not None and user != found.email:
            return OtherAddress()
        with self.reads.connect() as db:
            known = db.execute(select(s.users.c.password).where(s.users.c.id == user)).scalar()
        if known is not None:
            slowed = self._slowed(user, now)
            if slowed is not None:
                return slowed
            try:
                HASHER.verify(known, password)
            except (VerificationError, InvalidHashError):
                self._failed(user, now)
                return None
        hashed = HASHER.hash(password) if known is None else None
        i = s.invitations
        with self.engine.begin() as db:
            taken = db.execute(
                update(i)
                .where(i.c.id == digest(token), i.c.used.is_(None))
                .values(used=stamp(now))
                .returning(i.c.id)
            ).first()
            if taken is None:  # used meanwhile, by another request
                return None
            if hashed is not None:
                db.execute(
                    s.users.insert().values(
                        id=user, password=hashed, admin=False, created=stamp(now)
                    )
                )
            m = s.members
            db.execute(delete(m).where(m.c.workspace == workspace, m.c.user == user))
            db.execute(m.insert().values(workspace=workspace, user=user, role=role))
            session = self._open(db, user, now)
            db.execute(
                update(s.sessions)
                .where(s.sessions.c.id == digest(session))
                .values(workspace=workspace)
            )
        return session
