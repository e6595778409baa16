"""The questions of `planner new` in a real terminal: each answer checked when typed and
asked again when wrong, several platforms, French words, nothing written when interrupted."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import tomllib
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.prompts import ask_decision, offered_timezone, system_timezone

from .conftest import ROOT

PLANNER = str(Path(sys.executable).parent / "planner")


def spawn(args: list[str], cwd: Path, **env: str):  # type: ignore[no-untyped-def]
    """`planner` under a pseudo-terminal, Ctrl-C delivered as a person's would be (even
    when the tests run where SIGINT is ignored, as in a background job)."""
    pexpect = pytest.importorskip("pexpect")
    return pexpect.spawn(
        PLANNER,
        args,
        cwd=str(cwd),
        encoding="utf-8",
        timeout=60,  # the longest any one answer may take to show; only matters on failure
        env={**os.environ, "COLUMNS": "200", **env},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_new_in_french_in_a_terminal(tmp_path: Path) -> None:
    """In French: a wrong website and a wrong time zone are asked again with check's
    messages, two platforms are left, `o` answers yes, labels are French, and the file
    written passes `planner check`."""
    pexpect = pytest.importorskip("pexpect")
    child = spawn(["--lang", "fr", "new", "depart.toml"], tmp_path, TZ="America/Montreal")
    child.expect_exact("Langue des publications et des rappels (fr, en) [fr]\u00a0: ")
    child.sendline("")
    child.expect_exact("Nom de l’association\u00a0: ")
    child.sendline("Le Repair Café")
    child.expect_exact("Site internet (Entrée pour passer)\u00a0: ")
    child.sendline("https://asso .fr")
    child.expect_exact(
        "Erreur\u00a0: «\u00a0https://asso .fr\u00a0» n’est pas une adresse web\u00a0; "
        "écrivez-la comme https://example.org"
    )
    child.expect_exact("Site internet (Entrée pour passer)\u00a0: ")
    child.sendline("https://repair.example.org")
    child.expect_exact("Adresse de contact (Entrée pour passer)\u00a0: ")
    child.sendline("")
    child.expect_exact("Fuseau horaire [America/Montreal]\u00a0: ")  # from TZ
    child.sendline("Europe/Pariss")
    child.expect_exact("«\u00a0Europe/Pariss\u00a0» n’est pas un fuseau horaire connu")
    child.expect_exact("Fuseau horaire [America/Montreal]\u00a0: ")
    child.sendline("Europe/Paris")
    child.expect_exact("Plateforme que vous quittez (X, Facebook, Instagram,")
    child.sendline("x")
    child.expect_exact("Votre compte sur X (par exemple @nom)\u00a0: ")
    child.sendline("@repaircafe")
    child.expect_exact("Date à laquelle vous quittez X (AAAA-MM-JJ)")
    child.sendline("")
    child.expect_exact("(en sommeil, désactiver, supprimer) [en sommeil]\u00a0: ")
    child.sendline("partir")
    child.expect_exact(
        "Erreur\u00a0: «\u00a0partir\u00a0» ne fait pas partie des choix\u00a0: en sommeil, "
        "désactiver, supprimer"
    )
    child.sendline("désactiver")
    child.expect_exact("Quittez-vous aussi une autre plateforme\u00a0? [o/N] ")
    child.sendline("o")
    child.expect_exact("Plateforme que vous quittez (Facebook, Instagram,")
    child.sendline("instagram")
    child.expect_exact("Votre compte sur Instagram (par exemple @nom)\u00a0: ")
    child.sendline("@repaircafe")
    child.expect_exact("Date à laquelle vous quittez Instagram (AAAA-MM-JJ)")
    child.sendline("")
    child.expect_exact("[en sommeil]\u00a0: ")
    child.sendline("")
    child.expect_exact("Quittez-vous aussi une autre plateforme\u00a0? [o/N] ")
    child.sendline("non")
    child.expect_exact("Type d’espace (site, lettre d’information, mastodon,")
    child.sendline("mastodon")
    child.expect_exact("Son adresse web (https://…)\u00a0: ")
    child.sendline("https://mastodon.social/@repaircafe")
    child.expect_exact("Son identifiant (@nom@serveur)\u00a0: ")
    child.sendline("")
    child.expect_exact("liste de diffusion, autre\u00a0; Entrée pour terminer)\u00a0: ")
    child.sendline("")
    child.expect_exact("Indicateur\u00a0: ")
    child.sendline("objets réparés")
    child.expect_exact("Indicateur (Entrée pour terminer)\u00a0: ")
    child.sendline("")
    child.expect_exact("Écrit\u00a0: depart.toml. Ensuite\u00a0: planner plan depart.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (tmp_path / "depart.toml").read_text("utf-8")
    assert text.splitlines()[0].endswith("quitter Instagram et X. Fichier préparé avec planner.")
    assert "Type d’espace (Entrée" not in child.before  # one pair of brackets per prompt
    data = tomllib.loads(text)
    assert data["organisation"]["website"] == "https://repair.example.org"
    assert data["decision"]["timezone"] == "Europe/Paris"
    assert {(d["platform"], d["after"]) for d in data["departure"]} == {
        ("x", "deactivate"),
        ("instagram", "dormant"),
    }
    check = CliRunner().invoke(main, ["check", str(tmp_path / "depart.toml")])
    assert check.exit_code == 0, check.output


def test_ctrl_c_writes_nothing(tmp_path: Path) -> None:
    """Ctrl-C in the middle of `new`: one line says nothing was written, no traceback."""
    pexpect = pytest.importorskip("pexpect")
    child = spawn(["--lang", "fr", "new", "depart.toml"], tmp_path)
    child.expect_exact("[fr]\u00a0: ")
    child.sendline("en")
    child.expect_exact("Nom de l’association\u00a0: ")
    child.sendline("Riverside")
    child.expect_exact("Site internet")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    after = child.before
    assert "Interrompu\u00a0: rien n’a été écrit dans depart.toml." in after
    assert "Traceback" not in after and "Abandon" not in after
    assert not (tmp_path / "depart.toml").exists()


def test_end_of_input_writes_nothing(tmp_path: Path) -> None:
    """Input that ends before the last question: the same single line, nothing written."""
    target = tmp_path / "depart.toml"
    result = CliRunner().invoke(main, ["new", str(target)], input="fr\nLe Repair Café\n")
    assert result.exit_code == 1
    assert result.stderr == f"Interrupted: nothing was written to {target}.\n"
    assert not target.exists()


def test_the_time_zone_offered_is_the_systems(tmp_path: Path) -> None:
    """TZ first, then /etc/timezone, then where /etc/localtime links; never UTC, never a
    name that is not a zone."""
    etc = tmp_path / "etc"
    etc.mkdir()
    assert system_timezone({}, etc) is None
    (etc / "localtime").symlink_to("/usr/share/zoneinfo/America/Montreal")
    assert system_timezone({}, etc) == "America/Montreal"
    (etc / "timezone").write_text("Europe/Brussels\n", "utf-8")
    assert system_timezone({}, etc) == "Europe/Brussels"
    assert system_timezone({"TZ": ":Europe/Paris"}, etc) == "Europe/Paris"
    assert system_timezone({"TZ": "CET-1CEST"}, etc) == "Europe/Brussels"
    (etc / "timezone").write_text("Etc/UTC\n", "utf-8")
    assert system_timezone({"TZ": "UTC"}, etc) == "America/Montreal"


def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_a_handle_typed_as_a_web_address_gets_its_pages_address(tmp_path: Path) -> None:
    """A Mastodon handle typed where the web address is asked: the hint gives the address of
    its page, https://server/@name, never https://@name@server (found by a review)."""
    target = tmp_path / "d.toml"
    typed = answers(
        *("en", "Asso", "", "", "Europe/Paris", "x", "@asso", "", "", "n", "mastodon"),
        "@asso@m.example",  # the handle, where the address is asked: asked again
        *("https://m.example/@asso", "", "", "followers", ""),
    )
    result = CliRunner().invoke(main, ["new", str(target)], input=typed)
    assert result.exit_code == 0, result.output
    assert (
        "Error: '@asso@m.example' is a handle, not a web address; write the address of its "
        "page, like https://m.example/@asso"
    ) in result.output
    assert "https://@" not in result.output
    assert tomllib.loads(target.read_text("utf-8"))["destination"][0]["url"] == (
        "https://m.example/@asso"
    )


