"""Invitations of the hosted mode by e-mail, on SQLite and on a real PostgreSQL, through a
real SMTP server on 127.0.0.1 (aiosmtpd, with a login): one mail to the person invited
alone, in the inviter's language, with the one-time link on the public address and its
expiry in words; the link works; when the mail cannot go (server refusing the login,
closed port, public address unknown) the page says why in plain words and shows the
link; an address that is not one is refused in one line; the mail channel's password
and the link's token are in no page and no log line."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from planner.cli import main
from planner.errors import InputError
from planner.mail import Mail, address
from planner.notify import SendError
from planner.web.invitations import Delivery, message, public_url
from planner.web.scheduler import structured_logs

from .test_people import JARDIN, PASSWORD, Instance
from .web import Page, SmtpServer, csrf, free_port, upload

PUBLIC = "https://planner.example.org"
LINK = re.compile(r"https://planner\.example\.org/invite/([\w-]{40,})")
NBSP = "\u00a0"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    yield server
    server.close()


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """The hosted mode's structured log lines, as an operator's collector reads them."""
    stream = io.StringIO()
    structured_logs(stream)
    yield stream
    logging.getLogger("planner").handlers = []


def mailing(database: str, url: str, **given: object) -> Instance:
    """An instance that mails its invitations through ``url``, on the public address."""
    options: dict[str, object] = {"public_url": PUBLIC, "zone": "Europe/Paris", **given}
    return Instance(database, Delivery(Mail(url), **options))  # type: ignore[arg-type]


def create(admin: TestClient, email: str, workspace: str = "amis-du-jardin") -> Page:
    """The administrator creates a workspace for the association, its owner at ``email``."""
    answer = admin.post(
        "/admin/workspaces",
        data={
            "csrf": csrf(admin),
            "workspace": workspace,
            "name": "Amis du Jardin",
            "email": email,
        },
    )
    assert answer.status_code == 200, answer.text
    return Page(answer.text)


def text_of(mail: Any) -> str:
    """A mail's text, its lines ended as Python writes them (SMTP sends CRLF)."""
    return str(mail.get_content()).replace("\r\n", "\n")


def join(instance: Instance, link: str, email: str) -> TestClient:
    """A browser that follows the link and joins with a new password."""
    found = instance.browser()
    path = "/invite/" + link.rsplit("/invite/", 1)[1]
    assert found.get(path).status_code == 200
    data = {"csrf": csrf(found), "email": email, "password": PASSWORD, "again": PASSWORD}
    answer = found.post(path, data=data)
    assert answer.status_code == 303, answer.text
    return found


def test_the_owners_invitation_goes_by_email_once_and_its_link_works(
    database: str, smtp: SmtpServer, logs: io.StringIO
) -> None:
    """The administrator creates a workspace with its owner's address: one mail, to that
    address alone, says who invites to what and carries the link on the public address
    and its expiry in words; the page says where it went and shows no link. Following
    the link makes the owner, who invites an editor the same way."""
    instance = mailing(database, smtp.url)
    admin = instance.admin()
    page = create(admin, "owner@example.org")
    assert "invitation" not in page.ids and "not-sent" not in page.ids
    expiry = "Tuesday 8\u00a0December\u00a02026 at 10:00 (Central European Standard Time)"
    assert page.ids["sent"] == (
        f"The invitation went by e-mail to owner@example.org. Its link works once, until {expiry}."
    )
    (mail,) = smtp.mailbox.messages
    assert smtp.mailbox.recipients == [["owner@example.org"]]
    assert mail["To"] == "owner@example.org" and mail["Cc"] is None
    assert mail["From"].addresses[0].addr_spec == "planner@example.org"
    assert mail["Subject"] == "Join Amis du Jardin on planner"
    assert mail.get_content_type() == "text/plain"
    body = text_of(mail)
    link = LINK.search(body)
    assert link is not None
    assert body == (
        "Hello,\n\n"
        "admin@example.org invites you to join the workspace “Amis du Jardin” on planner, as "
        "owner.\n\n"
        f"To accept, open this link and choose your password:\n{link.group(0)}\n\n"
        f"The link works once, until {expiry}.\n\n"
        "If you did not expect this invitation, ignore this message: nothing happens without "
        "the link.\n"
    )

    owner = join(instance, link.group(0), "owner@example.org")
    assert owner.get("/members").status_code == 200
    assert upload(owner, JARDIN).status_code == 303
    answer = owner.post(
        "/members", data={"csrf": csrf(owner), "role": "editor", "email": "ed@example.org"}
    )
    assert answer.status_code == 200
    assert "ed@example.org" in Page(answer.text).ids["sent"]
    assert len(smtp.mailbox.messages) == 2
    assert smtp.mailbox.recipients[1] == ["ed@example.org"]
    second = text_of(smtp.mailbox.messages[1])
    assert "invites you to join the workspace “Amis du Jardin” on planner, as editor." in second
    again = LINK.search(second)
    assert again is not None
    join(instance, again.group(0), "ed@example.org")
    assert instance.browser().get("/invite/" + link.group(1)).status_code == 404  # used: once only

    shown = logs.getvalue()
    assert "invitation to workspace amis-du-jardin (owner) sent by e-mail" in shown
    for secret in (smtp.password, link.group(1), again.group(1)):
        assert secret not in shown
    assert smtp.password not in page.ids["sent"] + answer.text


