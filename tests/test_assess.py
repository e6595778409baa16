"""The self-assessment: file flow, prompts, resume, a real terminal, reports, and the stay plan."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import signal
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from freezegun import freeze_time

from planner.assess import Answer, Assessment, load_answers, reasons, report, report_html, side
from planner.cli import main
from planner.content import LANGUAGES, words
from planner.decision import load
from planner.errors import DecisionError
from planner.ics import plan_calendar
from planner.posts import render_posts
from planner.questions import CHOICES, QUESTIONS, THEMES
from planner.timeline import build_plan

from .conftest import DATA, ROOT, Golden
from .test_ics import STAMP, lint

LEAVE = DATA / "assess" / "leave.toml"
STAY = DATA / "assess" / "stay.toml"
# The questions answered under [answers]; the indicators question is answered by
# [indicators] track.
ANSWERED = [q for q in QUESTIONS.values() if q.lean != "indicators"]


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
    assert "doesn't make the decision for you" in text
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
    for question in ANSWERED[:count]:
        out += ["2" if question.lean == "figure" else first, ""]
    return out


def test_interactive_asks_again_on_invalid_answers(tmp_path: Path) -> None:
    """Every question is asked; a wrong choice or number is asked again with the reason."""
    out_file = tmp_path / "answers.toml"
    lines = ["fr", "Le Repair Café", "x", "7"]  # "7" is not a choice: asked again
    for question in ANSWERED:
        if question.lean == "figure":
            lines += ["beaucoup", "2", ""]  # not a number: asked again
        else:
            lines += ["4", ""]
    lines += ["visites du site", "", "leave"]  # the indicators question, then the decision
    with freeze_time("2026-11-26"):
        code, out, _ = run("assess", "--out", str(out_file), input="\n".join(lines) + "\n")
    assert code == 0, out
    assert "type a number from 1 to 5" in out
    assert "type a number, like 2 or 2.5" in out
    assert "Le fonctionnement de ce réseau correspond-il" in out
    saved = load_answers(out_file)
    assert saved.complete and saved.decision == "leave" and len(saved.answers) == len(ANSWERED)
    assert saved.indicators == ("visites du site",)
    # The indicators are the answer to the article's question, asked once, in its theme.
    asked = out.index("Quels indicateurs peuvent nous aider à prendre une décision éclairée")
    assert out.index("== Notre évaluation ==") < asked
    assert "par exemple\u00a0: taux d’engagement, portée organique" in out[asked:]
    assert "One to three indicators to follow monthly" not in out
    assert "# Partir ou rester sur X\u00a0? Autodiagnostic\u00a0: Le Repair Café" in out


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
    assert "an unfinished self-assessment" in out and "(5 answers). Resume it?" in out
    done = load_answers(out_file)
    assert done.complete and done.decision == "stay"
    assert done.answers["values.aligned"].value == "yes"  # kept from the first session
    assert done.answers["reliability.data"].value == "rather-yes"


def test_an_interrupted_session_says_what_was_kept(tmp_path: Path) -> None:
    """Input ending mid-way: one line saying where the answers given so far are, and how
    to go on; ending before the first save: that nothing was written. No 'Aborted!'."""
    out = tmp_path / "a.toml"
    code, _stdout, stderr = run("assess", "--out", str(out), input="fr\nLe Jardin\nx\n3\n\n")
    assert code == 1
    assert stderr == (
        f"Interrupted: the answers given so far are saved in {out}; type the same command "
        "again to go on from where you stopped.\n"
    )
    assert load_answers(out).answers["values.aligned"].value == "rather-no"
    other = tmp_path / "b.toml"
    code, _stdout, stderr = run("assess", "--out", str(other), input="fr\n")
    assert (code, stderr) == (1, f"Interrupted: nothing was written to {other}.\n")
    assert not other.exists()


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
        # Ctrl-C must reach the child even where the tests run with SIGINT ignored (a
        # background job): Python keeps an ignored SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.expect("Language of the questions and the report")  # the interface's language
    child.sendline("fr")
    child.expect("Nom de l’association")
    child.sendline("Les Amis du Jardin")
    child.expect("Plateforme en question")  # from here on, the language chosen
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
        "Europe/Paris",
        "@amisdujardin",
        "2027-01-15",
        "",  # across Christmas: kept (the default)
        "dormant",
        "n",  # no other platform
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


def test_an_assessment_with_unknown_figures_reads_back(tmp_path: Path) -> None:
    """Enter at a number question saves "unknown"; assess --answers and new --from read it."""
    out_file = tmp_path / "eval.toml"
    lines = ["fr", "Les Amis du Jardin", "x"]
    for n, question in enumerate(ANSWERED):
        # every choice in turn, "don't know" included; every figure left unknown
        lines += ["" if question.lean == "figure" else str(n % len(CHOICES) + 1), ""]
    lines += ["visites du site", "", "leave"]
    with freeze_time("2026-11-26"):
        code, out, err = run("assess", "--out", str(out_file), input="\n".join(lines) + "\n")
    assert code == 0, out + err
    written = tomllib.loads(out_file.read_text("utf-8"))["answers"]
    figures = [q.id for q in ANSWERED if q.lean == "figure"]
    assert figures and all(written[key] == "unknown" for key in figures)
    assert {written[q.id] for q in ANSWERED if q.lean != "figure"} == set(CHOICES)
    saved = load_answers(out_file)
    assert all(saved.answers[key].value is None for key in figures)
    code, out, err = run("assess", "--answers", str(out_file))
    assert code == 0, err
    assert "# Partir ou rester sur X\u00a0? Autodiagnostic\u00a0: Les Amis du Jardin" in out
    target = tmp_path / "depart.toml"
    new = ["", "", "Europe/Paris", "@amisdujardin", "2027-01-15", "", "dormant", "n"]
    new += ["mastodon", "https://mastodon.social/@amis", "", ""]
    with freeze_time("2026-11-26"):
        code, out, err = run(
            "new", str(target), "--from", str(out_file), input="\n".join(new) + "\n"
        )
    assert code == 0, out + err
    assert tomllib.loads(target.read_text("utf-8"))["indicators"]["track"] == ["visites du site"]
    assert run("check", str(target))[0] == 0


def test_stay_plan_end_to_end(tmp_path: Path) -> None:
    """Staying: `new --from` writes a [[stay]] file; its plan, posts and calendar work."""
    target = tmp_path / "stay.toml"
    lines = [
        "https://riverside-food.example.org",
        "",
        "America/New_York",
        "Riverside Community Food Bank",
        "2026-12-08",
        "",
    ]
    with freeze_time("2026-12-01"):
        code, out, _ = run("new", str(target), "--from", str(STAY), input="\n".join(lines) + "\n")
    assert code == 0, out
    text = target.read_text("utf-8")
    assert "[[stay]]" in text and "[[departure]]" not in text
    assert text.startswith("# Decision to stay on Facebook, and to say so")
    assert '# statement = "Why we stay' in text and "Why we leave" not in text
    plan = build_plan(load(target))
    assert [s.id for s in plan.steps][:2] == ["facebook/stay", "review-1"]
    assert "facebook/reassess" in [s.id for s in plan.steps]
    posts = render_posts(plan)
    assert {p.channel for p in posts} == {"facebook", "partners"}
    facebook = next(p for p in posts if p.channel == "facebook")
    assert "we’re staying on Facebook" in facebook.text
    assert "It’s still where many of the people we work with find us." in facebook.text
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


def assessment(
    language: str = "en", indicators: tuple[str, ...] = (), **answers: str
) -> Assessment:
    """An assessment of X with the given answers (``open_networks="yes"`` for
    ``alternatives.open_networks``)."""
    ids = {key.split(".")[1]: key for key in QUESTIONS}
    chosen = {ids[name]: Answer(value) for name, value in answers.items()}
    return Assessment("Repair Café", "x", language, dt.date(2026, 11, 20), chosen, indicators)


@pytest.mark.parametrize("choice", [c for c in CHOICES if c != "unknown"])
def test_open_networks_count_neither_for_leaving_nor_for_staying(choice: str) -> None:
    """The open networks' engaged public is something to look into: whatever the answer, it
    is counted neither towards leaving nor towards staying, and reported on its own."""
    question = QUESTIONS["alternatives.open_networks"]
    assert side(question, Answer(choice)) == "study"
    answered = assessment(open_networks=choice)
    assert reasons(answered) == () and reasons(answered, toward="stay") == ()
    text = report(answered)
    assert "**In short**: 0 answers point to leaving, 0 to staying" in text
    assert (
        "Worth looking into (counts neither for leaving nor for staying):\n- Open networks" in text
    )
    french = report(assessment("fr", open_networks=choice))
    assert "À étudier (ne compte ni pour partir, ni pour rester)\u00a0:\n- Les réseaux libres" in (
        french
    )


def test_an_old_open_networks_answer_still_loads(tmp_path: Path) -> None:
    """An answers file of the previous version (open networks counted towards leaving)
    loads unchanged; its answer is now something to look into."""
    old = load_answers(LEAVE)
    assert old.answers["alternatives.open_networks"].value == "rather-yes"
    assert "alternatives" in reasons(old)  # still: the two other answers point to leaving
    assert "À étudier" in report(old) and "plutôt oui" in report(old)


def test_the_indicators_question_is_answered_by_the_indicators() -> None:
    """The article's "which indicators can help us?" closes the evaluation theme; its answer
    is the one to three indicators, shown once, in that theme; without them, it is a
    question to find out, with the suggestions."""
    evaluation = next(t for t in THEMES if t.key == "evaluation")
    assert [q.id for q in evaluation.questions][-1] == "evaluation.indicators"
    text = report(assessment(indicators=("engagement rate", "newsletter sign-ups")))
    part = text[text.index("## How we evaluate") : text.index("## Next")]
    assert "The indicators we'll track every month:\n- engagement rate\n" in part
    assert text.count("- engagement rate") == 1
    missing = report(assessment())
    assert (
        "- Which indicators can help us make an informed decision? How to find out: Choose one "
        "to three to note every month, for example: engagement rate, organic reach, " in missing
    )


def test_the_indicators_are_not_an_answer(tmp_path: Path) -> None:
    """Indicators written under [answers] are refused, with where they belong."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        LEAVE.read_text("utf-8").replace(
            '"evaluation.recent" = "no"',
            '"evaluation.recent" = "no"\n"evaluation.indicators" = "yes"',
        ),
        "utf-8",
    )
    code, _, err = run("--lang", "en", "assess", "--answers", str(bad))
    assert code == 2
    assert "answers.evaluation.indicators: write the indicators under [indicators]" in err