def test_a_facebook_page_is_asked_as_a_page(tmp_path: Path) -> None:
    """Leaving Facebook: the account is asked as the Page's name, and its fate in Facebook's
    terms (a Page is taken offline, not deactivated); "take offline" is written as
    after = "deactivate", which the plan turns into taking the Page offline."""
    target = tmp_path / "d.toml"
    typed = answers(
        *("en", "Asso", "", "", "Europe/Paris", "facebook", "Riverside Food Bank", ""),
        *("take offline", "n", "mastodon", "https://m.example/@asso", "", "", "followers", ""),
    )
    result = CliRunner().invoke(main, ["new", str(target)], input=typed)
    assert result.exit_code == 0, result.output
    assert "Name of your Page on Facebook, as people see it: " in result.output
    assert "Your account on Facebook" not in result.output
    assert (
        "After the departure, the Page stays online without new posts (dormant), or you take "
        "it offline or delete it (dormant, take offline, delete) [dormant]: "
    ) in result.output
    data = tomllib.loads(target.read_text("utf-8"))
    assert data["departure"][0]["account"] == "Riverside Food Bank"
    assert data["departure"][0]["after"] == "deactivate"


def utc_machine(tmp_path: Path) -> Path:
    """An /etc that says UTC, as a server's or a container's does."""
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "timezone").write_text("Etc/UTC\n", "utf-8")
    return etc