def test_the_mail_is_in_the_inviters_language_with_french_typography(
    database: str, smtp: SmtpServer
) -> None:
    """An administrator who reads planner in French sends the invitation in French: the
    words, the date in words (Babel), the role, « guillemets » and non-breaking spaces."""
    instance = mailing(database, smtp.url)
    admin = instance.admin("fr")
    page = create(admin, "owner@example.org")
    expiry = "mardi 8\u00a0décembre\u00a02026 à 10:00 (heure normale d’Europe centrale)"
    assert page.ids["sent"] == (
        "L’invitation est partie par courriel à owner@example.org. Son lien sert une fois, "
        f"jusqu’au {expiry}."
    )
    (mail,) = smtp.mailbox.messages
    assert mail["Subject"] == "Rejoignez Amis du Jardin sur planner"
    body = text_of(mail)
    link = LINK.search(body)
    assert link is not None
    assert body == (
        "Bonjour,\n\n"
        f"admin@example.org vous invite à rejoindre l’espace «{NBSP}Amis du Jardin{NBSP}» sur "
        "planner, en tant que responsable.\n\n"
        f"Pour accepter, ouvrez ce lien et choisissez votre mot de passe{NBSP}:\n"
        f"{link.group(0)}\n\n"
        f"Le lien ne sert qu’une fois, jusqu’au {expiry}.\n\n"
        f"Si vous n’attendiez pas cette invitation, ignorez ce message{NBSP}: sans le lien, "
        "rien ne se passe.\n"
    )


@pytest.mark.parametrize("failure", ["wrong password", "closed port"])
def test_when_the_mail_does_not_go_the_link_is_shown_with_why(
    database: str, smtp: SmtpServer, logs: io.StringIO, failure: str
) -> None:
    """An SMTP server that refuses the login, or none at all on the port: the page says
    the mail did not go and why in plain words, and shows the link, which works; the
    password of the mail URL is in neither the page nor the log, the token not in the
    log."""
    if failure == "wrong password":
        url = smtp.url.replace(smtp.password, "Wr0ngS3cret")
        why = f"the mail server 127.0.0.1:{smtp.port} refused the user name or the password"
    else:
        port = free_port()
        url = smtp.url.replace(str(smtp.port), str(port))
        why = f"the mail server 127.0.0.1:{port} refused the connection (is it the right port?)"
    instance = mailing(database, url)
    admin = instance.admin()
    answer = admin.post(
        "/admin/workspaces",
        data={
            "csrf": csrf(admin),
            "workspace": "amis-du-jardin",
            "name": "Amis du Jardin",
            "email": "owner@example.org",
        },
    )
    assert answer.status_code == 200
    assert "The workspace is created." in answer.text
    page = Page(answer.text)
    assert page.ids["not-sent"] == f"The e-mail did not go: {why}."
    link = page.ids["invitation"]
    token = LINK.fullmatch(link)
    assert token is not None
    assert smtp.mailbox.messages == []
    secret = url.split(":")[2].split("@")[0]
    assert secret not in answer.text
    shown = logs.getvalue()
    assert f"invitation to workspace amis-du-jardin (owner) not sent by e-mail: {why}" in shown
    assert secret not in shown and token.group(1) not in shown
    owner = join(instance, link, "owner@example.org")
    assert owner.get("/members").status_code == 200


def test_without_a_public_address_the_mail_does_not_go_and_says_so(
    database: str, smtp: SmtpServer
) -> None:
    """No --public-url, and the administrator reaches the instance at 127.0.0.1: planner
    does not mail a link it made up; it says why and shows the one of the browser."""
    instance = mailing(database, smtp.url, public_url=None)
    page = create(instance.admin(), "owner@example.org")
    assert page.ids["not-sent"] == (
        "The e-mail did not go: planner does not know the address people reach it by (the "
        "operator sets it with --public-url)."
    )
    assert page.ids["invitation"].startswith("http://127.0.0.1:8000/invite/")
    assert smtp.mailbox.messages == []


