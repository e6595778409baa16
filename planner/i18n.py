"""The interface's language: gettext catalogs, chosen once at start.

Messages are English in the code and translated through the standard ``gettext`` module
with the ``planner`` domain; the catalogs are ``planner/locale/<lang>/LC_MESSAGES/
planner.po`` (sources, in the repository) compiled to ``.mo`` by the build (and by
``make messages``). The domain is made the process's default, so that click's own
messages ("Usage:", "Options:"…), which call ``gettext.gettext``, are translated from
the same catalog.

The language comes from ``--lang``, then ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``, then English. The content of a plan (titles, posts, calendar, reminders)
follows the decision's ``language`` instead; that is not this module's business.

The web app (:mod:`planner.web`) serves people of both languages from one process: each
request speaks its own, through :func:`speaking`, which holds the language in a context
variable (asyncio gives each request its own context) over the process's language.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from planner.languages import LANGUAGES

DOMAIN = "planner"
LOCALEDIR = Path(__file__).resolve().parent / "locale"


def choose(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The interface language: ``--lang X`` in argv, else the locale variables, else 'en'."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return _supported(argv[index + 1])
        if arg.startswith("--lang="):
            return _supported(arg.split("=", 1)[1])
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in environ.get(name, "").split(":"):
            if value and value not in ("C", "POSIX"):
                return _supported(value)
    return "en"


def _supported(value: str) -> str:
    code = value.strip().lower()[:2]
    return code if code in LANGUAGES else "en"


_active: _gettext.NullTranslations | None = None
_language: str | None = None


def activate(language: str) -> None:
    """Make ``language`` the language of every message from now on (planner's and click's)."""
    global _active, _language
    _language = language
    os.environ["LANGUAGE"] = language  # what gettext.gettext (used by click) consults
    if language == "en":  # the messages are English in the code: no catalog to look up
        _active = _gettext.NullTranslations()
        return
    _gettext.bindtextdomain(DOMAIN, str(LOCALEDIR))
    _gettext.textdomain(DOMAIN)
    _active = _gettext.translation(DOMAIN, str(LOCALEDIR), languages=[language], fallback=True)


_speaking: ContextVar[tuple[str, _gettext.NullTranslations] | None] = ContextVar(
    "planner_speaking", default=None
)


@cache
def _catalog(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, str(LOCALEDIR), languages=[language], fallback=True)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak ``language`` in the current context only (one request of the web app),
    whatever the process's language; the process's language again after the block."""
    token = _speaking.set((language, _catalog(_supported(language))))
    try:
        yield
    finally:
        _speaking.reset(token)


def language() -> str:
    """The interface language: the current context's (:func:`speaking`), the activated
    one, else the environment's (see :func:`choose`)."""
    current = _speaking.get()
    if current is not None:
        return current[0]
    return _language or choose((), os.environ)


def _translations() -> _gettext.NullTranslations:
    current = _speaking.get()
    if current is not None:
        return current[1]
    # Without activate() (the library used from Python, the tests), follow the environment.
    return _active or _gettext.translation(DOMAIN, str(LOCALEDIR), fallback=True)


def _(message: str) -> str:
    """Translate one message (``_("Error")``); placeholders are filled after, with format."""
    return _translations().gettext(message)


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it yet (it is translated with
    ``_(message)`` when said, in the language of that moment)."""
    return message


def pgettext(context: str, message: str) -> str:
    """Translate a message whose translation depends on what it speaks of: English
    "deleted" is "supprimé" for an account, "supprimée" for a post."""
    return _translations().pgettext(context, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message whose form depends on ``count``."""
    return _translations().ngettext(singular, plural, count)
