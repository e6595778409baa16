"""Talking with a person on the terminal in the interface's language: click, in their words.

click asks in English habits: a prompt ends with ": ", a yes/no question takes y or n
and shows [Y/n], a choice shows and takes the values a file holds ("dormant"), a path
type names itself ("file") once, when planner's commands are defined (before the
language is chosen), and a help heading ends with ":". Here the same things follow the
active language: French typography (a no-break space before ":" and "?"), o/oui/n/non,
choices shown and typed as their labels ("en sommeil") and returned as the file's
values (answers are checked by :func:`planner.prompts.checked`, with ``check``'s
messages).

Everything planner prints goes through :func:`echo`, which removes what a terminal would
obey rather than show, whatever its source (a post of a user's template, a name read from
the reminders database, a file name in a batch folder).
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable, Mapping
from typing import IO, Any

import click

from planner.characters import clean
from planner.i18n import _


def echo(message: str | bytes = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text for a person, cleaned (:func:`clean`). Bytes (a calendar's CRLF lines)
    pass unchanged to a file or a pipe, and are cleaned on a terminal."""
    if isinstance(message, bytes):
        stream: IO[Any] = sys.stderr if err else sys.stdout
        if not stream.isatty():
            click.echo(message, err=err, nl=nl)
            return
        message = message.decode("utf-8", errors="replace")
    click.echo(clean(message), err=err, nl=nl)


def suffix() -> str:
    """What ends a prompt: ": " in English, a no-break space before the colon in French."""
    # Translators: the end of every prompt, after the question and its default.
    return _(": ")


def ask(
    text: str,
    *,
    default: str | None = None,
    value_proc: Callable[[str], Any] | None = None,
    hide_input: bool = False,
) -> Any:
    """Ask one question; ``default`` (shown unless empty) is what Enter answers."""
    return click.prompt(
        text,
        default=default,
        show_default=bool(default),
        value_proc=value_proc,
        prompt_suffix=suffix(),
        hide_input=hide_input,
    )


def fold(text: str) -> str:
    """A typed word as it is compared: lower case, without accents or extra spaces."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def labelled(labels: Mapping[str, str]) -> Callable[[str], str]:
    """A ``value_proc`` taking a label ("en sommeil") or the file's value ("dormant"),
    accents optional, and returning the value; an empty answer is accepted only when
    ``""`` is one of the values."""
    accepted = {fold(label): value for value, label in labels.items()}
    accepted.update({fold(value): value for value in labels})

    def convert(text: str) -> str:
        value = accepted.get(fold(text))
        if value is None:
            shown = ", ".join(label for label in labels.values() if label)
            raise click.BadParameter(
                _("'{value}' is not one of the choices: {choices}").format(
                    value=text.strip(), choices=shown
                )
            )
        return value

    return convert


def choose(
    text: str, labels: Mapping[str, str], default: str | None = None, *, optional: bool = False
) -> str:
    """Ask for one of ``labels``' values, shown and typed as their labels; with
    ``optional``, Enter answers ``""``."""
    choices = {**labels, "": ""} if optional else dict(labels)
    shown = ", ".join(labels.values())
    # One pair of brackets: "Kind of place (website, …; Enter when done)".
    head, bracket, note = text.removesuffix(")").rpartition(" (")
    if bracket and text.endswith(")"):
        # Translators: between the choices and a note, inside one pair of brackets.
        separator = _("; ")
        question = f"{head} ({shown}{separator}{note})"
    else:
        question = f"{text} ({shown})"
    answer: str = click.prompt(
        question,
        default=labels[default] if default else ("" if optional else None),
        show_default=bool(default),
        value_proc=labelled(choices),
        prompt_suffix=suffix(),
    )
    return answer


def confirm(text: str, *, default: bool) -> bool:
    """A yes/no question: o, oui, n, non in French (y, yes, n, no always work)."""
    yes = {"y", "yes", _("y"), _("yes")}
    no = {"n", "no", _("n"), _("no")}

    def convert(answer: str) -> bool:
        word = fold(answer)
        if word in {fold(w) for w in yes}:
            return True
        if word in {fold(w) for w in no}:
            return False
        raise click.BadParameter(
            _("answer {yes} ({yes_word}) or {no} ({no_word})").format(
                yes=_("y"), yes_word=_("yes"), no=_("n"), no_word=_("no")
            )
        )

    hint = _("[Y/n]") if default else _("[y/N]")
    result: bool = click.prompt(
        f"{text} {hint}",
        default=_("y") if default else _("n"),
        show_default=False,
        value_proc=convert,
        prompt_suffix=" ",
    )
    return result


class PathType(click.Path):
    """click's Path, naming itself (file, folder) in the language of the moment the message
    is shown, rather than of the moment the command was defined.

    For a path planner writes, ``-`` is the terminal (click's convention), never a file
    named ``-``: with ``allow_dash`` (an output the command can print instead) it becomes
    None, as when the option is not given; elsewhere it is refused."""

    def convert(self, value: Any, param: Any, ctx: click.Context | None) -> Any:
        if value == "-" and not self.exists:
            if self.allow_dash:
                return None
            self.fail(
                _(
                    "'-' means the terminal, which cannot take this {kind}; give its name "
                    "(./- for one named '-')"
                ).format(kind=self.name),
                param,
                ctx,
            )
        return super().convert(value, param, ctx)

    @property
    def name(self) -> str:
        if self.file_okay and not self.dir_okay:
            return _("file")
        if self.dir_okay and not self.file_okay:
            return _("directory")
        return _("path")

    @name.setter
    def name(self, value: str) -> None:
        """click.Path's __init__ sets an English name; the getter translates it each time."""


class WholeNumber(click.IntRange):
    """click's IntRange, calling itself a whole number in the language of the moment."""

    @property
    def name(self) -> str:
        return _("whole number")

    @name.setter
    def name(self, value: str) -> None:
        """IntRange names itself in English; the getter translates it each time."""


class HelpFormatter(click.HelpFormatter):
    """click's help, with headings punctuated in the active language ("Options\xa0:")."""

    def write_heading(self, heading: str) -> None:
        heading = _("{heading}:").format(heading=heading)
        self.write(f"{'':>{self.current_indent}}{heading}\n")


def _quoted(name: str) -> str:
    return _("'{name}'").format(name=name)


class Argument(click.Argument):
    """click's argument, named in errors by its metavar, quoted as the interface's language
    quotes ('DECISION.toml', « DÉCISION.toml »)."""

    def make_metavar(self, ctx: click.Context) -> str:
        """The metavar in the interface's language (planner's arguments take one value)."""
        return _(self.metavar) if self.metavar else super().make_metavar(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        if ctx is None:
            return _quoted(_(self.metavar) if self.metavar else self.human_readable_name)
        return _quoted(self.make_metavar(ctx))


class Option(click.Option):
    """click's option, named in errors as the interface's language quotes ('--jobs'), its
    metavar in the interface's language (``--trusted-host NOM``)."""

    def make_metavar(self, ctx: click.Context) -> str:
        """A metavar written in the code is a message id, as an argument's is."""
        return _(self.metavar) if self.metavar else super().make_metavar(ctx)

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(_quoted(name) for name in self.opts)


class Context(click.Context):
    """click's context, with planner's help formatter."""

    formatter_class = HelpFormatter