def test_an_old_unfinished_file_is_asked_the_indicators_question(tmp_path: Path) -> None:
    """An unfinished answers file of the previous version, every question answered but no
    indicators yet, resumes at the indicators question, then the decision."""
    old = tmp_path / "answers.toml"
    text = STAY.read_text("utf-8").replace("complete = true", "complete = false")
    old.write_text(text[: text.index("[indicators]")].replace('decision = "stay"\n', ""), "utf-8")
    resumed = ["y", "donations", "engagement rate", "", "stay"]
    code, out, _ = run("assess", "--out", str(old), input="\n".join(resumed) + "\n")
    assert code == 0, out
    asked = out[: out.index("Answers saved")]
    assert "== How we evaluate ==" in asked and "Which indicators can help us" in asked
    assert "Have we evaluated" not in asked  # answered in the old file: not asked again
    done = load_answers(old)
    assert done.complete and done.indicators == ("donations", "engagement rate")


@pytest.mark.parametrize(
    ("language", "examples", "channels"),
    [
        (
            "en",
            ["engagement rate", "organic reach", "conversions to the website or newsletter"],
            ["newsletter sign-ups", "followers on the new network"],
        ),
        (
            "fr",
            [
                "taux d’engagement",
                "portée organique",
                "conversions vers le site ou la lettre d’information",
            ],
            ["inscriptions à la lettre d’information", "abonnés sur le nouveau réseau"],
        ),
    ],
)
def test_suggestions_include_the_articles_examples(
    language: str, examples: list[str], channels: list[str]
) -> None:
    """The suggested indicators start with the article's examples (engagement rate, organic
    reach, conversion), next to the figures of the new channels."""
    suggested = list(words(language).suggested_indicators)
    assert suggested[:3] == examples
    assert set(channels) <= set(suggested)


