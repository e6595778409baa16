"""The one Jinja environment factory, and where the built-in templates are.

Every template planner renders comes through :func:`environment`: sandboxed (a
template cannot reach Python internals such as ``__class__`` or ``__globals__``),
``StrictUndefined`` (a misspelt variable is an error, never an empty string),
``keep_trailing_newline``, ``trim_blocks`` and ``lstrip_blocks`` (so loops and
conditions leave no stray blank lines), autoescape off for text and on for HTML.

A user's folder is searched first, so a file there overrides the built-in of the same
name; the built-ins stay reachable under the ``builtin/`` prefix, so that a user
template can ``{% extends "builtin/fr/announce/relay.txt.j2" %}`` and change one block.
A template of the user's folder is read only if its real path (symbolic links followed)
is inside the folder: a link such as ``root -> /`` would otherwise let ``{% include
'root/etc/hostname' %}`` copy any file of the machine into a post.

Compiled templates are kept in planner's cache folder (``~/.cache/planner`` on Linux,
``PLANNER_CACHE_DIR`` if set) through Jinja's own file cache, which recompiles a template
whose text changed: compiling the kit page and the post templates was most of a kit's
time. The folder's name carries planner's version and the environment's options, since
Jinja's cache key is only the template's name and text. A cache that cannot be read or
written costs time, never a run.
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
from jinja2.sandbox import SandboxedEnvironment

from planner import version
from planner.cache import cache_dir
from planner.errors import InputError
from planner.i18n import _


def builtin_dir() -> Path:
    """The built-in templates: inside the package when installed from a wheel, else the repo's."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


def toml_value(value: Any) -> str:
    """A Python value written as a TOML value (quoted and escaped by tomli-w)."""
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def environment(user_dir: Path | None = None, *, html: bool = False) -> SandboxedEnvironment:
    """Build the Jinja environment; cached, since it is the same for every plan."""
    return _environment(str(user_dir) if user_dir else None, html)


class FolderLoader(FileSystemLoader):
    """Jinja's file loader, for one folder of the user's, refusing any template whose real
    path is outside the folder."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__(folder)
        self.folder = os.fspath(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        found = super().get_source(environment, template)  # TemplateNotFound if absent
        root = os.path.realpath(self.folder)
        if os.path.commonpath([root, os.path.realpath(found[1])]) != root:
            raise InputError(
                _(
                    "{file}: leads out of the templates folder through a symbolic link; "
                    "copy the file into the folder instead of linking to it"
                ).format(file=Path(self.folder) / template)
            )
        return found


@cache
def _environment(user_dir: str | None, html: bool) -> SandboxedEnvironment:
    builtin = FileSystemLoader(builtin_dir())
    loaders: list[Any] = [FolderLoader(user_dir)] if user_dir else []
    loaders += [builtin, PrefixLoader({"builtin": builtin})]
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=bytecode_cache("html" if html else "text"),
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run: skip the mtime checks
    )
    env.filters["toml"] = toml_value
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

    return QuietCache(str(cache_dir() / f"templates-{version()}-{kind}"))


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
    """Turn a Jinja error in a template into ``file:line: message`` (exit 2)."""
    try:
        yield
    except TemplateNotFound as exc:
        raise InputError(
            _("no template found: tried {names}").format(names=", ".join(map(str, exc.templates)))
        ) from None
    except TemplateSyntaxError as exc:
        raise InputError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except SecurityError as exc:
        where = _template_frame(exc.__traceback__)
        raise InputError(
            _("{where}: not allowed in a template: {reason}").format(where=where, reason=exc)
        ) from None
    except TemplateError as exc:
        raise InputError(f"{_template_frame(exc.__traceback__)}: {exc}") from None


def _template_frame(tb: TracebackType | None) -> str:
    """The last template file and line in a traceback (Jinja maps frames to template lines)."""
    where = "template"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
