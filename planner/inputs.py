"""What planner reads: one rule for every file a user gives it (a decision file, a
self-assessment's answers, the notification config).

A file is read only when it is a regular file of at most :data:`MAX_BYTES`. A device
(``/dev/zero``) would be read without end and a named pipe would wait for a writer for
ever; planner's own files are a few kilobytes, so a larger one is the wrong file. The
file is opened without waiting (``O_NONBLOCK``: opening a pipe otherwise blocks until
someone writes to it) and checked again once open, so that what is read is what was
checked; no more than the limit is ever read.

TOML is parsed here too, with the line of the first error. A document whose tables or
lists are nested more than :data:`MAX_DEPTH` levels deep is refused: tomllib's own
recursion gives up on arrays a few hundred deep, and dotted keys (``a.a.a…``) build any
depth without recursion, which the validators and messages would then walk.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from planner.errors import InputError
from planner.i18n import N_, _

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 16  # a decision file needs 4: the document, [[departure]], its table, a list

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
# tomllib's reasons (Python 3.11, tomllib/_parser.py), in words a volunteer reads, in the
# interface's language; a reason not listed here is left out of the message. Patterns, not
# compiled ones: only a malformed file needs them (re compiles and keeps them then).
_TOML_REASONS = (
    (r"Invalid statement", N_("this line is neither key = value nor a [table]")),
    (r"Expected '=' after a key in a key/value pair", N_("'=' is missing after the key")),
    (
        r"Expected '\]' at the end of a table declaration",
        N_("']' is missing at the end of the [table] line"),
    ),
    (
        r"Expected '\]\]' at the end of an array declaration",
        N_("']]' is missing at the end of the [[table]] line"),
    ),
    (
        r"Expected newline or end of document after a statement",
        N_("something follows the value on its line; give it a line of its own"),
    ),
    (r"Expected '(?P<what>.*)'", N_("'{what}' is missing")),
    (r"Found invalid character '(?P<what>.*)'", N_("'{what}' is not expected here")),
    (r"Cannot declare (?P<what>.*) twice", N_("the table {what} is declared twice")),
    (r"Cannot overwrite a value", N_("a key is given a value twice")),
    (
        r"Cannot (mutate immutable|redefine) namespace (?P<what>.*)",
        N_("{what} is already given above"),
    ),
    (
        r"Invalid initial character for a key part",
        N_("a key starts with a character keys cannot have; put the key in quotes"),
    ),
    (r"Unclosed array", N_("a list is not closed with ']'")),
    (r"Duplicate inline table key '(?P<what>.*)'", N_("the key {what} is given twice")),
    (r"Unclosed inline table", N_("an inline table is not closed with its brace")),
    (r"Unescaped '\\' in a string", N_("a backslash in a string: write it twice")),
    (
        r"Invalid hex value|Escaped character is not a Unicode scalar value",
        N_("a \\u or \\U code in a string is not a character"),
    ),
    (r"Unterminated string", N_("a string is not closed with its quote")),
    (
        r"Illegal character '\\n'",
        N_("a string is not closed with its quote before the end of its line"),
    ),
    (r"Illegal character '(?P<what>.*)'", N_("a string holds a control character")),
    (r"Invalid date or datetime", N_("a date that does not exist (write 2027-01-15)")),
    (
        r"Invalid value",
        N_("a value is not text in quotes, a number, a date, true, false or a list"),
    ),
)


def _toml_reason(reason: str) -> str | None:
    """tomllib's English reason in the interface's language; None for one not listed."""
    for pattern, message in _TOML_REASONS:
        found = re.fullmatch(pattern, reason)
        if found:
            # A key as tomllib shows it, ('a', 'b'), as the file writes it: a.b
            said = {
                k: ".".join(re.findall(r"'([^']*)'", v)) or v for k, v in found.groupdict().items()
            }
            return _(message).format(**said)
    return None


def _limit() -> str:
    return _("{count} MiB").format(count=MAX_BYTES // (1024 * 1024))


def _refuse(name: str, status: os.stat_result) -> None:
    """Raise InputError unless ``status`` is a regular file of at most MAX_BYTES."""
    if stat.S_ISDIR(status.st_mode):
        raise InputError(_("{file}: is a folder; give the path of a file").format(file=name))
    if not stat.S_ISREG(status.st_mode):
        raise InputError(
            _(
                "{file}: is not a regular file but a device, a pipe or a socket; "
                "give the path of a file"
            ).format(file=name)
        )
    if status.st_size > MAX_BYTES:
        raise InputError(_too_large(name))


def _too_large(name: str) -> str:
    return _(
        "{file}: is larger than {limit}, the most planner reads; planner's files are a few "
        "kilobytes: check that this is the right file"
    ).format(file=name, limit=_limit())


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES`, or an InputError (exit 2)
    that names the file and says what to give instead."""
    name = os.fspath(path)
    try:
        _refuse(name, Path(path).stat())  # a device or a pipe is never even opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(
            _("{file}: no such file; check the name and the folder").format(file=name)
        ) from None
    except OSError as exc:
        raise InputError(
            _("{file}: cannot be read ({reason})").format(file=name, reason=exc.strerror)
        ) from None
    with os.fdopen(fd, "rb") as handle:
        _refuse(name, os.fstat(fd))  # the file opened is the file checked
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(
                _("{file}: cannot be read ({reason})").format(file=name, reason=exc.strerror)
            ) from None
    if len(data) > MAX_BYTES:  # it grew since
        raise InputError(_too_large(name))
    return data


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A TOML file as a dict (:func:`read_bytes`'s rule, UTF-8, at most :data:`MAX_DEPTH`
    levels), or an InputError whose one line names the file (and the line) and the fix."""
    return parse_toml(read_bytes(path), os.fspath(path))


def parse_toml(raw: bytes, name: str) -> dict[str, Any]:
    """The bytes of a TOML file (read by :func:`read_bytes`, or uploaded to the web app) as a
    dict, with :func:`read_toml`'s rules and messages, naming the file ``name``."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a BOM, as Notepad writes
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            _("{file}:{line}: this file is not UTF-8 text; save it again as UTF-8").format(
                file=name, line=line
            )
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        where = f"{name}:{found.group(1)}" if found and found.group(1) else name
        reason = _toml_reason(_TOML_POSITION.sub("", message).strip())
        if reason is None:
            raise InputError(
                _("{where}: the TOML is malformed; check quotes, brackets and '=' there").format(
                    where=where
                )
            ) from None
        raise InputError(
            _(
                "{where}: the TOML is malformed ({reason}); check quotes, brackets and '=' there"
            ).format(where=where, reason=reason)
        ) from None
    except RecursionError:
        document = None
    if document is None or _deeper_than(document, MAX_DEPTH):
        raise InputError(
            _(
                "{file}: tables or lists are nested more than {most} levels deep; planner's "
                "files need four at most: check the brackets and the dotted keys"
            ).format(file=name, most=MAX_DEPTH)
        )
    return document


def _deeper_than(document: dict[str, Any], most: int) -> bool:
    """True when tables and lists nest more than ``most`` levels (the document is one),
    found without recursion."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > most:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False
