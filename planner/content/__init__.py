"""The words of each language, in one place: ``planner/content/<language>.py``.

Each language module holds the same dictionaries with the same keys and placeholders
(tests/test_content.py checks it); :func:`words` gives them for one language. Posts are
Jinja templates under ``templates/<language>/``, and the command line's own messages go
through gettext (:mod:`planner.i18n`). Adding a language: docs/adding-a-language.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import import_module
from types import ModuleType

from planner.languages import LANGUAGES, locale_of
from planner.platforms import PLATFORMS

__all__ = ["LANGUAGES", "Words", "channel_name", "locale_of", "words"]


@dataclass(frozen=True, slots=True)
class Words:
    """Every per-language dictionary of one language (see ``en.py`` for what each holds)."""

    plan: dict[str, str]
    view: dict[str, str]
    step: dict[str, str]
    calendar: dict[str, str]
    reasons: dict[str, tuple[str, str, str]]
    stay_reasons: dict[str, tuple[str, str, str]]
    destination_names: dict[str, str]
    channel_names: dict[str, str]
    posts: dict[str, str]
    archive_lead: dict[str, str]
    prompts: dict[str, str]
    themes: dict[str, str]
    questions: dict[str, tuple[str, str]]
    web_find_out: dict[str, str]
    units: dict[str, str]
    choices: dict[str, str]
    decisions: dict[str, str]
    suggested_indicators: tuple[str, ...]
    cards: dict[str, str]
    kit: dict[str, str]

    @classmethod
    def of(cls, module: ModuleType) -> Words:
        """The words a language module defines, by their upper-case names."""
        return cls(**{f.name: getattr(module, f.name.upper()) for f in fields(cls)})


@cache
def words(language: str) -> Words:
    """The words of ``language`` (one of :data:`LANGUAGES`), loaded when first asked."""
    if language not in LANGUAGES:
        raise KeyError(language)
    return Words.of(import_module(f"planner.content.{language}"))


def channel_name(channel: str, language: str) -> str:
    """The name of a channel (a platform id) as a reader of ``language`` expects it."""
    return words(language).channel_names.get(channel, PLATFORMS[channel].name)
