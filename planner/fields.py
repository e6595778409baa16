"""Field validators for files users write: each collects problems instead of stopping.

Every function takes the raw value, the name of the field for messages, and the
:class:`Problems` collector; it returns the clean value, or None after recording a
problem that says what to write instead. Hand-written for the reasons given in
:mod:`planner.decision`: the messages are the product.

``difflib`` is imported only to suggest a name for a mistyped one: this module is on
``planner check``'s path, and a valid file never needs it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import durations, zones
from planner.characters import BIDI, CONTROLS
from planner.i18n import _
from planner.wording import said_date

FIRST_YEAR, LAST_YEAR = 2000, 2100  # keeps every date the plan derives in range
FIRST_DATE, LAST_DATE = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of one field, said twice: ``message`` for a file's reader (the fix in
    the file's own syntax: ``set notice_days = 21 or more``), ``form`` for a form's
    reader (the same reason and fix for a field: no key, no quotes, no ``=``). A front
    end names the field its own way: the file's key and line (:class:`Problems`), or the
    label the page shows (planner.web)."""

    where: str  # the file's name for the field: 'departure #2 notice_days'
    message: str
    form: str


class Problems:
    """Collects the problems of one file, each as one finished line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []
        self.messages: list[str] = []  # the same, without file and field (a prompt's error)
        self.found: list[Problem] = []  # each, with its words for a form (planner.web)

    def add(self, where: str, message: str, form: str | None = None) -> None:
        """Record a problem of the field ``where``; ``form``: its words for a form field,
        when ``message`` speaks of the file (a key, quotes, ``=``, a [table])."""
        self.messages.append(message)
        self.found.append(Problem(where, message, message if form is None else form))
        self.lines.append(
            _("{file}: {field}: {message}").format(
                file=self.source, field=printable(where), message=message
            )
        )


def printable(text: str) -> str:
    """``text`` with each character that is not printable written as its escape ('\\n',
    '\\x1b', '\\u2028'): a key of the file, quoted in TOML, may hold any of them, and a
    message is one line that shows what the file holds."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


MISSING = object()

# A web address: http or https, a host (an IPv6 host in whole brackets), a port of at most
# five digits, then anything without spaces. Checked with a pattern rather than
# urllib.parse, which splits nearly any text without a complaint; the host is all planner
# relies on.
# A handle written where a web address belongs: @name@server.example.
HANDLE = re.compile(r"@(?P<name>[\w.-]+)@(?P<server>[\w-]+(?:\.[\w-]+)+)\Z")
WEB_ADDRESS = re.compile(
    r"(?i)https?://(?:[^\s/?#\[\]]*@)?(?:\[[0-9a-f:.]+\]|[^\s/?#\[\]@:]+)"
    r"(?::(?P<port>\d{0,5}))?(?:[/?#]\S*)?\Z"
)
MAX_PORT = 65535
# A pattern, compiled by re when a message first needs it: most files never do.
_CREDENTIALS = r"(?i)\A([a-z][a-z0-9+.-]*://)[^/?#]*@"


def without_credentials(text: str) -> str:
    """A URL without the user name and password it may carry, for messages; whatever the
    text, even one no URL parser reads."""
    return re.sub(_CREDENTIALS, r"\1", text)


def web_address(text: str) -> str | None:
    """Why ``text`` is not a web address (http or https, a host, a port up to 65535), in
    one sentence that shows it without credentials and says what to write; None when it
    is one."""
    found = WEB_ADDRESS.match(text)
    if found and int(found.group("port") or 0) <= MAX_PORT:
        return None
    shown = without_credentials(text)
    if found:
        return _(
            "'{value}': the port {port} is above {most}, the largest there is; check the number "
            "after the colon"
        ).format(value=shown, port=found.group("port"), most=MAX_PORT)
    _scheme, separator, rest = shown.partition("://")
    example = f"https://{rest}" if separator else f"https://{shown}"
    if not WEB_ADDRESS.match(example) or not (separator or "." in shown):
        example = "https://example.org"
    return _("'{value}' is not a web address; write it like {example}").format(
        value=shown, example=example
    )