def test_a_trusted_name_over_https_is_the_public_address(database: str, smtp: SmtpServer) -> None:
    """No --public-url, but the administrator reaches the instance over HTTPS by a name
    the operator trusts (--trusted-host): the link is on that address."""
    delivery = Delivery(Mail(smtp.url), None, frozenset({"plans.example.org"}))
    instance = Instance(database, delivery, base="https://plans.example.org")
    create(instance.admin(), "owner@example.org")
    (mail,) = smtp.mailbox.messages
    assert re.search(r"^https://plans\.example\.org/invite/[\w-]{40,}$", text_of(mail), re.M)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Write the person's e-mail address like ana@example.org, or leave it empty to "
            "get the link here.",
        ),
        (
            "fr",
            "Écrivez l’adresse électronique de la personne comme ana@example.org, ou laissez-la "
            "vide pour obtenir le lien ici.",
        ),
    ],
)
def test_an_address_that_is_not_one_is_refused_in_one_line(
    database: str, smtp: SmtpServer, language: str, expected: str
) -> None:
    """'ana@' is not an address: 400, one line in the page's language beside the form
    (which keeps what was typed), no workspace, no invitation, no mail."""
    instance = mailing(database, smtp.url)
    admin = instance.admin(language)
    answer = admin.post(
        "/admin/workspaces",
        data={"csrf": csrf(admin), "workspace": "amis", "name": "Amis", "email": "ana@"},
    )
    assert answer.status_code == 400
    page = Page(answer.text)
    assert page.ids["problem"] == expected
    assert dict(page.form("/admin/workspaces"))["email"] == "ana@"
    assert instance.accounts.workspaces() == []
    assert smtp.mailbox.messages == []


def test_without_a_mail_channel_the_form_asks_no_address(database: str) -> None:
    """An instance without PLANNER_MAIL_URL: the form has no address field, and the link
    is shown with the day it stops working."""
    instance = Instance(database, Delivery(zone="Europe/Paris"))
    admin = instance.admin()
    form = Page(admin.get("/admin").text).form("/admin/workspaces")
    assert [name for name, _value in form] == ["csrf", "workspace", "name"]
    page = create(admin, "ignored@example.org")
    assert "not-sent" not in page.ids
    assert page.ids["invitation"].startswith("http://127.0.0.1:8000/invite/")


def test_addresses() -> None:
    """One plain address is one; a name, a list, a line break or no domain is not."""
    assert address(" ana@example.org ") == "ana@example.org"
    for text in [
        "ana@",
        "ana@example",
        "Ana <ana@example.org>",
        "a@x.org, b@x.org",
        "a@x.org\nBcc: b@x.org",
    ]:
        assert address(text) is None, text


def test_a_mail_url_that_is_not_one_is_refused_without_its_secret() -> None:
    """PLANNER_MAIL_URL must be Apprise's mailto:// or mailtos://; the message shows no
    password."""
    with pytest.raises(InputError, match=r"^PLANNER_MAIL_URL: json://… is not an e-mail URL"):
        Mail("json://user:Hunter22@hooks.example.org")
    with pytest.raises(InputError) as caught:
        Mail("mailto:/user:Hunter22@host")
    assert "Hunter22" not in str(caught.value)
    mail = Mail(f"mailto://user:Hunter22@127.0.0.1:{free_port()}?from=p@example.org&mode=insecure")
    assert "Hunter22" not in repr(mail) + mail.label
    with pytest.raises(SendError) as failed:
        mail.send("ana@example.org", "subject", "body")
    assert "Hunter22" not in str(failed.value)


@pytest.mark.parametrize(
    "value",
    [
        "planner.example.org",
        "ftp://planner.example.org",
        "https://u:p@x.org/",
        "https://[::1",  # urllib raises ValueError
        "https://planner.example.org:99999",
        "https://planner.example.org:abc",
        "https://planner.example.org\nBcc: x@example.org",  # urllib drops the line break
        "https://planner.example.org/a b",
        "https://planner.example.org/\u2028x",
        "https://planner.example.org/\x00",
    ],
)
def test_a_public_url_that_is_not_one_is_refused(value: str) -> None:
    """--public-url wants http(s)://NAME[/path], without user or query."""
    with pytest.raises(InputError, match=r"^--public-url .*: write the address people open"):
        public_url(value)
    assert public_url("https://planner.example.org/asso/") == "https://planner.example.org/asso"


