"""The one Jinja environment factory, and where the built-in templates are.

Every template planner renders comes through :func:`environment`: sandboxed, with limits
(:mod:`planner.sandbox`: a template cannot reach Python internals such as ``__class__`` or
``__globals__``, and one that never ends or fills the memory stops with a clear error),
``StrictUndefined`` (a misspelt variable is an error, never an empty string),
``keep_trailing_newline``, ``trim_blocks`` and ``lstrip_blocks`` (so loops and
conditions leave no stray blank lines), autoescape off for text and on for HTML.

A user's folder is searched first, so a file there overrides the built-in of the same
name; the built-ins stay reachable under the ``builtin/`` prefix, so that a user
template can ``{% extends "builtin/fr/announce/relay.txt.j2" %}`` and change one block.
A template of the user's folder is read only if its real path (symbolic links followed)
is inside the folder: a link such as ``root -> /`` would otherwise let ``{% include
'root/etc/hostname' %}`` copy any file of the machine into a post. It must also be UTF-8
text of at most :data:`MAX_SOURCE_BYTES`.

Compiled templates are kept in planner's cache folder (``~/.cache/planner`` on Linux,
``PLANNER_CACHE_DIR`` if set) through Jinja's own file cache, which recompiles a template
whose text changed: compiling the kit page and the post templates was most of a kit's
time. The folder's name carries planner's version, the version of the sandbox's guards
(they change the compiled code) and the environment's options, since Jinja's cache key is
only the template's name and text. A cache that cannot be read or written costs time,
never a run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

import tomli_w
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from planner import sandbox, version
from planner.cache import cache_dir
from planner.errors import InputError, PlannerError
from planner.i18n import _
from planner.sandbox import Sandbox

MAX_SOURCE_BYTES = 100_000  # a template file; the built-in post templates hold under 2,000


def builtin_dir() -> Path:
    """The built-in templates: inside the package when installed from a wheel, else the repo's."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


def toml_value(value: Any) -> str:
    """A Python value written as a TOML value (quoted and escaped by tomli-w)."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def environment(user_dir: Path | None = None, *, html: bool = False) -> Sandbox:
    """Build the Jinja environment; cached, since it is the same for every plan."""
    return _environment(str(user_dir) if user_dir else None, html)


class FolderLoader(FileSystemLoader):
    """Jinja's file loader, for one folder of the user's, refusing any template whose real
    path is outside the folder."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(folder)
        self.folder = os.fspath(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        path = Path(self.folder, *split_template_path(template))  # refuses ".." in a name
        if not path.is_file():  # absent (or a folder, a device, a pipe): the next loader
            raise TemplateNotFound(template)
        root = os.path.realpath(self.folder)
        if os.path.commonpath([root, os.path.realpath(path)]) != root:
            raise InputError(
                _(
                    "{file}: leads out of the templates folder through a symbolic link; "
                    "copy the file into the folder instead of linking to it"
                ).format(file=path)
            )
        try:
            weight = path.stat().st_size
            if weight > MAX_SOURCE_BYTES:
                raise InputError(
                    _(
                        "{file}: {size} bytes, more than the {most} a template may hold; "
                        "a post template needs far less"
                    ).format(file=path, size=weight, most=MAX_SOURCE_BYTES)
                )
            return super().get_source(environment, template)
        except TemplateNotFound:  # an OSError too, for Jinja
            raise
        except UnicodeDecodeError:
            raise InputError(
                _("{file}: not UTF-8 text; save it again as UTF-8").format(file=path)
            ) from None
        except OSError as exc:
            raise InputError(
                _("{file}: cannot be read ({reason})").format(file=path, reason=exc.strerror)
            ) from None


@cache
def _environment(user_dir: str | None, html: bool) -> Sandbox:
    builtin = FileSystemLoader(builtin_dir())
    loaders: list[Any] = [FolderLoader(user_dir)] if user_dir else []
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = Sandbox(
        loader=ChoiceLoader(loaders),
        bytecode_cache=bytecode_cache("html" if html else "text"),
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run: skip the mtime checks
    )
    env.add_filter("toml", toml_value)
    return env


def bytecode_cache(kind: str) -> BytecodeCache:
    """Jinja's file cache of compiled templates, one folder per planner version and kind of
    environment, that never fails a run (an unwritable folder only means no cache)."""

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return QuietCache(str(cache_dir() / f"templates-{version()}-guards{sandbox.CODE}-{kind}"))


def describe_builtin() -> list[tuple[str, str]]:
    """Each built-in template's name and the description in its first ``{# … #}`` comment."""
    root = builtin_dir()
    out = []
    for path in sorted(root.rglob("*.j2")):
        found = re.match(r"\{#\s*(.*?)\s*#\}", path.read_text("utf-8"))
        out.append((path.relative_to(root).as_posix(), found.group(1) if found else ""))
    return out


@contextmanager
def template_errors() -> Iterator[None]:
    """Turn an error in a template into ``file:line: message`` (exit 2): Jinja's, a limit of
    the sandbox, a template that includes or calls itself without end, or any exception
    raised by a line of a template (``1 / 0``); an exception that comes from no template is
    a bug and keeps its traceback."""
    try:
        yield
    except PlannerError:
        raise
    except TemplateNotFound as exc:
        raise InputError(
            _("no template found: tried {names}").format(names=", ".join(map(str, exc.templates)))
        ) from None
    except TemplateSyntaxError as exc:
        raise InputError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except SecurityError as exc:
        place = _template_frame(exc.__traceback__) or "template"
        raise InputError(
            _(
                "{where}: not allowed in a template ({reason}); a template may only read "
                "the plan's data"
            ).format(where=place, reason=str(exc).rstrip("."))
        ) from None
    except TemplateError as exc:  # TemplateLimitError too: its message holds the fix
        raise InputError(
            _("{where}: {problem}").format(
                where=_template_frame(exc.__traceback__) or "template", problem=exc
            )
        ) from None
    except RecursionError as exc:
        raise InputError(
            _(
                "{where}: includes or calls itself without end; remove the include or the "
                "macro call that leads back to it"
            ).format(where=_template_frame(exc.__traceback__) or "template")
        ) from None
    except Exception as exc:
        where = _template_frame(exc.__traceback__)
        if where is None:
            raise
        raise InputError(
            _("{where}: {error}; correct this line of the template").format(
                where=where, error=str(exc) or type(exc).__name__
            )
        ) from None


def _template_frame(tb: TracebackType | None) -> str | None:
    """The last template file and line in a traceback (Jinja maps frames to template lines)."""
    where = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