def test_not_evaluated_is_missing_evidence() -> None:
    """ "Have we evaluated in the past year?" answered no is missing evidence, said to the
    board in the summary and in its theme, not something to prepare."""
    question = QUESTIONS["evaluation.recent"]
    assert side(question, Answer("no")) == side(question, Answer("rather-no")) == "missing"
    assert side(question, Answer("yes")) == "evidence"
    text = report(assessment(recent="no"))
    assert (
        "**Missing evidence**: nobody has measured our impact on X in the past year, so this "
        "decision will be made without recent figures." in text
    )
    assert "Missing evidence:\n- Have we evaluated our impact" in text
    assert "Still to prepare" not in text
    french = report(load_answers(LEAVE))
    assert "**Élément manquant**\u00a0: notre impact sur X n’a pas été évalué" in french
    assert "Ce qui manque pour décider\u00a0:\n- Avons-nous évalué" in french
    evaluated = report(assessment(recent="yes"))
    assert "Missing evidence" not in evaluated
    assert "Evidence at hand:\n- Have we evaluated" in evaluated


@pytest.mark.parametrize("language", LANGUAGES)
def test_engaged_audience_is_defined_as_the_article_does(language: str) -> None:
    """The engaged-audience figure is the article's: the percentage of the active audience
    (people, not interactions) who interact with our content; the way to find it says so."""
    text, find_out = words(language).questions["effectiveness.engaged"]
    assert words(language).units["effectiveness.engaged"] == "%"
    if language == "fr":
        assert text == (
            "Quel pourcentage de notre audience active interagit avec nos contenus sur ce "
            "réseau\u00a0?"
        )
        for part in ("compter les personnes", "pas des interactions", "audience active", "100"):
            assert part in find_out
    else:
        assert text == (
            "What percentage of our active audience interacts with our content on this network?"
        )
        for part in ("count the people", "not interactions", "active audience", "100"):
            assert part in find_out