# Characters no text field holds, whatever the field: the C0 controls (a field of several
# lines takes newline and tab), DEL and the C1 controls, which a terminal obeys rather than
# shows (ESC starts the sequences that clear the screen or, with OSC 52, write the
# clipboard; 8-bit terminals read U+009B as ESC [); and the bidirectional embeddings,
# overrides and isolates, which show a text in another order than it is read
# (CVE-2021-42574, "Trojan Source"). The terminal's own filter uses the same two sets.
# The line and paragraph separators are line breaks too (str.splitlines() breaks there, and
# so would an error message quoting the text), taken only where a field takes several lines.
_SEPARATORS = "\u2028\u2029"
_REFUSED = re.compile(f"[{CONTROLS}{BIDI}{_SEPARATORS}]")


def plain_text(text: str, where: str, problems: Problems, *, multiline: bool = False) -> bool:
    """The one rule of every text field: no control or bidirectional character, and no line
    break unless the field takes several lines. False after recording the first problem."""
    for found in _REFUSED.finditer(text):
        char = found.group()
        if multiline and char in f"\n\t{_SEPARATORS}":
            continue
        position = found.start() + 1
        if char in f"\n\r\x0b\x0c\x1c\x1d\x1e\x85{_SEPARATORS}":  # str.splitlines() breaks
            message = _(
                "holds a line break (U+{code:04X}) at character {position}; write it on one line"
            )
        elif char == "\t":
            message = _("holds a tab at character {position}; write a space instead")
        elif char > "\x9f":
            message = _(
                "holds U+{code:04X} at character {position}, an invisible character that "
                "changes the order in which the text is shown; delete it"
            )
        else:
            message = _(
                "holds the invisible control character U+{code:04X} at character {position}; "
                "delete it"
            )
        problems.add(where, message.format(code=ord(char), position=position))
        return False
    return True


def unknown_keys(
    table: dict[str, Any], allowed: tuple[str, ...], where: str, problems: Problems
) -> None:
    what = "field" if where else "table"
    for key in table:
        if key in allowed:
            continue
        import difflib

        close = difflib.get_close_matches(key, allowed, n=1)
        hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
        message = (
            _("unknown field; {hint}the fields here are {names}")
            if what == "field"
            else _("unknown table; {hint}the tables here are {names}")
        )
        problems.add(
            f"{where}{key}",
            message.format(hint=hint, names=", ".join(allowed)),
        )


def string(
    value: Any,
    where: str,
    problems: Problems,
    *,
    required: bool,
    max_len: int = 2000,
    multiline: bool = False,
) -> str | None:
    if value is MISSING:
        if required:
            field = where.split(".")[-1].split(" ")[-1]
            problems.add(
                where,
                _('missing; add a line {field} = "…"').format(field=field),
                _("is empty; fill it in"),
            )
        return None
    if not isinstance(value, str):
        problems.add(
            where,
            _('must be text in quotes, not {kind}; write it "like this"').format(
                kind=describe(value)
            ),
            _("must be text, not {kind}; type it again").format(kind=describe(value)),
        )
        return None
    if not plain_text(value, where, problems, multiline=multiline):
        return None
    text: str = value.strip()
    if not text:
        if required:
            problems.add(
                where, _("is empty; write a value between the quotes"), _("is empty; fill it in")
            )
        return None
    if len(text) > max_len:
        problems.add(
            where,
            _("is {length} characters long; keep it under {limit}").format(
                length=len(text), limit=max_len
            ),
        )
        return None
    return text


def choice(
    value: Any, choices: tuple[str, ...], where: str, problems: Problems, *, default: str | None
) -> str | None:
    if value is MISSING:
        if default is None:
            problems.add(
                where,
                _("missing; choose one of {names}").format(names=", ".join(choices)),
                _("nothing is chosen; choose one of the choices offered"),
            )
        return default
    if isinstance(value, str) and not plain_text(value, where, problems):
        return None
    if not isinstance(value, str) or value.strip().lower() not in choices:
        import difflib

        close = difflib.get_close_matches(str(value).lower(), choices, n=1)
        hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
        problems.add(
            where,
            _("'{value}' is not known; {hint}choose one of {names}").format(
                value=value, hint=hint, names=", ".join(choices)
            ),
            _("'{value}' is not one of the choices offered; choose one of them").format(
                value=value
            ),
        )
        return None
    return str(value.strip().lower())


