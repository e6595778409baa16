"""The self-assessment: file flow, prompts, resume, a real terminal, reports, and the stay plan."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from planner.assess import load_answers, reasons, report
from planner.cli import main
from planner.decision import load
from planner.errors import DecisionError
from planner.ics import plan_calendar
from planner.posts import render_posts
from planner.questions import QUESTIONS
from planner.timeline import build_plan

from .conftest import DATA, Golden
from .test_ics import STAMP, lint

LEAVE = DATA / "assess" / "leave.toml"
STAY = DATA / "assess" / "stay.toml"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, list(args), input=input, catch_exceptions=False, prog_name="planner"
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("path", [LEAVE, STAY], ids=["leave", "stay"])
def test_report_matches_golden(path: Path, golden: Golden) -> None:
    """The reports of two realistic answer sets are what was reviewed."""
    golden.check(f"assess/{path.stem}.md", report(load_answers(path)))


def test_report_never_decides_and_lists_what_to_find_out() -> None:
    """The report says it does not decide; each 'don't know' comes with how to find out."""
    text = report(load_answers(STAY))
    assert "does not decide for you" in text
    assert "How to find out: Read what the platform's moderation" in text
    french = report(load_answers(LEAVE))
    assert "ne décide pas à votre place" in french and "0,8\u00a0%" in french


def test_reasons_follow_the_answers() -> None:
    """Leave answers give leave reasons; stay answers give stay reasons."""
    assert reasons(load_answers(LEAVE)) == (
        "values",
        "effectiveness",
        "reliability",
        "resources",
        "alternatives",
        "image",
    )
    assert reasons(load_answers(STAY), toward="stay") == (
        "effectiveness",
        "reliability",
        "resources",
        "alternatives",
        "image",
    )


def test_file_flow_writes_the_report(tmp_path: Path) -> None:
    """`assess --answers --report` writes the report without asking anything."""
    code, out, _ = run("assess", "--answers", str(LEAVE), "--report", str(tmp_path / "r.md"))
    assert code == 0 and out.startswith("Written:")
    assert (tmp_path / "r.md").read_text("utf-8") == report(load_answers(LEAVE))


def test_invalid_answers_file(tmp_path: Path) -> None:
    """An unknown question or answer is named with its field; exit 2."""
    bad = tmp_path / "bad.toml"
    text = LEAVE.read_text("utf-8").replace('"values.ethics" = "no"', '"values.ethic" = "maybe"')
    bad.write_text(text.replace('"resources.hours" = 3', '"resources.hours" = "lots"'), "utf-8")
    code, _, err = run("assess", "--answers", str(bad))
    assert code == 2
    assert "answers.values.ethic: unknown question; did you mean 'values.ethics'?" in err
    assert "answers.resources.hours: must be a number" in err


def answers_for(count: int, first: str = "4") -> list[str]:
    """Prompt answers for the first ``count`` questions: a choice or figure, then a note."""
    out = []
    for question in list(QUESTIONS.values())[:count]:
        out += ["2" if question.lean == "figure" else first, ""]
    return out


def test_interactive_asks_again_on_invalid_answers(tmp_path: Path) -> None:
    """Every question is asked; a wrong choice or number is asked again with the reason."""
    out_file = tmp_path / "answers.toml"
    lines = ["fr", "Le Repair Café", "x", "7"]  # "7" is not a choice: asked again
    for question in QUESTIONS.values():
        if question.lean == "figure":
            lines += ["beaucoup", "2", ""]  # not a number: asked again
        else:
            lines += ["4", ""]
    lines += ["visites du site", "", "leave"]
    with freeze_time("2026-11-26"):
        code, out, _ = run("assess", "--out", str(out_file), input="\n".join(lines) + "\n")
    assert code == 0, out
    assert "type a number from 1 to 5" in out
    assert "type a number, like 2 or 2.5" in out
    assert "Le fonctionnement de ce réseau correspond-il" in out
    saved = load_answers(out_file)
    assert saved.complete and saved.decision == "leave" and len(saved.answers) == len(QUESTIONS)
    assert saved.indicators == ("visites du site",)
    assert "# Partir ou rester sur X\u00a0? Auto-évaluation\u00a0: Le Repair Café" in out