# --- the report in the web app, and the feature's one name --------------------------------


class _Text(HTMLParser):
    """The text of an HTML fragment, a space at each tag but inline ones; the tags met."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.parts.append("" if tag in ("strong", "em", "a") else " ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append("" if tag in ("strong", "em", "a") else " ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"[ \n]+", " ", "".join(self.parts)).strip()  # U+00A0 kept


def _markdown_text(markdown: str) -> str:
    """Markdown's text without its marks (headings, list items, bold, italics)."""
    lines = [re.sub(r"^(#+ |- )", "", line) for line in markdown.splitlines()]
    return re.sub(r"[ \n]+", " ", re.sub(r"\*\*?", "", " ".join(lines))).strip()


NEXT = {"fr": "Et ensuite", "en": "Next"}
VARIANTS = [
    pytest.param(path, language, decision, id=f"{path.stem}-{language}-{decision}")
    for path in (LEAVE, STAY)
    for language in LANGUAGES
    for decision in ("leave", "stay", None)
]


@pytest.mark.parametrize(("path", "language", "decision"), VARIANTS)
def test_the_web_report_is_the_commands_in_html_with_the_apps_actions(
    path: Path, language: str, decision: str | None
) -> None:
    """The web app's report says what the command's Markdown says, sentence for sentence
    up to its next steps, with headings and lists as HTML and no Markdown mark; its next
    steps are the app's links and name no command, where the Markdown's name them."""
    assessment = dataclasses.replace(load_answers(path), language=language, decision=decision)
    markdown = report(assessment)
    html = report_html(assessment, plan_url="/assessments/a/plan", decide_url="/a#decision")
    said = words(language)
    web_words = _Text(html).text
    for key, web in said.web_find_out.items():  # the one question said otherwise on the web
        web_words = web_words.replace(web, said.questions[key][1])
    body, next_steps = web_words.split(f" {NEXT[language]} ")
    assert body == _markdown_text(markdown.split(f"\n## {NEXT[language]}\n")[0])
    parsed = _Text(html)
    assert parsed.tags.count("h1") == 1 and parsed.tags.count("h2") == len(THEMES) + 1
    assert "ul" in parsed.tags and "li" in parsed.tags and "em" in parsed.tags
    for mark in ("**", "`", "## ", "- ", "planner "):
        assert mark not in parsed.text, mark
    if decision is None:
        assert 'href="/a#decision"' in html and "/assessments/a/plan" not in html
    else:
        assert 'href="/assessments/a/plan"' in html and "#decision" not in html
    assert "`planner new" in markdown  # the command line's report keeps its commands
    assert next_steps


