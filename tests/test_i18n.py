"""The interface in French and English: catalogs complete, placeholders kept, help in both."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

from planner.cli import main
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
    assert "\nOptions:\n" in english and "\nOptions\u00a0:\n" in french_help
    # click's and planner's metavars, in the usage line and beside each option
    for word in ("COMMAND", "ARGS", "TEXT", "INTEGER", "DURATION", "NAME", "NETWORK", "EMAIL"):
        assert not re.search(rf"\b{word}\b", french_help), word


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


def test_french_plurals_have_two_forms_all_written() -> None:
    """The catalog declares gettext's French rule (one form for 0 and 1, another from 2),
    and every message with a count has both forms written in French: none empty, none
    left in English."""
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    assert catalog.plural_forms == "nplurals=2; plural=(n > 1);"
    counted = [m for m in catalog if m.id and m.pluralizable]
    assert len(counted) >= 10
    for message in counted:
        assert isinstance(message.string, tuple) and len(message.string) == 2, message.id
        for form in message.string:
            assert form and form not in message.id, (message.id, message.string)


COUNTS = [0, 1, 2, 42]


def test_every_counted_message_is_french_at_every_count(french_interface: None) -> None:
    """Through the compiled catalog, each counted message reads as French for 0, 1, 2 and
    42 items: the singular for 0 and 1, the plural from 2."""
    from planner.i18n import ngettext

    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    for message in (m for m in catalog if m.id and m.pluralizable):
        singular, plural = message.id
        for count in COUNTS:
            assert ngettext(singular, plural, count) == message.string[0 if count < 2 else 1]


@pytest.fixture
def french_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interface in French for one test (planner's messages and click's)."""
    from planner import i18n

    monkeypatch.setattr(i18n, "_active", i18n._active)
    monkeypatch.setattr(i18n, "_language", i18n._language)
    monkeypatch.setenv("LANGUAGE", "fr")
    i18n.activate("fr")


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, prog_name="planner")