@pytest.mark.parametrize(
    ("environ", "language", "offered"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en", "Europe/London"),
        ({"LANG": "fr_BE.UTF-8"}, "fr", "Europe/Brussels"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "fr_CH.UTF-8"}, "en", "Europe/Zurich"),
        ({"LANG": "en_US.UTF-8"}, "en", None),  # 29 zones: asked, not guessed
        ({"LANG": "C.UTF-8"}, "en", None),
        ({}, "en", None),
        ({"LANG": "C.UTF-8"}, "fr", "Europe/Paris"),
        ({"LANG": "en_GB.UTF-8", "TZ": "America/Montreal"}, "en", "America/Montreal"),
    ],
)
def test_the_time_zone_offered_on_a_utc_machine_follows_the_locale(
    tmp_path: Path, environ: dict[str, str], language: str, offered: str | None
) -> None:
    """On a machine set to UTC, the zone offered is the locale's country's when it has only
    one, Europe/Paris for a decision in French with no country, else none; a zone the
    machine names comes first (Europe/Paris was offered to everyone; found by a review)."""
    assert offered_timezone(environ, language, utc_machine(tmp_path)) == offered


def test_no_time_zone_is_offered_to_a_us_locale_on_a_utc_machine(tmp_path: Path) -> None:
    """In English, on a UTC machine with a US locale, the time-zone question has no default
    and gives examples; the zone typed is written."""
    etc = utc_machine(tmp_path)
    zone = partial(offered_timezone, {"LANG": "en_US.UTF-8"}, etc=etc)
    typed = answers(
        *("en", "Asso", "", ""),
        "",  # Enter: no default, asked again
        *("America/Chicago", "x", "@asso", "", "", "n"),
        *("mastodon", "https://m.example/@asso", "", "", "followers", ""),
    )
    runner = CliRunner()
    with runner.isolation(input=typed) as (out, _err, _):
        decision = ask_decision(dt.date(2026, 12, 1), "d.toml", None, zone)
    shown = out.getvalue().decode("utf-8")
    assert "Time zone (for example Europe/London or America/Chicago): " in shown
    assert "[Europe/Paris]" not in shown
    assert decision.timezone == "America/Chicago"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_comments_of_a_new_file_start_in_one_column(language: str) -> None:
    """Whatever the width of the values typed (a long time zone, a name with a # in it),
    every comment after a setting of the new file starts in the same column."""
    from dataclasses import replace

    from planner.decision import Organisation, load
    from planner.scaffold import COMMENT_COLUMN, new_document

    decision = replace(
        load(ROOT / "examples" / "jardin-partage-quitte-x.toml"),
        language=language,
        timezone="America/Argentina/Buenos_Aires",
        organisation=Organisation(name="Les Amis  # du Jardin"),
    )
    text = new_document(decision, "d.toml")
    assert 'name = "Les Amis  # du Jardin"' in text
    commented = [line for line in text.splitlines()[3:] if "  # " in line]
    assert commented[0].startswith("name =") and len(commented) > 10
    for line in commented[1:]:
        start = line.rfind("  # ") + 2
        code = line[:start].rstrip()
        # In one column, or two spaces after a value too wide for it (the long zone).
        assert start == COMMENT_COLUMN or start == len(code) + 2 > COMMENT_COLUMN, line