def date(value: Any, where: str, problems: Problems) -> dt.date | None:
    if value is MISSING:
        problems.add(
            where,
            _("missing; write a date like 2027-01-15 (no quotes needed)"),
            _("is empty; give a date, like 2027-01-15"),
        )
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            problems.add(
                where, _("'{value}' is not a date; write it like 2027-01-15").format(value=value)
            )
            return None
    if isinstance(value, dt.datetime):
        problems.add(where, _("must be a date without a time; write it like 2027-01-15"))
        return None
    if not isinstance(value, dt.date):
        problems.add(
            where, _("must be a date like 2027-01-15, not {kind}").format(kind=describe(value))
        )
        return None
    if not FIRST_DATE <= value <= LAST_DATE:
        problems.add(
            where,
            _(
                "{value} is outside the dates planner plans for, {first} to {last}; check the "
                "year, a date is written like 2027-01-15"
            ).format(value=value, first=said_date(FIRST_DATE), last=said_date(LAST_DATE)),
        )
        return None
    return value


def days(value: Any, where: str, problems: Problems) -> int | None:
    """A number of days: a TOML integer, or text typed as any duration is (``21``, ``21j``,
    ``3 semaines``, ``3w``: :mod:`planner.durations`) that makes whole days. Only the
    spelling is checked here; the caller checks the range."""
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[0-9]{1,9}", text):
            return int(text)
        seconds = durations.seconds(text)
        if seconds is None or seconds % durations.DAY:
            problems.add(
                where,
                _("'{value}' is not a whole number of days; write it like 21 or 3w").format(
                    value=printable(value)
                ),
            )
            return None
        return seconds // durations.DAY
    if not isinstance(value, int) or isinstance(value, bool):
        problems.add(where, _("must be a whole number of days, like 21"))
        return None
    return value


def time(value: Any, where: str, problems: Problems) -> dt.time | None:
    if value is MISSING:
        return dt.time(10, 0)
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            problems.add(where, _("must be a local time without an offset, like 10:00"))
            return None
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{1,2})[:hH](\d{2})\s*", value)
        if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
            return dt.time(int(found.group(1)), int(found.group(2)))
    problems.add(
        where, _("'{value}' is not a time of day; write it like 10:00").format(value=value)
    )
    return None


def url(value: Any, where: str, problems: Problems, *, required: bool) -> str | None:
    text = string(value, where, problems, required=required)
    if text is None:
        return None
    handle = HANDLE.match(text)
    if handle:  # @name@server: a Mastodon-style handle, whose page is server/@name
        problems.add(
            where,
            _(
                "'{value}' is a handle, not a web address; write the address of its page, "
                "like https://{server}/@{name}"
            ).format(value=text, server=handle["server"], name=handle["name"]),
        )
        return None
    if text.startswith("@"):
        problems.add(
            where,
            _(
                "'{value}' is a handle, not a web address; write the address of its page, "
                "starting with https://"
            ).format(value=text),
        )
        return None
    problem = web_address(text)
    if problem:
        problems.add(where, problem)
        return None
    return text


COLOUR = r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\Z"  # compiled by re when a file gives a colour


def colour(value: Any, where: str, problems: Problems) -> str | None:
    """A colour written as a hex code, "#1d5f8a" (or "#16a"), returned as "#1d5f8a"."""
    text = string(value, where, problems, required=False, max_len=20)
    if text is None:
        return None
    found = re.match(COLOUR, text)
    if not found:
        problems.add(
            where,
            _(
                "'{value}' is not a colour; write it as a hex code, a # and six digits or "
                'letters from a to f, like "#1d5f8a"'
            ).format(value=text),
        )
        return None
    digits = found.group(1).lower()
    return "#" + (digits if len(digits) == 6 else "".join(c * 2 for c in digits))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LOGO_KINDS = (".png", ".svg")


