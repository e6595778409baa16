"""Publishing to a real CalDAV server (Radicale on 127.0.0.1, authentication on)."""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import caldav
import pytest
from click.testing import CliRunner
from icalendar import Calendar

from planner.cli import main
from planner.decision import Decision, load
from planner.identity import derived_id

from .conftest import ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
PASSWORD = "s3cret-Jardin!"
OTHER = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//else//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:team-meeting@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
    b"DTSTART:20270110T090000Z\r\nSUMMARY:Team meeting\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale server with one user and one calendar; yields the calendar's URL."""
    port = free_port()
    (tmp_path / "users").write_text(f"team:{PASSWORD}\n", "utf-8")
    config = tmp_path / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {tmp_path / 'users'}\n"
        "htpasswd_encryption = plain\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'store'}\n"
        "[rights]\ntype = owner_only\n[logging]\nlevel = warning\n",
        "utf-8",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:  # poll until the port answers, or fail with what the server said
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"Radicale did not start: {server.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            time.sleep(0.05)
    url = f"http://127.0.0.1:{port}/team/com/"
    client = caldav.DAVClient(url=url, username="team", password=PASSWORD)
    client.mkcalendar(url)
    client.put(url + "team-meeting.ics", OTHER, {"Content-Type": "text/calendar"})
    yield url
    server.terminate()
    server.wait(timeout=10)


def stored(url: str) -> dict[str, Calendar]:
    """UID → the calendar object the server holds."""
    client = caldav.DAVClient(url=url, username="team", password=PASSWORD)
    out = {}
    for obj in client.calendar(url=url).get_events():
        calendar = Calendar.from_ical(obj.data)
        (event,) = calendar.walk("VEVENT")
        out[str(event["UID"])] = calendar
    return out


