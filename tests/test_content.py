"""The words of each language (planner.content): the same keys and placeholders everywhere."""

from __future__ import annotations

import string
from dataclasses import fields
from typing import Any

import pytest

from planner.content import LANGUAGES, Words, words
from planner.decision import REASONS
from planner.platforms import LEAVABLE
from planner.questions import QUESTIONS

NAMES = [f.name for f in fields(Words)]


def _texts(value: Any) -> list[str]:
    """The strings of a dictionary entry: a string, or a tuple of them."""
    return [value] if isinstance(value, str) else list(value)


# Forms of a value that a language may use instead of the value itself (French elision and
# contraction: "de X", "d'X", "du X", "au X", which planner.wording.say gives wherever
# ``platform`` or ``account`` is given).
FORMS = {"de_platform": "platform", "de_account": "account", "a_account": "account"}


def _placeholders(text: str) -> set[str]:
    found = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {FORMS.get(name, name) for name in found}


@pytest.mark.parametrize("name", NAMES)
def test_every_language_has_every_key(name: str) -> None:
    """Each dictionary has the same keys (or the same number of items) in every language."""
    reference = getattr(words(LANGUAGES[0]), name)
    for language in LANGUAGES[1:]:
        other = getattr(words(language), name)
        if isinstance(reference, dict):
            assert other.keys() == reference.keys(), (language, name)
        else:
            assert len(other) == len(reference), (language, name)


@pytest.mark.parametrize("name", NAMES)
def test_every_text_has_the_same_placeholders(name: str) -> None:
    """A sentence and its translations fill the same {placeholders}, and none is empty."""
    reference = getattr(words(LANGUAGES[0]), name)
    if not isinstance(reference, dict):
        return
    for key, value in reference.items():
        for language in LANGUAGES:
            texts = _texts(getattr(words(language), name)[key])
            assert all(t.strip() for t in texts), (language, name, key)
            assert [_placeholders(t) for t in texts] == [_placeholders(t) for t in _texts(value)], (
                language,
                name,
                key,
            )


def test_content_covers_what_the_code_asks_for() -> None:
    """Every reason, question and platform that can be left has its words in each language."""
    for language in LANGUAGES:
        said = words(language)
        assert set(said.reasons) == set(said.stay_reasons) == set(REASONS)
        assert set(said.questions) == set(QUESTIONS)
        assert set(said.archive_lead) <= set(LEAVABLE)


def test_french_typography() -> None:
    """French text puts a non-breaking space, never a plain one, before : ; ! ? and »."""
    for name in NAMES:
        for value in _dict_values(getattr(words("fr"), name)):
            for text in _texts(value):
                for mark in ":;!?»":
                    assert f" {mark}" not in text, (name, text)
                assert "« " not in text, (name, text)


def _dict_values(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)
