"""Addresses: the CalDAV --url of publish and the Apprise URLs of the reminders, broken in
ways URL parsers raise on; their secrets never shown."""

from __future__ import annotations

from pathlib import Path

from . import Case

JARDIN = "{examples}/jardin-partage-quitte-x.toml"
SECRET = "s3cret-Jardin"


def publish(url: str) -> tuple[str, ...]:
    return ("publish", JARDIN, "--user", "team", "--url", url)


def never_shows_the_secret(tmp: Path) -> None:
    """What the case checks beyond its golden message: nothing it wrote holds the secret."""
    for path in tmp.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def notify_config(tmp: Path) -> None:
    (tmp / "notify.toml").write_text(f'urls = ["mailto://team:{SECRET}@[::1"]\n', "utf-8")


# No password in the environment and nothing on stdin: a prompt would end the case with
# exit 1, so exit 2 proves --url is checked first.
CASES = [
    Case("publish-port-out-of-range", publish("https://cloud.example.org:99999/dav/"), stdin=""),
    Case("publish-port-not-a-number", publish("https://cloud.example.org:dav/"), stdin=""),
    Case("publish-ipv6-unclosed", publish("https://[::1"), stdin=""),
    Case("publish-ftp", publish("ftp://cloud.example.org/dav/"), stdin=""),
    Case(
        "publish-credentials-and-ipv6-unclosed",
        publish(f"https://team:{SECRET}@[::1/dav/"),
        stdin="",
    ),
    Case("publish-no-scheme", publish("cloud.example.org/remote.php/dav/"), stdin=""),
    Case(
        "notify-ipv6-unclosed-test",
        ("remind", "test"),
        env={"PLANNER_NOTIFY": f"ntfy://team:{SECRET}@[::1/topic"},
        after=never_shows_the_secret,
    ),
    Case(
        "notify-ipv6-unclosed-run",
        ("remind", "run"),
        env={"PLANNER_NOTIFY": f"ntfy://team:{SECRET}@[::1/topic"},
        after=never_shows_the_secret,
    ),
    Case(
        "notify-unknown-scheme-with-secret",
        ("remind", "test"),
        env={"PLANNER_NOTIFY": f"xyz://team:{SECRET}@host/"},
    ),
    Case(
        "notify-port-not-a-number",
        ("remind", "due"),
        env={"PLANNER_NOTIFY": f"json://team:{SECRET}@host:abc/hook"},
    ),
    Case(
        "notify-config-ipv6-unclosed",
        ("remind", "--config", "{tmp}/notify.toml", "test"),
        setup=notify_config,
    ),
]