def logo(value: Any, where: str, problems: Problems, folder: Path) -> str | None:
    """The path of a PNG or SVG image, relative to ``folder`` (the decision file's), that
    exists and starts as such an image does; returned as an absolute path. Only the first
    bytes are read: the image itself is opened when a card is drawn."""
    text = string(value, where, problems, required=False, max_len=1000)
    if text is None:
        return None
    path = folder / text
    if path.suffix.lower() not in LOGO_KINDS:
        problems.add(
            where,
            _(
                "'{value}' is not a .png or .svg file; give the path of the logo as PNG or SVG"
            ).format(value=text),
        )
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        problems.add(
            where,
            _(
                "'{value}': no such file (looked for {path}); give the logo's path from the "
                'decision file\'s folder, like logo = "logo.png"'
            ).format(value=text, path=path),
        )
        return None
    except IsADirectoryError:
        problems.add(
            where, _("'{value}' is a folder; give the path of the logo file").format(value=text)
        )
        return None
    except OSError as exc:
        problems.add(
            where,
            _("'{value}' cannot be read ({reason}); check that the file can be opened").format(
                value=text, reason=exc.strerror
            ),
        )
        return None
    is_png = head.startswith(PNG_SIGNATURE)
    is_svg = b"<svg" in head
    if path.suffix.lower() == ".png" and not is_png:
        problems.add(
            where,
            _("'{value}' is not a PNG image inside; export the logo again as PNG").format(
                value=text
            ),
        )
        return None
    if path.suffix.lower() == ".svg" and not is_svg:
        problems.add(
            where,
            _("'{value}' is not an SVG image inside; export the logo again as SVG").format(
                value=text
            ),
        )
        return None
    return str(path.resolve())


def timezone(value: Any, where: str, problems: Problems) -> str | None:
    """A name of the IANA time-zone database (Europe/Paris): a zone or a link, as listed by
    :func:`planner.zones.names`. The right/ and posix/ variants and the pseudo-zones
    (localtime, Factory, posixrules) are refused: a calendar reader knows none of them."""
    if value is MISSING:
        return "Europe/Paris"
    if isinstance(value, str) and not plain_text(value, where, problems):
        return None
    name = value.strip() if isinstance(value, str) else ""
    if zones.is_name(name):
        return name
    variant = name.split("/", 1)
    if len(variant) == 2 and variant[0] in ("right", "posix") and zones.is_name(variant[1]):
        problems.add(
            where,
            _(
                "'{value}' is a variant of the time-zone files that calendars do not know; "
                "write {name}"
            ).format(value=value, name=variant[1]),
        )
        return None
    problems.add(
        where,
        _(
            "'{value}' is not a known time zone; use a name like Europe/Paris or America/Montreal"
        ).format(value=value),
    )
    return None


def table(document: dict[str, Any], key: str, problems: Problems) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        problems.add(key, _("must be a table; write it as [{key}] on its own line").format(key=key))
        return {}
    return value


def array_of_tables(document: dict[str, Any], key: str, problems: Problems) -> list[Any]:
    value = document.get(key, [])
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        problems.add(key, _("must be written as [[{key}]] blocks, one per {key}").format(key=key))
        return []
    return value


def describe(value: Any) -> str:
    kinds: dict[type, str] = {
        bool: _("true/false"),
        int: _("a number"),
        float: _("a number"),
        list: _("a list"),
        dict: _("a table"),
        dt.date: _("a date"),
        dt.datetime: _("a date and time"),
        dt.time: _("a time"),
        str: _("text"),
    }
    return kinds.get(type(value), type(value).__name__)


def list_of(
    value: Any, where: str, problems: Problems, check: Callable[[Any, str], str | None]
) -> list[str]:
    if not isinstance(value, list):
        problems.add(where, _('must be a list in square brackets, like ["…", "…"]'))
        return []
    out = []
    for index, item in enumerate(value, start=1):
        checked = check(item, _("{where} item {index}").format(where=where, index=index))
        if checked is not None:
            out.append(checked)
    return out


def blocks(
    document: dict[str, Any],
    key: str,
    fields: tuple[str, ...],
    needs: str,
    none: str | None,
    problems: Problems,
    *,
    none_form: str | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each [[key]] block that is a table, with its name for messages ('departure #2').

    ``none`` is the problem to report when there is no such block (None: it is optional),
    ``none_form`` the same for a form.
    """
    blocks = array_of_tables(document, key, problems)
    if not blocks and key not in document and none is not None:
        problems.add(key, none, none_form)
    for index, block in enumerate(blocks, start=1):
        where = f"{key} #{index}"
        if not isinstance(block, dict):
            problems.add(
                where, _("must be a [[{key}]] block with {needs}").format(key=key, needs=needs)
            )
            continue
        unknown_keys(block, fields, f"{where} ", problems)
        yield where, block