def test_interrupted_session_resumes(tmp_path: Path) -> None:
    """Answers are saved as they are given; the next run offers to resume and keeps them."""
    out_file = tmp_path / "answers.toml"
    first = ["en", "Riverside", "facebook", *answers_for(5, "1")]
    code, _, _ = run("assess", "--out", str(out_file), input="\n".join(first) + "\n")
    assert code == 1  # input ran out: the session was interrupted
    saved = load_answers(out_file)
    assert not saved.complete and len(saved.answers) == 5
    rest = ["y", *answers_for(len(QUESTIONS), "2")[10:], "donations", "", "stay"]
    code, out, _ = run("assess", "--out", str(out_file), input="\n".join(rest) + "\n")
    assert code == 0, out
    assert "an unfinished assessment" in out and "(5 answers). Resume it?" in out
    done = load_answers(out_file)
    assert done.complete and done.decision == "stay"
    assert done.answers["values.aligned"].value == "yes"  # kept from the first session
    assert done.answers["reliability.data"].value == "rather-yes"


def test_real_terminal_session(tmp_path: Path) -> None:
    """Under a pseudo-terminal: the prompts show, answers are typed, Ctrl-C keeps them."""
    pexpect = pytest.importorskip("pexpect")
    planner = str(Path(sys.executable).parent / "planner")
    child = pexpect.spawn(
        planner,
        ["assess", "--out", str(tmp_path / "a.toml")],
        encoding="utf-8",
        timeout=60,  # the longest any one answer may take to show; only matters on failure
        env={**os.environ, "COLUMNS": "100"},
    )
    child.expect("Language / langue")
    child.sendline("fr")
    child.expect("Nom de l’association")
    child.sendline("Les Amis du Jardin")
    child.expect("plateforme")
    child.sendline("x")
    child.expect("== Nos valeurs ==")
    child.expect("Votre réponse")
    child.sendline("9")
    child.expect("type a number from 1 to 5")
    child.sendline("3")
    child.expect("Remarque")
    child.sendline("à revoir en bureau")
    child.expect("Votre réponse")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    saved = load_answers(tmp_path / "a.toml")
    assert saved.answers["values.aligned"].value == "rather-no"
    assert saved.answers["values.aligned"].note == "à revoir en bureau"
    assert not saved.complete


def test_new_from_a_leave_assessment(tmp_path: Path) -> None:
    """`new --from` takes organisation, platform, language, reasons and indicators."""
    target = tmp_path / "depart.toml"
    lines = [
        "",
        "",
        "@amisdujardin",
        "2027-01-15",
        "dormant",
        "Europe/Paris",
        "mastodon",
        "https://mastodon.social/@amis",
        "",
        "",
    ]
    with freeze_time("2026-11-26"):
        code, out, _ = run("new", str(target), "--from", str(LEAVE), input="\n".join(lines) + "\n")
    assert code == 0, out
    data = tomllib.loads(target.read_text("utf-8"))
    assert data["decision"]["assessed_on"].isoformat() == "2026-11-20"
    assert data["decision"]["reasons"][0] == "values"
    assert data["departure"][0]["platform"] == "x"
    assert data["indicators"]["track"] == [
        "inscriptions à la lettre d’information",
        "abonnés Mastodon",
    ]
    assert run("check", str(target))[0] == 0


def test_stay_plan_end_to_end(tmp_path: Path) -> None:
    """Staying: `new --from` writes a [[stay]] file; its plan, posts and calendar work."""
    target = tmp_path / "stay.toml"
    lines = [
        "https://riverside-food.example.org",
        "",
        "Riverside Community Food Bank",
        "2026-12-08",
        "America/New_York",
        "",
    ]
    with freeze_time("2026-12-01"):
        code, out, _ = run("new", str(target), "--from", str(STAY), input="\n".join(lines) + "\n")
    assert code == 0, out
    assert "[[stay]]" in target.read_text("utf-8") and "[[departure]]" not in target.read_text(
        "utf-8"
    )
    plan = build_plan(load(target))
    assert [s.id for s in plan.steps][:2] == ["facebook/stay", "review-1"]
    assert "facebook/reassess" in [s.id for s in plan.steps]
    posts = render_posts(plan)
    assert {p.channel for p in posts} == {"facebook", "partners"}
    facebook = next(p for p in posts if p.channel == "facebook")
    assert "decided to stay on Facebook" in facebook.text
    assert "this is where many of the people we work with find us" in facebook.text
    assert lint(plan_calendar(plan, posts, STAMP)) == []


def test_a_platform_cannot_be_left_and_kept(tmp_path: Path) -> None:
    """[[stay]] and [[departure]] for the same platform are refused."""
    bad = tmp_path / "both.toml"
    text = (DATA.parent.parent / "examples" / "jardin-partage-quitte-x.toml").read_text("utf-8")
    bad.write_text(
        text + '\n[[stay]]\nplatform = "x"\naccount = "@a"\ndate = 2027-01-01\n', "utf-8"
    )
    with pytest.raises(DecisionError, match="already in another"):
        load(bad)
