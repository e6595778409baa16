"""Update the message catalogs: `make messages`.

Collects every translatable message into planner/locale/planner.pot: the ``_()``,
``ngettext()`` and ``pgettext()`` (a message with its context) calls of planner's code
(Babel's extractor) and of the web app's templates (``templates/web/``, Jinja's
extractor), the help of every command and
option (read from the click command tree, where they are written in English as
docstrings and ``help=``), and the click messages a user of planner meets. Then updates
each ``<lang>/LC_MESSAGES/planner.po`` from it (keeping existing translations) and
compiles the ``.mo`` beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "planner" / "locale"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}

# Click's own messages that planner's users see (usage, help, errors of arguments).
CLICK = {
    "Aborted!",
    "Options",
    "Commands",
    "Missing command.",
    "Usage:",
    "env var: {var}",
    "default: {default}",
    "Show the version and exit.",
    "Show this message and exit.",
    "Error: {message}",
    "Try '{command} {option}' for help.",
    "Invalid value: {message}",
    "Invalid value for {param_hint}: {message}",
    "Missing argument",
    "Missing option",
    "Missing parameter",
    "Missing {param_type}",
    "No such option {name!r}.",
    "No such command {name!r}.",
    "Option {name!r} does not take a value.",
    "Error: invalid input",
    "Choose from:\n\t{choices}",
    "{value!r} is not a valid {number_type}.",
    "{value} is not in the range {range}.",
    "file",
    "directory",
    "path",
    "{name} {filename!r} does not exist.",
    "{name} {filename!r} is a file.",
    "{name} {filename!r} is a directory.",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
}


def collect() -> Catalog:
    """Every message id, with where it comes from."""
    import click

    catalog = Catalog(project="planner", charset="utf-8")
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT / "planner", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(f"planner/{filename}", lineno)], context=context)
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT / "templates" / "web",
        method_map=[("**.j2", "jinja2.ext:babel_extract")],
        options_map={"**.j2": {"trim_blocks": "true", "lstrip_blocks": "true"}},
        keywords=KEYWORDS,
    ):
        catalog.add(message, locations=[(f"templates/web/{filename}", lineno)], context=context)
    sys.path.insert(0, str(ROOT))
    from planner.cli import main

    def walk(command: click.Command, path: str) -> None:
        if command.help:
            catalog.add(command.help, locations=[(f"command {path}", 0)])
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                catalog.add(param.help, locations=[(f"option {path} {param.opts[0]}", 0)])
            if isinstance(param, click.Option) and param.metavar:
                catalog.add(param.metavar, locations=[(f"option {path} {param.opts[0]}", 0)])
            if isinstance(param, click.Argument) and param.metavar:
                catalog.add(param.metavar, locations=[(f"argument {path} {param.name}", 0)])
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(main, "planner")
    clicks = Path(click.__file__).parent
    for filename, lineno, message, _comments, _context in extract_from_dir(
        clicks, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if message in CLICK:
            catalog.add(message, locations=[(f"click/{filename}", lineno)])
    # click translates this one from a variable (`_(extra["required"])`): no extractor sees it.
    catalog.add("required", locations=[("click/core.py", 0)])
    return catalog


def main() -> None:
    template = collect()
    with (LOCALE / "planner.pot").open("wb") as handle:
        write_po(handle, template, omit_header=False, sort_output=True)
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/planner.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parts[-3])
        catalog.update(template, no_fuzzy_matching=True)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, ignore_obsolete=True)
        compile_catalog(po_path)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{po_path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")


def compile_catalog(po_path: Path) -> None:
    """Write the .mo beside a .po."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parts[-3])
    with po_path.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)


if __name__ == "__main__":
    main()
