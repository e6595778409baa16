"""The web app's routes (planner serve), through Starlette's TestClient: the pages, the
decision form checked with `check`'s own messages, the file byte for byte, and the guards
(host, CSRF, origin, size, escaping)."""

from __future__ import annotations

import datetime as dt
import html
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.routing import Route
from starlette.testclient import TestClient

from planner.cli import main
from planner.decision import load, validate
from planner.errors import DecisionError
from planner.templating import toml_value
from planner.web.app import create_app
from planner.web.security import HOSTS

from .conftest import DATA, EXAMPLES, ROOT
from .postgres import backend
from .web import Page, client, csrf, grouped, upload

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
KEY = "les-amis-du-jardin-partage"
BROKEN = sorted((DATA / "broken").glob("*.toml"))


@pytest.fixture(params=["local", "hosted-sqlite", "hosted-postgresql"])
def browser(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """A browser on the app of a local database, then of a hosted database (SQLite, then a
    real PostgreSQL): every test of the web app runs on each."""
    with client(backend(request, tmp_path)) as found:
        yield found


@pytest.fixture
def jardin(browser: TestClient) -> TestClient:
    """A browser whose app holds the garden's plan, uploaded."""
    assert upload(browser, JARDIN).status_code == 303
    return browser


def check_lines(path: Path) -> list[str]:
    """What `planner check` says of a file: its error lines, without 'Error: '."""
    result = CliRunner().invoke(main, ["check", str(path)], catch_exceptions=False)
    return [
        line.removeprefix("Error: ")
        for line in result.stderr.splitlines()
        if line.startswith("Error: ")
    ]


# --- pages -------------------------------------------------------------------------------


PAGES = ["/plans", "/plans/new", "/plans/new/form", "/reminders", "/assessments", "/accounts"]
PLAN_PAGES = ["", "/decision", "/today", "/plan", "/posts", "/calendar", "/reminders", "/delete"]


@pytest.mark.parametrize("page", PAGES + [f"/plans/{KEY}{p}" for p in PLAN_PAGES])
def test_every_page_answers_with_its_guards(jardin: TestClient, page: str) -> None:
    """Each page: 200, HTML in the browser's language, a CSP with this answer's nonce on
    the one script (planner's own), no address of another host to load."""
    response = jardin.get(page)
    assert response.status_code == 200
    html = response.text
    nonce = re.search(r"script-src 'nonce-([^']+)'", response.headers["content-security-policy"])
    assert nonce
    scripts = Page(html).tags
    assert [a.get("nonce") for t, a in scripts if t == "script"] == [nonce.group(1)]
    loads = [a.get("src") or a.get("href") for t, a in scripts if t in ("script", "link", "img")]
    own = ("/static/", "/plans/", "data:")  # planner's files, a plan's cards, inline data
    assert loads and all(src and src.startswith(own) for src in loads)
    assert response.headers["x-frame-options"] == "DENY"
    assert '<html lang="en">' in html


def test_root_leads_to_the_plans(browser: TestClient) -> None:
    """/ sends the browser to the list of plans."""
    response = browser.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/plans")


def test_an_unknown_plan_is_a_404_page(browser: TestClient) -> None:
    """A plan that is not here: 404, said in words."""
    response = browser.get("/plans/nope")
    assert response.status_code == 404
    assert "There is no plan 'nope' here." in html.unescape(response.text)


def test_the_list_shows_each_plan(jardin: TestClient) -> None:
    """The list names the plan and what it leaves, with a link to it."""
    page = jardin.get("/plans").text
    assert f'href="/plans/{KEY}"' in page
    assert "Les Amis du Jardin Partagé" in page and "leaves X on 15\xa0January\xa02027" in page


# --- guards ------------------------------------------------------------------------------


def post_routes(browser: TestClient) -> list[str]:
    """Every POST route of the app, with the garden's key in it."""
    paths = [
        r.path.replace("{key}", KEY)
        for r in browser.app.routes  # type: ignore[attr-defined]
        if isinstance(r, Route) and r.methods and "POST" in r.methods
    ]
    assert len(paths) >= 12
    return paths


def test_a_foreign_host_is_refused(jardin: TestClient) -> None:
    """A Host naming another site (DNS rebinding) is refused on every route, GET or POST,
    and nothing changes."""
    before = jardin.get(f"/plans/{KEY}/decision.toml").content
    for path in ["/plans", f"/plans/{KEY}/decision.toml", *post_routes(jardin)]:
        for method in ("GET", "POST"):
            response = jardin.request(
                method,
                path,
                headers={"host": "attacker.example:8000"},
                data={"csrf": csrf(jardin), "language": "fr", "organisation.name": "x"},
            )
            assert response.status_code == 421, (method, path)
            assert "This address is not planner's" in html.unescape(response.text)
    assert jardin.get(f"/plans/{KEY}/decision.toml").content == before


def test_this_machine_names_are_accepted(browser: TestClient) -> None:
    """127.0.0.1, localhost and [::1], on the port the app listens on."""
    for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST:8000"):
        assert browser.get("/plans", headers={"host": host}).status_code == 200, host


def test_another_port_of_this_machine_is_refused(browser: TestClient) -> None:
    """A server on port 8000 refuses a Host naming another port of this machine (another
    program's server), or none (the default port, 80), or a port that is not a number."""
    for host in (
        "127.0.0.1:9999",
        "localhost:8001",
        "[::1]:80",
        "127.0.0.1",
        "localhost",
        "127.0.0.1:",
        "127.0.0.1:80a",
        "[::1",
        "",
    ):
        response = browser.get("/plans", headers={"host": host})
        assert response.status_code == 421, host
        assert "This address is not planner's" in html.unescape(response.text)


def test_a_post_from_another_port_of_this_machine_is_refused(browser: TestClient) -> None:
    """An Origin of this machine but another port is another site: refused, even with the
    token; the app's own origin is accepted."""
    data = {"csrf": csrf(browser), "language": "fr"}
    other = browser.post("/language", data=data, headers={"origin": "http://127.0.0.1:9999"})
    assert other.status_code == 403
    assert "planner_lang" not in browser.cookies
    ours = browser.post(
        "/language", data=data, headers={"origin": "http://127.0.0.1:8000"}, follow_redirects=False
    )
    assert ours.status_code == 303


def test_a_missing_port_is_the_default_one(tmp_path: Path) -> None:
    """A server on port 80: 'Host: 127.0.0.1' (no port, as browsers write the default one)
    and ':80' are accepted; ':8000' is refused."""
    app = create_app(tmp_path / "db.sqlite3", port=80)
    with TestClient(app, base_url="http://127.0.0.1") as browser:
        assert browser.get("/plans").status_code == 200
        assert browser.get("/plans", headers={"host": "127.0.0.1:80"}).status_code == 200
        assert browser.get("/plans", headers={"host": "127.0.0.1:8000"}).status_code == 421


def test_trusted_names_and_their_ports(tmp_path: Path) -> None:
    """In the hosted mode, a trusted name alone is reached on the default ports (80, 443:
    behind a proxy, with or without its scheme), a name:port on that port only; this
    machine's names still need the app's own port."""
    hosts = HOSTS | {"plans.example.org", "other.example.org:8443"}
    app = create_app(tmp_path / "db.sqlite3", hosts=hosts, port=8000)
    with TestClient(app, base_url="https://plans.example.org") as browser:
        for host, status in [
            ("plans.example.org", 200),
            ("plans.example.org:443", 200),
            ("plans.example.org:80", 200),
            ("plans.example.org:8443", 421),
            ("other.example.org:8443", 200),
            ("other.example.org", 421),
            ("127.0.0.1:8000", 200),
            ("127.0.0.1:9000", 421),
            ("evil.example", 421),
        ]:
            assert browser.get("/plans", headers={"host": host}).status_code == status, host


def test_a_post_without_its_csrf_token_is_refused(jardin: TestClient) -> None:
    """Every POST route refuses a request without the token, or with another one, and
    changes nothing."""
    before = jardin.get(f"/plans/{KEY}/decision.toml").content
    fields = {"language": "fr", "organisation.name": "Changed", "action": "save"}
    for path in post_routes(jardin):
        for token in (None, "x" * 43):
            data = dict(fields, **({"csrf": token} if token else {}))
            response = jardin.post(path, data=data, follow_redirects=False)
            assert response.status_code == 403, path
            assert "This form has expired" in response.text
    assert jardin.get(f"/plans/{KEY}/decision.toml").content == before
    assert "planner_lang" not in jardin.cookies


def test_a_post_from_another_site_is_refused(jardin: TestClient) -> None:
    """A POST whose Origin is another site is refused, even with the token."""
    response = jardin.post(
        "/language",
        data={"csrf": csrf(jardin), "language": "fr"},
        headers={"origin": "https://attacker.example"},
    )
    assert response.status_code == 403
    assert "planner_lang" not in jardin.cookies


def test_a_large_request_is_refused(browser: TestClient) -> None:
    """A body over the limit is refused by its length, before it is read."""
    response = browser.post(
        "/plans/new/upload",
        data={"csrf": csrf(browser)},
        files={"file": ("big.toml", b"#" * 300_000)},
    )
    assert response.status_code == 413


def test_an_upload_over_its_limit_says_so(browser: TestClient) -> None:
    """A file over 64 KB (under the request's limit) is refused with its name."""
    response = browser.post(
        "/plans/new/upload",
        data={"csrf": csrf(browser)},
        files={"file": ("big.toml", b"#" * 70_000)},
    )
    assert response.status_code == 400
    assert "big.toml: larger than 64 KB" in response.text


def test_markup_in_a_name_is_shown_as_text(browser: TestClient, tmp_path: Path) -> None:
    """A name holding markup is escaped on every page that shows it."""
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    text = JARDIN.read_text("utf-8").replace(
        'name = "Les Amis du Jardin Partagé"', f"name = {toml_value(hostile)}"
    )
    path = tmp_path / "hostile.toml"
    path.write_text(text, "utf-8")
    assert load(path).organisation.name.startswith("<script>")
    response = upload(browser, path)
    assert response.status_code == 303
    key = response.headers["location"].split("/")[2].split("?")[0]
    for page in ("/plans", f"/plans/{key}", f"/plans/{key}/decision"):
        shown = browser.get(page).text
        assert "<script>alert" not in shown and "<img src=x" not in shown
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_a_plan_uploaded_twice_gets_an_id_to_write(jardin: TestClient, tmp_path: Path) -> None:
    """Uploading a file whose plan is already here is refused with the line to add: an id
    no plan here has; written in the file, the upload makes another plan; the next hint
    gives another free id."""
    hints = []
    for _attempt in range(2):
        response = upload(jardin, JARDIN)
        assert response.status_code == 400
        shown = html.unescape(response.text)
        assert f"the plan '{KEY}' is already here" in shown
        found = re.search(r'add id = "([^"]+)" under \[decision\]', shown)
        assert found is not None, shown
        hints.append(found.group(1))
        assert found.group(1) != KEY
        copy = tmp_path / f"copy-{len(hints)}.toml"
        copy.write_text(
            JARDIN.read_text("utf-8").replace(
                "[decision]\n", f'[decision]\nid = "{found.group(1)}"\n', 1
            ),
            "utf-8",
        )
        created = upload(jardin, copy)
        assert created.status_code == 303
        assert created.headers["location"] == f"/plans/{found.group(1)}?done=created"
    assert hints[1] == f"{hints[0]}-2"
    assert jardin.get(f"/plans/{KEY}").status_code == 200


# --- the language ------------------------------------------------------------------------


def test_the_language_follows_the_browser_then_the_switch(tmp_path: Path) -> None:
    """French from Accept-Language; the switch (a form with the token) sets English and
    goes back to the page it was on."""
    with client(tmp_path / "db.sqlite3", **{"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"}) as b:
        html = b.get("/plans/new").text
        assert '<html lang="fr">' in html and "Nouveau plan" in html
        response = b.post(
            "/language",
            data={"csrf": csrf(b), "language": "en", "next": "/plans/new"},
            follow_redirects=False,
        )
        assert (response.status_code, response.headers["location"]) == (303, "/plans/new")
        html = b.get("/plans/new").text
        assert '<html lang="en">' in html and "New plan" in html


def test_the_switch_never_leads_to_another_site(browser: TestClient) -> None:
    """A 'next' that names another site is replaced by this site's root."""
    for target in ("https://attacker.example/", "//attacker.example/", "/\\attacker.example"):
        response = browser.post(
            "/language",
            data={"csrf": csrf(browser), "language": "fr", "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/"


# --- new plans, and the file byte for byte ------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_uploaded_file_comes_back_byte_for_byte(browser: TestClient, path: Path) -> None:
    """Upload, then download: the same bytes; saving the form unchanged keeps them."""
    response = upload(browser, path)
    assert response.status_code == 303
    key = response.headers["location"].split("/")[2].split("?")[0]
    assert browser.get(f"/plans/{key}/decision.toml").content == path.read_bytes()
    fields = Page(browser.get(f"/plans/{key}/decision").text).form(f"/plans/{key}/decision")
    response = browser.post(
        f"/plans/{key}/decision",
        data=grouped([*fields, ("action", "save")]),
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/plans/{key}?done=unchanged"
    assert browser.get(f"/plans/{key}/decision.toml").content == path.read_bytes()


def test_a_changed_decision_is_written_as_check_accepts_it(
    jardin: TestClient, tmp_path: Path
) -> None:
    """A change saved from the form: the file downloaded loads to the changed decision,
    keeps the plan's key, is accepted by `planner check`, and is the same bytes each time."""
    fields = Page(jardin.get(f"/plans/{KEY}/decision").text).form(f"/plans/{KEY}/decision")
    fields = [(n, "14:30" if n == "decision.post_time" else v) for n, v in fields]
    response = jardin.post(
        f"/plans/{KEY}/decision",
        data=grouped([*fields, ("action", "save")]),
        follow_redirects=False,
    )
    assert response.headers["location"] == f"/plans/{KEY}?done=saved"
    first = jardin.get(f"/plans/{KEY}/decision.toml").content
    assert first == jardin.get(f"/plans/{KEY}/decision.toml").content
    path = tmp_path / "downloaded.toml"
    path.write_bytes(first)
    assert check_lines(path) == []
    decision = load(path)
    assert decision.post_time == dt.time(14, 30)
    assert decision.id == KEY
    assert decision.departures == load(JARDIN).departures


def test_a_blank_plan_from_the_form(browser: TestClient, tmp_path: Path) -> None:
    """The blank form with two platforms and three places, filled and saved: a plan whose
    file `check` accepts, with what was typed."""
    page = Page(browser.get("/plans/new/form").text)
    fields = page.form("/plans/new/form")
    for action in ("add-departure", "add-destination", "add-destination"):
        response = browser.post("/plans/new/form", data=grouped([*fields, ("action", action)]))
        fields = Page(response.text).form("/plans/new/form")
    typed = {
        "organisation.name": "Atelier Vélo Solidaire",
        "departure-1.platform": "x",
        "departure-1.account": "@atelier",
        "departure-1.date": "2027-02-01",
        "departure-2.platform": "facebook",
        "departure-2.account": "Atelier Vélo",
        "departure-2.date": "2027-02-08",
        "destination-1.kind": "mastodon",
        "destination-1.url": "https://mastodon.social/@atelier",
        "destination-2.kind": "newsletter",
        "destination-2.url": "https://atelier.example.org/lettre",
        "destination-3.kind": "website",
        "destination-3.url": "https://atelier.example.org",
        "indicators.track": "abonnés à la lettre\r\nvisites du site",
    }
    fields = [(n, typed.get(n, v)) for n, v in fields]
    response = browser.post("/plans/new/form", data=grouped([*fields, ("action", "save")]))
    assert response.status_code == 200, Page(response.text).errors
    key = str(response.url).split("/plans/")[1].split("?")[0]
    path = tmp_path / "new.toml"
    path.write_bytes(browser.get(f"/plans/{key}/decision.toml").content)
    assert check_lines(path) == []
    decision = load(path)
    assert [d.platform for d in decision.departures] == ["x", "facebook"]
    assert [d.kind for d in decision.destinations] == ["mastodon", "newsletter", "website"]
    assert decision.indicators == ("abonnés à la lettre", "visites du site")
    assert decision.id == key and key.startswith("atelier-velo-solidaire-")


def test_removing_a_block_keeps_the_others(jardin: TestClient) -> None:
    """Remove the first destination: the others (as typed) move up, nothing else changes."""
    fields = Page(jardin.get(f"/plans/{KEY}/decision").text).form(f"/plans/{KEY}/decision")
    response = jardin.post(
        f"/plans/{KEY}/decision", data=grouped([*fields, ("action", "remove-destination-1")])
    )
    after = Page(response.text).form(f"/plans/{KEY}/decision")

    def destinations(items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
        blocks: dict[str, list[tuple[str, str]]] = {}
        for name, value in items:
            if name.startswith("destination-"):
                number, key = name.removeprefix("destination-").split(".")
                blocks.setdefault(number, []).append((key, value))
        return list(blocks.values())

    assert len(destinations(fields)) == 3
    assert destinations(after) == destinations(fields)[1:]
    assert [f for f in after if not f[0].startswith(("destination", "csrf"))] == [
        f for f in fields if not f[0].startswith(("destination", "csrf"))
    ]


def test_nothing_typed_is_lost_on_an_error(jardin: TestClient) -> None:
    """A form with an error comes back with every value as it was typed, and the error
    beside its field, marked for screen readers."""
    fields = Page(jardin.get(f"/plans/{KEY}/decision").text).form(f"/plans/{KEY}/decision")
    changed = {
        "organisation.contact": "équipe@jardin.example.org",
        "departure-1.notice_days": "10",
        "decision.statement": "Nos valeurs.\r\nNotre temps.",
    }
    fields = [(n, changed.get(n, v)) for n, v in fields]
    response = jardin.post(f"/plans/{KEY}/decision", data=grouped([*fields, ("action", "save")]))
    assert response.status_code == 400
    page = Page(response.text)
    back = page.form(f"/plans/{KEY}/decision")
    expected = [(n, v.replace("\r\n", "\n")) for n, v in fields if n != "csrf"]
    assert [f for f in back if f[0] != "csrf"] == expected
    assert page.errors == [
        (
            "e-departure-1-notice_days",
            "“Days of notice”: 10 days is less than the three weeks the community needs; type "
            "21 or more; with 21, the earliest departure after the decision of "
            "26\xa0November\xa02026 is 17\xa0December\xa02026",
        )
    ]
    assert 'aria-describedby="e-departure-1-notice_days"' in response.text
    assert jardin.get(f"/plans/{KEY}/decision.toml").content == JARDIN.read_bytes()


def test_a_notice_typed_in_weeks_is_written_in_days(jardin: TestClient) -> None:
    """Notice typed as "5 semaines" in the form: the file written says notice_days = 35,
    the one spelling, as if 35 had been typed."""
    fields = Page(jardin.get(f"/plans/{KEY}/decision").text).form(f"/plans/{KEY}/decision")
    fields = [(n, "5 semaines" if n == "departure-1.notice_days" else v) for n, v in fields]
    response = jardin.post(f"/plans/{KEY}/decision", data=grouped([*fields, ("action", "save")]))
    assert response.status_code == 200, Page(response.text).errors
    written = jardin.get(f"/plans/{KEY}/decision.toml").content.decode("utf-8")
    assert "\nnotice_days = 35 " in written and "semaines" not in written


# --- the same problems as check, in a form's words ---------------------------------------


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_an_uploaded_broken_file_gets_checks_lines(browser: TestClient, path: Path) -> None:
    """Each broken file, uploaded: refused with exactly the lines `planner check` prints,
    and no plan is made."""
    expected = (ROOT / "tests" / "golden" / "broken" / f"{path.stem}.err").read_text("utf-8")
    response = upload(browser, path)
    assert response.status_code == 400
    page = Page(response.text)
    shown = [line for key, line in page.ids.items() if key.startswith("problem-")]
    assert shown == expected.splitlines()
    assert "No plan yet" in browser.get("/plans").text


def text_of(value: Any, key: str = "") -> str | None:
    """A TOML value as a form's field holds it, or None when a form cannot hold it (a
    number is text in a field that takes text)."""
    from planner.web.forms import NUMBERS

    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and key in NUMBERS:
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return None


def as_form(document: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The fields a browser sends for this document, or None when the form has no way to
    say the same thing (a number where text goes, a table missing, an unknown field)."""
    from planner.web.forms import BLOCKS, DECISION, ORGANISATION

    if not {"organisation", "decision"} <= set(document) or not set(document) <= {
        "organisation",
        "decision",
        "indicators",
        *BLOCKS,
    }:
        return None
    items: list[tuple[str, str | None]] = []
    for table, known in (("organisation", ORGANISATION), ("decision", (*DECISION, "reasons"))):
        values = document[table]
        if not isinstance(values, dict) or not set(values) <= set(known):
            return None
        for key, value in values.items():
            if key == "reasons":
                if not isinstance(value, list):
                    return None
                items += [("decision.reasons", text_of(v)) for v in value]
            else:
                items.append((f"{table}.{key}", text_of(value, key)))
    for kind, known in BLOCKS.items():
        blocks = document.get(kind, [])
        if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
            return None
        for number, block in enumerate(blocks, start=1):
            if not set(block) <= set(known):
                return None
            items += [(f"{kind}-{number}.{k}", text_of(v, k)) for k, v in block.items()]
    if "indicators" in document:
        track = document["indicators"]
        if not isinstance(track, dict) or set(track) != {"track"}:
            return None
        lines = track["track"]
        if not isinstance(lines, list) or not all(
            isinstance(x, str) and x.strip() and "\n" not in x for x in lines
        ):
            return None
        items.append(("indicators.track", "\n".join(lines)))
    if any(value is None for _name, value in items):
        return None
    return [(name, value) for name, value in items if value is not None]


def representable() -> list[Path]:
    found = []
    for path in BROKEN:
        try:
            document = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        if as_form(document) is not None:
            found.append(path)
    return found


FORMABLE = representable()


def test_most_broken_files_can_be_typed_in_the_form() -> None:
    """The cases below cover most of the broken files (the rest hold what no form field
    can: a number for a name, a table missing, malformed TOML)."""
    assert len(FORMABLE) >= 35


@pytest.mark.parametrize("path", FORMABLE, ids=lambda p: p.stem)
def test_the_form_shows_checks_problems(browser: TestClient, path: Path) -> None:
    """Each broken file typed into the form: beside each field check names, one message per
    problem check prints, in the form's words: the field's label, then the reason and the
    fix without the file's syntax (no key, no '=', no [table])."""
    from planner.web.core import field_labels
    from planner.web.forms import field_name, label_of

    document = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    fields = as_form(document)
    assert fields is not None
    response = browser.post(
        "/plans/new/form", data=grouped([*fields, ("csrf", csrf(browser)), ("action", "save")])
    )
    assert response.status_code == 400
    with pytest.raises(DecisionError) as raised:
        validate(document, path.name)
    lines = [line.split(": ", 2) for line in check_lines(path)]
    assert [(p.where, p.message) for p in raised.value.fields] == [(w, m) for _f, w, m in lines]
    expected = []
    for problem in raised.value.fields:
        name = field_name(problem.where)
        label = label_of(name, field_labels())
        expected.append((f"e-{name.replace('.', '-')}", f"“{label}”: {problem.form}"))
        said = re.sub(r"'[^']*'", "", problem.form)  # without the values it quotes, as typed
        assert not re.search(r"=|\[|\b[a-z]+_[a-z]+\b", said), problem.form
    # A second message of one field has the field's id and its number: '…-date-2'.
    shown = [
        (re.sub(r"-\d+$", "", i) if i.count("-") > 2 else i, m)
        for i, m in Page(response.text).errors
    ]
    assert sorted(shown) == sorted(expected)


# Each field of the decision form, a value it refuses, and its label in English and French.
REFUSED = [
    ("organisation.name", "", "Name of the association", "Nom de l’association"),
    ("organisation.website", "jardin", "Website", "Site web"),
    ("organisation.contact", "x" * 201, "Contact address", "Adresse de contact"),
    ("decision.id", "Pas Un Id", "Plan id", "Identifiant du plan"),
    ("decision.decided_on", "", "Date of the decision", "Date de la décision"),
    ("decision.assessed_on", "hier", "Date of the self-assessment", "Date de l’autodiagnostic"),
    ("decision.language", "de", "Language of the posts", "Langue des messages"),
    ("decision.timezone", "Mars/Olympus", "Time zone", "Fuseau horaire"),
    ("decision.post_time", "25:00", "Usual time of the posts", "Heure habituelle des messages"),
    ("decision.country", "ZZ", "Country (public holidays avoided)", "Pays (jours fériés évités)"),
    (
        "decision.subdivision",
        "Atlantis",
        "Region with its own public holidays",
        "Région qui a ses propres jours fériés",
    ),
    (
        "decision.review_months",
        "0",
        "Months of monthly reviews",
        "Nombre de mois de bilans mensuels",
    ),
    ("decision.reasons", "boredom", "Reasons", "Raisons"),
    ("decision.statement", "x" * 1001, "Why, in your own words", "Pourquoi, avec vos mots"),
    (
        "indicators.track",
        "un\ndeux\ntrois\nquatre",
        "Indicators to follow every month (one per line, one to three)",
        "Indicateurs à suivre chaque mois (un par ligne, un à trois)",
    ),
    ("departure-1.platform", "", "Platform", "Plateforme"),
    ("departure-1.account", "", "Account", "Compte"),
    ("departure-1.date", "", "Date", "Date"),
    ("departure-1.notice_days", "10", "Days of notice", "Jours de préavis"),
    ("departure-1.after", "gone", "Then the account is", "Ensuite, le compte est"),
    ("stay-1.platform", "x", "Platform", "Plateforme"),
    ("stay-1.account", " ", "Account", "Compte"),
    ("stay-1.date", "2020-01-01", "Date", "Date"),
    ("destination-1.kind", "", "Kind", "Type"),
    ("destination-2.kind", "mastodon", "Kind", "Type"),
    ("destination-1.url", "@amis@mastodon.social", "Web address", "Adresse web"),
    ("destination-1.address", "x" * 201, "Address", "Adresse"),
    (
        "destination-1.max_chars",
        "50",
        "Longest post it accepts (characters)",
        "Message le plus long accepté (caractères)",
    ),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("name", "value", "english", "french"), REFUSED, ids=[f"{r[0]}={r[1][:9]}" for r in REFUSED]
)
def test_a_refused_field_is_named_by_its_label_in_a_forms_words(
    tmp_path: Path, language: str, name: str, value: str, english: str, french: str
) -> None:
    """Each field of the decision form, given a value it refuses, in English and in French:
    the message beside it names it by the label the page shows, quoted as the language
    quotes, and says what to type without the file's syntax (no '=', no key of the file);
    the summary at the top says the same."""
    headers = {"accept-language": "fr-FR,fr;q=0.9"} if language == "fr" else {}
    label = english if language == "en" else french
    with client(tmp_path / "db.sqlite3", **headers) as browser:
        assert upload(browser, JARDIN).status_code == 303
        url = f"/plans/{KEY}/decision"
        fields = Page(browser.get(url).text).form(url)
        response = browser.post(url, data=grouped([*fields, ("action", "add-stay")]))
        fields = Page(response.text).form(url)
        kept = {
            "stay-1.platform": "facebook",
            "stay-1.account": "Page",
            "stay-1.date": "2027-01-20",
        }
        fields = [(n, kept.get(n, v)) for n, v in fields]
        if name == "decision.reasons":
            fields.append((name, value))
        else:
            assert name in dict(fields)
            fields = [(n, value if n == name else v) for n, v in fields]
        response = browser.post(url, data=grouped([*fields, ("action", "save")]))
    assert response.status_code == 400
    page = Page(response.text)
    key = name.rsplit(".", 1)[-1]
    ident = f"e-{name.replace('.', '-')}"
    shown = [m for i, m in page.errors if i == ident or i.startswith(f"{ident}-")]
    assert shown, page.errors
    if name == "decision.reasons":  # boxes to tick, under their legend
        assert f"<legend>{html.escape(label, quote=False)}</legend>" in response.text
    elif name not in ("decision.id", "decision.assessed_on"):  # hidden: no label shown
        assert f">{html.escape(label, quote=False)}</label>" in response.text
    opening = f"“{label}”: " if language == "en" else f"«\u00a0{label}\u00a0»\u00a0: "
    file_names = {name, key, f"{name.split('.')[0].replace('-', ' #')} {key}"}
    for message in shown:
        assert message.startswith(opening), message
        said = message.removeprefix(opening).replace(f"'{value}'", "")
        assert "=" not in said and "[" not in said and '"' not in said, message
        assert not [n for n in file_names if "_" in n or "." in n or "#" in n if n in said]
        assert message in page.ids["summary"]


def options(text: str) -> dict[tuple[str, str], str]:
    """Each option of each list of choices on a page: (list, value) -> the label shown."""
    found: dict[tuple[str, str], str] = {}
    for select in re.finditer(r'<select id="([^"]+)"(.*?)</select>', text, re.S):
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)<', select[2]):
            found[(select[1], value)] = html.unescape(label)
    return found


def test_every_choice_is_said_in_the_pages_language(tmp_path: Path) -> None:
    """The decision form in French and in English: every option of every list is labelled
    in the page's language (a kind of place 'Site internet', not 'website') and sends the
    same stable code; only the names of networks and languages are the same in both."""
    from planner.platforms import PLATFORMS

    pages = {}
    for language, headers in (("en", {}), ("fr", {"accept-language": "fr-FR,fr;q=0.9"})):
        with client(tmp_path / f"{language}.sqlite3", **headers) as browser:
            assert upload(browser, JARDIN).status_code == 303
            pages[language] = options(browser.get(f"/plans/{KEY}/decision").text)
    assert pages["en"].keys() == pages["fr"].keys()
    kinds = {v: label for (s, v), label in pages["fr"].items() if s == "f-destination-1-kind"}
    assert kinds["website"] == "Site internet"
    assert kinds["newsletter"] == "Lettre d’information"
    assert kinds["mailing_list"] == "Liste de diffusion"
    assert kinds["other"] == "Autre"
    assert kinds["mastodon"] == "Mastodon"
    names = {p.name for p in PLATFORMS.values() if p.name[:1].isupper()} | {"français", "English"}
    same = {(s, v): label for (s, v), label in pages["fr"].items() if pages["en"][(s, v)] == label}
    assert all(label in names for label in same.values()), same


# --- the command ---------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_serve_listens_on_this_machine_only(host: str, tmp_path: Path) -> None:
    """--host other than this machine: one line pointing to the hosted mode, exit 2,
    nothing opened."""
    result = CliRunner().invoke(
        main, ["serve", "--host", host, "--data", str(tmp_path / "data")], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --host {host}: planner serve listens only on")
    assert "hosted mode" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "data").exists()


def test_hosted_pages_never_speak_of_this_computer(tmp_path: Path) -> None:
    """Where the plan, the channels, the subscription and the Mastodon posts live: "this
    computer" in the local mode, the server in the hosted one (SQLite suffices: the words
    depend on the mode, not on the database)."""
    pages = [f"/plans/{KEY}/delete", f"/plans/{KEY}/calendar", "/reminders"]
    for db, computer in ((tmp_path / "local.sqlite3", True), (f"sqlite:///{tmp_path}/h.db", False)):
        with client(db) as found:
            assert upload(found, JARDIN).status_code == 303
            said = [("this computer" in found.get(page).text) for page in pages]
        assert said == [computer] * len(pages), (db, said)
