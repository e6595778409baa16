"""A plan's identity: its key, and whose plan it is.

The key names a plan in calendar UIDs, reminder ids and file names. A file written by
``planner new`` carries it as ``[decision] id``: derived once, when the file is written,
from the organisation's name, the accounts it leaves or stays on and the day of the
decision, then kept as the file is edited, so that a moved date or an added platform is
the same plan. A file without ``id`` keeps the key earlier releases gave it, a slug of the
organisation's name, so that the reminders and calendars made from it go on matching.

Two files can still claim one key: two associations of the same name, a file copied to
plan another platform, files written before ``id``. The owner tells them apart: the
organisation's name and the accounts the plan leaves or stays on. The reminders database
and the shared calendar keep it beside the key; a file whose accounts have none in common
with the owner's is another plan, wherever it lies (a file moved or copied to another
machine is the same plan), and it may not take that key.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from planner.decision import Decision
from planner.errors import InputError
from planner.i18n import _


def slug(name: str) -> str:
    """A name as an ASCII slug ('les-amis-du-jardin-partage'), or '' when no ASCII is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def legacy_key(name: str) -> str:
    """The key of a file without ``id``: the name's slug, or a hash of it when no ASCII is left."""
    return slug(name) or hashlib.sha256(name.encode()).hexdigest()[:12]


def accounts(decision: Decision) -> tuple[str, ...]:
    """What the plan acts on, one entry per account: 'leave x @amisdujardin', sorted."""
    entries = [f"leave {d.platform} {d.account}" for d in decision.departures]
    entries += [f"stay {s.platform} {s.account}" for s in decision.stays]
    return tuple(sorted(" ".join(e.split()) for e in entries))


def derived_id(decision: Decision) -> str:
    """The id ``planner new`` writes into a file: the name's slug and six hex digits of a hash
    of the name, the accounts and the day of the decision ('les-amis-du-jardin-3f2a9c')."""
    seed = "\n".join([decision.organisation.name, *accounts(decision), str(decision.decided_on)])
    digest = hashlib.sha256(seed.encode()).hexdigest()[:6]
    return f"{(slug(decision.organisation.name)[:40].strip('-') or 'plan')}-{digest}"


def _account(entry: str) -> str:
    """An account entry compared loosely: case, spaces and a leading @ do not count."""
    direction, _sep, rest = entry.partition(" ")
    platform, _sep, account = rest.partition(" ")
    return f"{direction} {platform} {account.strip().lstrip('@').casefold()}"


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose plan a key names: the organisation's name and its accounts (see the module)."""

    name: str
    accounts: tuple[str, ...]

    @classmethod
    def of(cls, decision: Decision) -> Owner:
        """The owner of a decision's plan."""
        return cls(" ".join(decision.organisation.name.split()), accounts(decision))

    @property
    def text(self) -> str:
        """As stored beside the key: a JSON list, the name then the accounts, on one line
        (a calendar property, a database column)."""
        return json.dumps([self.name, *self.accounts], ensure_ascii=False)

    @classmethod
    def parse(cls, text: str) -> Owner:
        """The inverse of :attr:`text`; an owner of nothing for text planner did not write."""
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            return cls(text, ())
        return cls(items[0], tuple(items[1:]))

    def same(self, other: Owner) -> bool:
        """True when both are one plan: they share at least one account."""
        return bool({_account(a) for a in self.accounts} & {_account(a) for a in other.accounts})

    def describe(self) -> str:
        """'Riverside Community Food Bank: stay facebook Riverside…', for messages."""
        return f"{self.name}: {', '.join(self.accounts)}"


def taken(file: str, key: str, where: str, other: str, suggestion: str, flag: str) -> InputError:
    """The refusal of a file whose key another plan holds in ``where``; ``flag`` is the
    option that overrides it."""
    return InputError(
        _(
            "{file}: {where} already holds the plan '{key}' of another file ({other}); "
            'if this file is another plan, give it its own id: add id = "{id}" under '
            "[decision]; if it is that plan, add {flag}"
        ).format(file=file, where=where, key=key, other=other, id=suggestion, flag=flag)
    )