def fake_plan(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """A plan of ``count`` steps, without posts (the counted messages only need the count)."""
    from planner import cli

    plan = SimpleNamespace(steps=[None] * count)
    monkeypatch.setattr(cli, "_plan_and_posts", lambda decision_file, templates: (plan, ()))


def in_french(count: int, one: str, many: str) -> str:
    return (one if count < 2 else many).format(count=count)


@pytest.mark.parametrize("count", COUNTS)
def test_counted_messages_of_the_commands_in_french(
    count: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, french_interface: None
) -> None:
    """Each command that counts says it in French for 0, 1, 2 and 42 items: posts --out,
    ics -o, publish, remind remove, and the assessment's offer to resume."""
    import planner.assess
    import planner.ics
    import planner.posts
    import planner.publish
    import planner.reminders
    import planner.views
    from planner.assess import Answer, Assessment

    jardin = str(ROOT / "examples" / "jardin-partage-quitte-x.toml")
    post = SimpleNamespace(step=SimpleNamespace(id="x/announce"), channel="x")
    monkeypatch.setattr(planner.posts, "render_posts", lambda plan, templates: (post,) * count)
    monkeypatch.setattr(
        planner.views, "post_files", lambda posts: {f"{i}.txt": b"" for i in range(len(posts))}
    )
    result = invoke("posts", jardin, "--out", str(tmp_path / "posts"))
    if count == 0:
        assert result.exit_code == 2
        assert "Erreur\u00a0: aucune publication" in result.stderr
    else:
        assert result.stdout == in_french(
            count,
            f"Écrit\u00a0: {{count}} publication dans {tmp_path / 'posts'}\n",
            f"Écrit\u00a0: {{count}} publications dans {tmp_path / 'posts'}\n",
        )

    fake_plan(monkeypatch, count)
    monkeypatch.setattr(planner.ics, "plan_calendar", lambda plan, posts, stamp: b"")
    result = invoke("ics", jardin, "-o", str(tmp_path / "plan.ics"))
    assert result.stdout == in_french(
        count,
        f"Écrit\u00a0: {tmp_path / 'plan.ics'} ({{count}} événement)\n",
        f"Écrit\u00a0: {tmp_path / 'plan.ics'} ({{count}} événements)\n",
    )

    outcome = planner.publish.Outcome(unchanged=["uid"] * count)
    monkeypatch.setattr(planner.publish, "publish", lambda *args, **options: outcome)
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    result = invoke("publish", jardin, "--url", "https://cal.example.org/c/", "--user", "u")
    assert result.stdout == in_french(
        count,
        "https://cal.example.org/c/\u00a0: rien à changer, l’agenda contient déjà ce plan "
        "({count} événement).\n",
        "https://cal.example.org/c/\u00a0: rien à changer, l’agenda contient déjà ce plan "
        "({count} événements).\n",
    )

    class Store:
        def __enter__(self) -> Store:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def remove(self, key: str, *args: object) -> int:
            return count

    monkeypatch.setattr(planner.reminders, "open_store", lambda db: Store())
    result = invoke("remind", "--db", str(tmp_path / "r.db"), "remove", jardin)
    assert result.stdout == in_french(
        count,
        f"{jardin}\u00a0: {{count}} rappel supprimé\n",
        f"{jardin}\u00a0: {{count}} rappels supprimés\n",
    )

    answers = {f"q{i}": Answer("yes") for i in range(count)}
    unfinished = Assessment("Asso", "x", "fr", dt.date(2026, 11, 20), answers)
    monkeypatch.setattr(planner.assess, "load_answers", lambda path: unfinished)
    out = tmp_path / "answers.toml"
    out.write_text("", "utf-8")
    result = invoke("assess", "--out", str(out), input="")
    assert result.stdout.startswith(
        in_french(
            count,
            f"{out}\u00a0: un autodiagnostic inachevé du 20\u00a0novembre\u00a02026 "
            "({count} réponse). "
            "Le reprendre\u00a0? [O/n] ",
            f"{out}\u00a0: un autodiagnostic inachevé du 20\u00a0novembre\u00a02026 "
            "({count} réponses). "
            "Le reprendre\u00a0? [O/n] ",
        )
    )


@pytest.mark.parametrize(
    ("extra", "said"), [(["a"], "Argument en trop (a)"), (["a", "b"], "Arguments en trop (a b)")]
)
def test_clicks_counted_messages_in_french(
    extra: list[str], said: str, french_interface: None
) -> None:
    """click's own counted messages follow the same rule."""
    result = invoke("templates", "list", *extra)
    assert result.exit_code == 2
    assert f"Erreur\u00a0: {said}" in result.stderr


def test_clicks_help_marks_in_french(french_interface: None) -> None:
    """click's marks in the help of an option ("required") are French too."""
    result = invoke("batch", "--help")
    assert result.exit_code == 0
    assert "[obligatoire]" in result.stdout
    assert "required" not in result.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "nope.toml"], "Fichier «\u00a0nope.toml\u00a0» introuvable."),
        (
            ["check", "nope.toml"],
            "Valeur invalide pour «\u00a0DÉCISION.toml\u00a0»\u00a0: Fichier «\u00a0nope.toml",
        ),
        (["batch", ".", "-o", "k", "--jobs", "z"], "Valeur invalide pour «\u00a0--jobs\u00a0»"),
        (["kit", "nope.toml", "-o", "."], "Fichier «\u00a0nope.toml\u00a0» introuvable."),
        (["templates", "check", "nope"], "Dossier «\u00a0nope\u00a0» introuvable."),
        (
            ["plan", "--format", "pdf", "x.toml"],
            "«\u00a0pdf\u00a0» ne fait pas partie des choix\u00a0: 'text', 'json', 'markdown'.",
        ),
        (
            ["batch", ".", "-o", "k", "--jobs", "z"],
            "«\u00a0z\u00a0» n’est pas un nombre entier valide.",
        ),
        (["plan", "--formt"], "L’option «\u00a0--formt\u00a0» n’existe pas."),
    ],
)
def test_clicks_errors_in_french(args: list[str], said: str, french_interface: None) -> None:
    """click's own errors, in French words and typography, the file's name in « »."""
    result = invoke(*args)
    assert result.exit_code == 2
    assert said in result.stderr, result.stderr
