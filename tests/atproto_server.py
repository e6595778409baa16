"""The reference AT Protocol PDS for the tests: ``@atproto/pds`` 0.4.217 from npm (the last
release for Node 20), with a PLC directory from ``@did-plc/server`` in memory, both on
127.0.0.1 (tests/pds/start.js), started once per test session by the ``pds`` fixture,
which conftest.py offers to every test module (tests/test_bluesky.py, and the web app's
daemon in tests/test_serve.py): one server for the whole run."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .npm import install, one_installer

ROOT = Path(__file__).resolve().parent.parent
PDS_VERSION = "0.4.217"
PLC_VERSION = "0.0.1"


def _pds_modules() -> Path:
    """node_modules holding @atproto/pds and @did-plc/server, installed once into .venv/npm
    (better-sqlite3 built from source: npm runs no install script unasked)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed for the AT Protocol PDS (apt-get install nodejs npm)")
    prefix = ROOT / ".venv" / "npm" / f"atproto-pds-{PDS_VERSION}"
    modules = prefix / "node_modules"
    built = modules / "better-sqlite3" / "build" / "Release" / "better_sqlite3.node"
    with one_installer(prefix):
        if not (modules / "@atproto" / "pds").exists():
            install(prefix, f"@atproto/pds@{PDS_VERSION}", f"@did-plc/server@{PLC_VERSION}")
        if not built.exists():
            subprocess.run(
                ["npm", "rebuild", "--silent", "better-sqlite3"],
                cwd=prefix,
                check=True,
                capture_output=True,
            )
    return modules


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def pds() -> Iterator[str]:
    """The PDS's URL (http://localhost:PORT, the name its DID documents give)."""
    modules = _pds_modules()
    data = Path(tempfile.mkdtemp(prefix="planner-pds-"))
    port = _free_port()
    process = subprocess.Popen(
        ["node", str(ROOT / "tests" / "pds" / "start.js"), str(data), str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=(data / "pds.log").open("wb"),
        env={**os.environ, "NODE_PATH": str(modules), "LOG_ENABLED": "false"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # printed once both servers answer
    if not line:
        process.wait(10)
        pytest.fail("the PDS did not start: " + (data / "pds.log").read_text()[-2000:])
    assert json.loads(line)["pds"].endswith(f":{port}")
    yield f"http://localhost:{port}"
    process.terminate()
    process.wait(30)
    shutil.rmtree(data, ignore_errors=True)


def xrpc(pds: str, method: str, body: dict[str, Any] | None = None, **params: str) -> Any:
    """One XRPC call: a procedure with ``body``, else a query with ``params``."""
    url = f"{pds}/xrpc/{method}"
    headers = {"Content-Type": "application/json"}
    token = params.pop("token", None)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if body is None:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        request = urllib.request.Request(url, headers=headers)
    else:
        request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


@pytest.fixture
def account(pds: str) -> dict[str, str]:
    """A new account on the PDS and an app password for it."""
    return new_account(pds)


def new_account(pds: str) -> dict[str, str]:
    """A new account on the PDS (its handle, DID) and an app password for it."""
    handle = f"a{random.randrange(10**9)}.test"
    created = xrpc(
        pds,
        "com.atproto.server.createAccount",
        {"handle": handle, "email": f"{handle}@example.org", "password": "main-password-42"},
    )
    app = xrpc(
        pds,
        "com.atproto.server.createAppPassword",
        {"name": "planner"},
        token=created["accessJwt"],
    )
    return {"handle": handle, "did": created["did"], "app_password": app["password"]}


def environment(pds: str, account: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "PLANNER_BLUESKY_HANDLE": account["handle"],
        "PLANNER_BLUESKY_APP_PASSWORD": account["app_password"],
        "PLANNER_BLUESKY_SERVICE": pds,
        "LANGUAGE": "en",
    }


def posts_on_server(pds: str, did: str) -> list[dict[str, Any]]:
    """Every post of the account, through the PDS's own listRecords."""
    out: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = xrpc(
            pds,
            "com.atproto.repo.listRecords",
            repo=did,
            collection="app.bsky.feed.post",
            limit="100",
            **({"cursor": cursor} if cursor else {}),
        )
        out += page["records"]
        cursor = page.get("cursor", "")
        if not page["records"] or not cursor:
            return out
