"""The interface in French and English: catalogs complete, placeholders kept, help in both."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from planner.i18n import choose

from .conftest import COMMANDS, ROOT

PO = ROOT / "planner" / "locale" / "fr" / "LC_MESSAGES" / "planner.po"
PLANNER = str(Path(sys.executable).parent / "planner")
sys.path.insert(0, str(ROOT / "scripts"))


def french() -> dict[object, object]:
    with PO.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="fr") if m.id}


def test_every_message_of_the_code_has_a_french_translation() -> None:
    """Each message the code and the command help can show is in the French catalog,
    translated (run `make messages` after changing a message)."""
    import messages

    wanted = {m.id for m in messages.collect() if m.id}
    catalog = french()
    missing = [m for m in wanted if m not in catalog]
    assert missing == [], f"not in the catalog (run make messages): {missing[:5]}"
    untranslated = [m for m in wanted if not catalog[m] or catalog[m] == ("", "")]
    assert untranslated == [], untranslated[:5]


PLACEHOLDER = re.compile(r"\{([^{}!:]*)[^{}]*\}")


def test_translations_keep_every_placeholder() -> None:
    """A translation uses exactly the placeholders of its message, plural forms included
    (by name: a French translation shows « {filename} » where click writes {filename!r})."""
    for msgid, msgstr in french().items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strs = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        for source, target in zip(ids, strs, strict=False):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
                source
            )


def test_french_typography_in_the_catalog() -> None:
    """No ordinary space before : ; ! ? in French messages, and « guillemets » not "quotes"
    around words the user reads (quotes stay where they show what to type)."""
    for msgstr in french().values():
        for text in msgstr if isinstance(msgstr, tuple) else (msgstr,):
            assert not re.search(r"(?<=\w) [:;!?](?=\s|$)", text), text


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["--lang", "fr", "check"], {"LANG": "en_US.UTF-8"}, "fr"),
        (["--lang=en"], {"LANG": "fr_FR.UTF-8"}, "en"),
        ([], {"LANGUAGE": "fr:en", "LANG": "en_US.UTF-8"}, "fr"),
        ([], {"LC_ALL": "fr_CA.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
        ([], {"LC_MESSAGES": "fr_BE", "LANG": "en_GB.UTF-8"}, "fr"),
        ([], {"LANG": "fr_FR.UTF-8"}, "fr"),
        ([], {"LANG": "de_DE.UTF-8"}, "en"),
        ([], {"LANG": "C"}, "en"),
        ([], {}, "en"),
    ],
)
def test_language_choice(argv: list[str], environ: dict[str, str], expected: str) -> None:
    """--lang first, then LANGUAGE, LC_ALL, LC_MESSAGES, LANG, then English."""
    assert choose(argv, environ) == expected


def help_of(command: list[str], lang: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "fr_FR.UTF-8" if lang == "fr" else "C.UTF-8"
    result = subprocess.run(
        [PLANNER, *command, "--help"], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "planner")
def test_help_in_both_languages(command: list[str]) -> None:
    """Every command's --help runs in English and in French, and they differ."""
    english, french_help = help_of(command, "en"), help_of(command, "fr")
    assert english.startswith("Usage: planner")
    assert french_help.startswith("Utilisation\u00a0: planner")
    assert "Show this message and exit." in english
    assert "Afficher ce message et quitter." in french_help


def test_errors_follow_the_interface_language(tmp_path: Path) -> None:
    """The same broken file gives French or English errors, by --lang."""
    broken = ROOT / "tests" / "data" / "broken" / "notice-too-short.toml"
    fr = subprocess.run(
        [PLANNER, "--lang", "fr", "check", str(broken)], capture_output=True, text=True, check=False
    )
    en = subprocess.run(
        [PLANNER, "--lang", "en", "check", str(broken)], capture_output=True, text=True, check=False
    )
    assert fr.returncode == en.returncode == 2
    assert "moins que les trois semaines dont la communauté a besoin" in fr.stderr
    assert fr.stderr.startswith("Erreur\u00a0: ")
    assert "less than the three weeks the community needs" in en.stderr