def publish(
    url: str,
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
    epoch: int = 1_800_000_000,
    password: str = PASSWORD,
) -> tuple[int, str, str]:
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", password)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(
        main, ["publish", str(path), "--url", url, "--user", "team"], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def write(decision: Decision, source: Path, target: Path, **changes: str) -> Path:
    text = source.read_text("utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    target.write_text(text, "utf-8")
    return target


def test_publish_creates_then_changes_nothing(
    radicale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First run creates one object per step; a second run changes nothing and says so."""
    code, out, _ = publish(radicale, JARDIN, monkeypatch)
    assert code == 0 and "32 created, 0 updated, 0 deleted" in out
    objects = stored(radicale)
    assert len(objects) == 33 and "team-meeting@example.org" in objects
    announce = objects["x-announce.les-amis-du-jardin-partage@planner"]
    assert "METHOD" not in announce
    assert [c["TZID"] for c in announce.walk("VTIMEZONE")] == ["Europe/Paris"]
    code, out, _ = publish(radicale, JARDIN, monkeypatch, epoch=1_800_000_600)
    assert code == 0 and "nothing to change" in out
    assert stored(radicale)["x-announce.les-amis-du-jardin-partage@planner"].to_ical() == (
        announce.to_ical()
    )


def test_publish_updates_in_place_and_deletes_what_left_the_plan(
    radicale: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A moved date updates the same UIDs with a higher SEQUENCE; deactivating instead of
    staying dormant deletes the upkeep steps; the team's own event is never touched."""
    publish(radicale, JARDIN, monkeypatch)
    before = stored(radicale)
    moved = write(
        load(JARDIN), JARDIN, tmp_path / "moved.toml", **{"date = 2027-01-15": "date = 2027-01-22"}
    )
    code, out, _ = publish(radicale, moved, monkeypatch, epoch=1_700_000_000)
    assert code == 0 and "0 created, 32 updated, 0 deleted" in out
    after = stored(radicale)
    assert set(after) == set(before)
    uid = "x-final.les-amis-du-jardin-partage@planner"
    old_event, new_event = before[uid].walk("VEVENT")[0], after[uid].walk("VEVENT")[0]
    assert new_event.decoded("DTSTART").date() == dt.date(2027, 1, 22)
    assert int(new_event["SEQUENCE"]) > int(old_event["SEQUENCE"])  # even with an older clock

    closing = write(
        load(JARDIN),
        moved,
        tmp_path / "closing.toml",
        **{'after = "dormant"': 'after = "deactivate"'},
    )
    code, out, _ = publish(radicale, closing, monkeypatch, epoch=1_800_001_000)
    assert code == 0 and "12 deleted" in out
    final = stored(radicale)
    assert not [u for u in final if "upkeep" in u]
    assert "x-close.les-amis-du-jardin-partage@planner" in final
    assert (
        final["team-meeting@example.org"].to_ical() == before["team-meeting@example.org"].to_ical()
    )


def test_wrong_password_wrong_url_and_server_down(
    radicale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each failure is one clear line with exit 1, and the password appears nowhere."""
    code, out, err = publish(radicale, JARDIN, monkeypatch, password="not-the-password")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "refused the user name or password" in err
    assert "not-the-password" not in err
    code, _, err = publish(radicale.replace("/com/", "/nope/"), JARDIN, monkeypatch)
    assert code == 1 and "no calendar at this address" in err
    down = f"http://127.0.0.1:{free_port()}/team/com/"
    code, _, err = publish(down, JARDIN, monkeypatch)
    assert code == 1 and "cannot reach the server" in err and PASSWORD not in err
    with_credentials = radicale.replace("http://", f"http://team:{PASSWORD}@").replace(
        "/com/", "/x/"
    )
    code, _, err = publish(with_credentials, JARDIN, monkeypatch)
    assert code == 1 and PASSWORD not in err


def test_password_is_asked_when_not_in_the_environment(
    radicale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without PLANNER_CALDAV_PASSWORD the password is prompted, hidden, never echoed."""
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    result = CliRunner().invoke(
        main,
        ["publish", str(JARDIN), "--url", radicale, "--user", "team"],
        input=PASSWORD + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and "32 created" in result.stdout
    assert PASSWORD not in result.output


LEAVES = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
STAYS = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"


def without_id(tmp_path: Path) -> Path:
    """The stays example as a file written before `id` was: the organisation of LEAVES,
    so the same key."""
    path = tmp_path / "riverside-food-bank-stays-on-facebook.toml"
    path.write_text(re.sub(r'(?m)^id = ".*"\n', "", STAYS.read_text("utf-8")), "utf-8")
    return path


def test_another_file_of_the_same_name_never_deletes_the_events_on_the_calendar(
    radicale: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two files whose organisation has the same name: publishing the second is refused
    (exit 2, the id to add given) and the calendar is left as it was; a moved copy of the
    first is the same plan; with an id of its own the second sits beside the first;
    --replace takes the key over."""
    stays = without_id(tmp_path)
    code, out, _ = publish(radicale, LEAVES, monkeypatch)
    assert code == 0
    before = {uid: c.to_ical() for uid, c in stored(radicale).items()}
    code, out, err = publish(radicale, stays, monkeypatch)
    assert code == 2 and out == ""
    assert "already holds the plan 'riverside-community-food-bank' of another file" in err
    assert "Riverside Community Food Bank: leave facebook" in err
    own_id = derived_id(load(stays))
    assert f'add id = "{own_id}" under [decision]' in err
    assert {uid: c.to_ical() for uid, c in stored(radicale).items()} == before

    moved = tmp_path / "elsewhere.toml"
    moved.write_text(LEAVES.read_text("utf-8"), "utf-8")
    code, out, _ = publish(radicale, moved, monkeypatch, epoch=1_800_000_600)
    assert code == 0 and "nothing to change" in out

    with_id = tmp_path / "stays.toml"
    with_id.write_text(
        stays.read_text("utf-8").replace("[decision]\n", f'[decision]\nid = "{own_id}"\n'),
        "utf-8",
    )
    code, out, _ = publish(radicale, with_id, monkeypatch)
    assert code == 0 and " 0 deleted" in out
    after = stored(radicale)
    assert set(before) < set(after)
    assert any(uid.endswith(f".{own_id}@planner") for uid in after)

    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    result = CliRunner().invoke(
        main, ["publish", str(stays), "--url", radicale, "--user", "team", "--replace"]
    )
    assert result.exit_code == 0 and "deleted" in result.stdout


# Answers of a web server that is not a CalDAV server, each of which the caldav library
# reads into an exception of its own (lxml's XMLSyntaxError, AttributeError, TypeError).
NOT_CALDAV = {
    "html-page": (200, "text/html", b"<!DOCTYPE html><html><body>Welcome</body></html>"),
    "broken-xml": (207, "application/xml", b"<?xml version='1.0'?><d:multistatus><d:resp"),
    "not-xml": (207, "application/xml", b"not xml at all"),
    "empty-redirect": (301, "text/plain", b""),
}


@pytest.fixture
def not_caldav(request: pytest.FixtureRequest) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 giving one answer of NOT_CALDAV to every request;
    yields its URL, with credentials."""
    status, kind, body = NOT_CALDAV[request.param]

    class Answer(BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PROPFIND = do_REPORT = do_PUT = do_DELETE = do_OPTIONS = answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://team:{PASSWORD}@127.0.0.1:{server.server_address[1]}/team/com/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("not_caldav", sorted(NOT_CALDAV), indirect=True)
def test_a_server_that_is_not_caldav_is_one_line(
    not_caldav: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A web server whose answers are no CalDAV answers (a web page, broken XML, no XML):
    one line naming the address without its credentials and what to check, exit 1."""
    code, out, err = publish(not_caldav, JARDIN, monkeypatch)
    shown = not_caldav.replace(f"team:{PASSWORD}@", "")
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {shown}: the server's answer is not a CalDAV calendar's (")
    assert err.endswith("); check that --url is the CalDAV address from the calendar's settings\n")
    assert err.count("\n") == 1 and PASSWORD not in err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://cloud.example.org:99999/dav/", "the port 99999 is above 65535"),
        (f"https://team:{PASSWORD}@[::1/dav/", "'https://[::1/dav/' is not a web address"),
        ("ftp://cloud.example.org/dav/", "write it like https://cloud.example.org/dav/"),
    ],
)
def test_a_malformed_url_is_refused_before_the_password_is_asked(
    url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--url is checked when the command line is read: one line, exit 2, no prompt."""
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    result = CliRunner().invoke(
        main, ["publish", str(JARDIN), "--url", url, "--user", "team"], input=""
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "Error: Invalid value for '--url': " in result.stderr and message in result.stderr
    assert PASSWORD not in result.stderr
