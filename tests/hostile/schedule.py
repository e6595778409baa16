"""`planner schedule` and the accounts file: what a volunteer could get wrong before
anything is sent (no server is reached by these cases)."""

from __future__ import annotations

from pathlib import Path

from . import Case

JARDIN = "{examples}/jardin-partage-quitte-x.toml"
TOKEN = "hostileTOKEN-0123456789abcdef"


def _accounts(text: str, mode: int = 0o600) -> object:
    def setup(tmp: Path) -> None:
        path = tmp / "accounts.toml"
        path.write_text(text, "utf-8")
        path.chmod(mode)

    return setup


def _unchanged(text: str) -> object:
    def after(tmp: Path) -> None:
        assert (tmp / "accounts.toml").read_text("utf-8") == text

    return after


OPEN = f'[mastodon]\ntoken = "{TOKEN}"\n'

CASES = [
    Case("schedule-no-destination-flag", ("schedule", JARDIN)),
    Case(
        "schedule-no-token",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
    ),
    Case(
        "schedule-accounts-readable-by-others",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
        setup=_accounts(OPEN, 0o644),  # type: ignore[arg-type]
        after=_unchanged(OPEN),  # type: ignore[arg-type]
    ),
    Case(
        "schedule-accounts-not-toml",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
        setup=_accounts('[mastodon]\ntoken = "unterminated\n'),  # type: ignore[arg-type]
    ),
    Case(
        "schedule-accounts-token-not-text",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
        setup=_accounts("[mastodon]\ntoken = 12345\n"),  # type: ignore[arg-type]
    ),
    Case(
        "schedule-token-with-spaces",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
        env={"PLANNER_MASTODON_TOKEN": "my token is secret"},
    ),
    Case(
        "schedule-instance-not-an-address",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
        env={"PLANNER_MASTODON_TOKEN": TOKEN, "PLANNER_MASTODON_INSTANCE": "ftp://example.org"},
    ),
    Case(
        "schedule-instance-plain-http",
        ("schedule", JARDIN, "--mastodon", "--accounts", "{tmp}/accounts.toml"),
        env={
            "PLANNER_MASTODON_TOKEN": TOKEN,
            "PLANNER_MASTODON_INSTANCE": "http://mastodon.example",
        },
    ),
    Case(
        "schedule-bluesky-no-account",
        ("schedule", JARDIN, "--bluesky", "--accounts", "{tmp}/accounts.toml"),
    ),
    Case(
        "schedule-bluesky-main-password",
        ("schedule", JARDIN, "--bluesky", "--accounts", "{tmp}/accounts.toml"),
        env={
            "PLANNER_BLUESKY_HANDLE": "amis.bsky.social",
            "PLANNER_BLUESKY_APP_PASSWORD": "Hunter2!",
        },
    ),
    Case(
        "schedule-bluesky-handle-with-spaces",
        ("schedule", JARDIN, "--bluesky", "--accounts", "{tmp}/accounts.toml"),
        setup=_accounts(  # type: ignore[arg-type]
            '[bluesky]\nhandle = "Les Amis"\napp_password = "abcd-efgh-ijkl-mnop"\n'
        ),
    ),
    Case(
        "remind-due-accounts-readable-by-others",
        ("remind", "--db", "{tmp}/r.db", "--accounts", "{tmp}/accounts.toml", "due"),
        setup=_accounts(OPEN, 0o640),  # type: ignore[arg-type]
        after=_unchanged(OPEN),  # type: ignore[arg-type]
    ),
]