@pytest.mark.parametrize(
    ("environment", "arguments", "expected"),
    [
        (
            {"PLANNER_MAIL_URL": "json://user:Hunter22@hooks.example.org"},
            [],
            "Error: PLANNER_MAIL_URL: json://… is not an e-mail URL; write mailtos://",
        ),
        (
            {},
            ["--public-url", "planner.example.org"],
            "Error: --public-url 'planner.example.org': write the address people open",
        ),
        (
            {},
            ["--public-url", "https://[::1"],
            "Error: --public-url 'https://[::1': write the address people open",
        ),
    ],
)
def test_serve_refuses_a_wrong_mail_or_public_address_in_one_line(
    tmp_path: Path, environment: dict[str, str], arguments: list[str], expected: str
) -> None:
    """serve --hosted checks both before it listens: exit 2, one line, no password."""
    address_ = f"sqlite:///{tmp_path}/hosted.sqlite3"
    result = CliRunner(env=environment).invoke(
        main, ["serve", "--hosted", "--database", address_, "--port", "1", *arguments]
    )
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(expected)
    assert len(result.stderr.splitlines()) == 1
    assert "Hunter22" not in result.stderr + result.stdout


def test_the_workers_app_reads_the_mail_channel_and_public_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer
) -> None:
    """hosted_app (each worker's factory) mails through PLANNER_MAIL_URL with links on
    PLANNER_PUBLIC_URL, whose name it trusts without --trusted-host."""
    from planner.web.accounts import Accounts
    from planner.web.server import hosted_app

    address_ = f"sqlite:///{tmp_path}/hosted.sqlite3"
    monkeypatch.setenv("PLANNER_DATABASE", address_)
    monkeypatch.setenv("PLANNER_MAIL_URL", smtp.url)
    monkeypatch.setenv("PLANNER_PUBLIC_URL", PUBLIC)
    monkeypatch.setenv("PLANNER_SCHEDULER_EVERY", "60")
    app = hosted_app()
    logging.getLogger("planner").handlers = []
    people = Accounts(app.state.web.db_path.engine)
    people.set_admin("admin@example.org", PASSWORD, dt.datetime.now(dt.UTC))
    with TestClient(app, base_url=PUBLIC, follow_redirects=False) as admin:
        admin.get("/login")
        data = {"csrf": csrf(admin), "email": "admin@example.org", "password": PASSWORD}
        assert admin.post("/login", data=data).status_code == 303
        create(admin, "owner@example.org")
    (mail,) = smtp.mailbox.messages
    assert LINK.search(text_of(mail))


def test_a_name_with_a_line_break_stays_on_the_subjects_line() -> None:
    """A workspace's name is put in the subject, a mail header: on one line, always."""
    subject, body = message("Amis\r\nBcc: x@example.org", "owner", "a@example.org", "L", "E")
    assert subject == "Join Amis Bcc: x@example.org on planner"
    assert "“Amis Bcc: x@example.org”" in body


def test_an_invitation_sent_to_an_address_is_for_that_address_only(
    database: str, smtp: SmtpServer
) -> None:
    """An invitation mailed to ana@example.org: the inviter's page and the link's page say
    only that address can accept it; another address is refused in one line and the
    invitation stays valid; the address it was sent to (in any case) joins."""
    instance = mailing(database, smtp.url)
    admin = instance.admin()
    page = create(admin, "ana@example.org")
    assert page.ids["bound"] == (
        "Only ana@example.org can accept it: whoever opens the link must type that address."
    )
    link = LINK.search(text_of(smtp.mailbox.messages[0]))
    assert link is not None
    path = "/invite/" + link.group(1)
    other = instance.browser()
    shown = Page(other.get(path).text)
    assert shown.ids["addressed"] == (
        "This invitation was sent to you by e-mail: only the address it was sent to can "
        "accept it. Type that address below."
    )
    data = {"csrf": csrf(other), "email": "bob@example.org", "password": PASSWORD}
    answer = other.post(path, data={**data, "again": PASSWORD})
    assert answer.status_code == 400
    assert Page(answer.text).ids["problem"] == (
        "This invitation was sent to another e-mail address: type the address it was sent "
        "to, or ask whoever sent it for one to yours."
    )
    assert instance.accounts.invitation(link.group(1), instance.clock()) is not None
    ana = join(instance, link.group(0), "Ana@Example.org")
    assert ana.get("/members").status_code == 200


def test_an_invitation_made_as_a_bare_link_is_for_whoever_opens_it(
    database: str, smtp: SmtpServer
) -> None:
    """No address given: the link is shown, the pages say nothing of an address, and
    anyone who opens it may accept it."""
    instance = mailing(database, smtp.url)
    admin = instance.admin()
    page = create(admin, "")
    assert "bound" not in page.ids and smtp.mailbox.messages == []
    link = page.ids["invitation"]
    opened = instance.browser()
    assert "addressed" not in Page(opened.get("/invite/" + link.rsplit("/", 1)[1]).text).ids
    join(instance, link, "whoever@example.org")