# Days of the year a volunteer may start `new` on: every fortnight, and the days before
# the seasons check warns about (Christmas everywhere, August in France).
TODAYS = [dt.date(2026, 1, 5) + dt.timedelta(days=14 * n) for n in range(27)] + [
    dt.date(2026, 11, 20),
    dt.date(2026, 12, 24),
    dt.date(2027, 6, 28),
    dt.date(2027, 7, 12),
]


@pytest.mark.parametrize(
    "zone", ["Europe/Paris", "America/New_York", "Australia/Sydney", "Pacific/Auckland"]
)
def test_the_date_offered_passes_check_without_a_warning(tmp_path: Path, zone: str) -> None:
    """Whatever the day and the country (the time zone's: its public holidays, France's
    August), the departure date `new` offers, taken as offered, gives a file `check` has
    no warning about: no holiday season, no public holiday, a week to prepare."""
    from freezegun import freeze_time

    for today in TODAYS:
        target = tmp_path / f"{today}.toml"
        typed = answers(
            *("en", "Asso", "", "", zone, "x", "@asso", "", "", "n"),
            *("mastodon", "https://m.example/@asso", "", "", "followers", ""),
        )
        with freeze_time(today):
            made = CliRunner().invoke(main, ["new", str(target)], input=typed)
            assert made.exit_code == 0, made.output
            assert "Warning" not in made.output, made.output
            checked = CliRunner().invoke(main, ["check", str(target)])
        assert checked.exit_code == 0, checked.output
        assert "Warning" not in checked.output, (today, checked.output)
        written = tomllib.loads(target.read_text("utf-8"))["departure"][0]
        assert written["date"] >= today + dt.timedelta(days=35)


def test_a_date_check_would_warn_about_is_said_at_once_and_can_be_kept(tmp_path: Path) -> None:
    """A departure on Christmas Eve, typed: check's own warning (with its advice) right
    away, then the choice; refused, the date is asked again; kept, it is written."""
    from freezegun import freeze_time

    start = ("en", "Asso", "", "", "Europe/Paris", "x", "@asso", "2026-12-24")
    end = ("", "n", "mastodon", "https://m.example/@asso", "", "", "followers", "")
    with freeze_time("2026-11-20"):
        again = CliRunner().invoke(
            main, ["new", str(tmp_path / "a.toml")], input=answers(*start, "n", "", *end)
        )
        kept = CliRunner().invoke(
            main, ["new", str(tmp_path / "k.toml")], input=answers(*start, "", *end)
        )
    said = (
        "Warning: {file}: departure from X: 1 of the 27 days from the first announcement "
        "(27\u00a0November\u00a02026) to the departure (24\u00a0December\u00a02026) fall in the "
        "Christmas holidays (24 December to 1 January), when few people read; set "
        "notice_days = 28 to keep 27 days outside them, or move date to "
        "29\u00a0January\u00a02027 or later (date = 2027-01-29)\nKeep this date? [Y/n]"
    )
    assert said.format(file=tmp_path / "a.toml") in again.output
    assert again.output.count("Departure date from X (YYYY-MM-DD) [2027-01-25]: ") == 2
    assert tomllib.loads((tmp_path / "a.toml").read_text("utf-8"))["departure"][0][
        "date"
    ] == dt.date(2027, 1, 25)
    assert said.format(file=tmp_path / "k.toml") in kept.output
    assert tomllib.loads((tmp_path / "k.toml").read_text("utf-8"))["departure"][0][
        "date"
    ] == dt.date(2026, 12, 24)