# The one name of the feature in each language. French: « autodiagnostic », what
# associations call such a questionnaire (the accompaniment schemes of the ESS use the
# word); « évaluation » is the article's eighth theme, « Notre évaluation » (of results).
NAMES = {"fr": "autodiagnostic", "en": "self-assessment"}
OTHER_NAMES = {
    "fr": re.compile(r"auto[-\s]?évaluation|\bévaluation\b|self-assessment|diagnostic", re.I),
    "en": re.compile(r"self-evaluation|self-diagnos|autodiagnostic|auto-évaluation", re.I),
}


def _other_names(language: str, text: str) -> list[str]:
    """The names of the feature other than the chosen one found in ``text``; in English,
    "assessment" without "self-" counts as another name."""
    text = re.sub(r"autodiagnostic", "", text, flags=re.I) if language == "fr" else text
    found = [m.group(0) for m in OTHER_NAMES[language].finditer(text)]
    if language == "en":
        found += [m.group(0) for m in re.finditer(r"(?<!self-)\bassessments?\b", text, re.I)]
    return found


def _catalog_texts() -> dict[str, list[str]]:
    """Every English message and every French translation of the catalog."""
    with (ROOT / "planner" / "locale" / "fr" / "LC_MESSAGES" / "planner.po").open("rb") as f:
        catalog = read_po(f)
    texts: dict[str, list[str]] = {"en": [], "fr": []}
    for message in catalog:
        if not message.id:
            continue
        for key, value in (("en", message.id), ("fr", message.string)):
            texts[key] += [value] if isinstance(value, str) else list(value)
    return texts


def test_the_catalogs_name_the_feature_one_way() -> None:
    """Every message of the interface names the self-assessment « autodiagnostic » in
    French and "self-assessment" in English, never another way; both names are used."""
    for language, texts in _catalog_texts().items():
        assert [(t, _other_names(language, t)) for t in texts if _other_names(language, t)] == []
        assert any(NAMES[language] in t.lower() for t in texts), language


def test_the_templates_and_words_name_the_feature_one_way() -> None:
    """The templates of each language (their text, comments included, not their code or
    tags) and the words of planner/content name the feature one way too."""
    code = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", re.S)  # and HTML tags
    checked = 0
    for language in LANGUAGES:
        for template in sorted((ROOT / "templates" / language).rglob("*.j2")):
            text = code.sub(" ", template.read_text("utf-8"))
            assert _other_names(language, text) == [], template
            checked += 1
        strings = [
            text
            for value in dataclasses.asdict(words(language)).values()
            for item in (value.values() if isinstance(value, dict) else value)
            for text in ([item] if isinstance(item, str) else item)
        ]
        theme = words(language).themes["evaluation"]  # the eighth theme, not the feature
        assert [s for s in strings if s != theme and _other_names(language, s)] == []
    for template in sorted((ROOT / "templates" / "web").rglob("*.j2")):  # text outside _()
        assert _other_names("en", code.sub(" ", template.read_text("utf-8"))) == [], template
    assert checked > 20
    assert "Autodiagnostic" in (ROOT / "templates" / "fr" / "report.md.j2").read_text("utf-8")
