"""planner serve under load: 50 clients at once, 20 seconds per endpoint.

Starts the web app in a process of its own (uvicorn, as `planner serve` runs it) on a
database holding the garden's example plan with its feed open, plus one route that
returns a constant string: the bare endpoint, the floor of any Starlette page in the
same server (it goes through the same middleware: host check, security headers,
language). Then 50 clients (asyncio, one keep-alive connection each, a new request as
soon as the previous answer is read) load each endpoint for 20 seconds in all, in turns
of 5 seconds (bare, today, plan, feed, 304, bare, today…), so that a slow spell of this
shared machine weighs on every endpoint alike (bench/README.md); it prints requests per
second, the median and 99th-percentile latency, and each one's ratio to the bare
endpoint's.

Endpoints: the bare one, the today page, the plan page, the feed (200: the whole
calendar) and the feed asked again with its ETag (304).

Run: make bench-serve (or .venv/bin/python bench/serve.py [--seconds 20] [--clients 50])

The hosted mode: ``--database postgresql://… --workers 2`` runs `planner serve --hosted`
itself on that (empty) database, with a workspace holding the same plan and a member's
session on the page requests; its bare endpoint is a static file (the hosted process has
no extra route), which goes through the same middleware and the accounts' gate.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
BARE = "/bench/bare"


def serve(db: Path, port: int) -> None:
    """The server process: planner's app with the bare route, on uvicorn."""
    import uvicorn
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from planner.web.app import create_app

    app = create_app(db)

    async def bare(request: object) -> PlainTextResponse:
        return PlainTextResponse("planner")

    app.router.routes.insert(0, Route(BARE, bare))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def fetch(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """One request on a keep-alive connection: (status, headers as bytes)."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    if length:
        await reader.readexactly(int(length.group(1)))
    return status, head


async def load(
    port: int, path: str, headers: dict[str, str], clients: int, seconds: float, status: int
) -> list[float]:
    """Latencies (seconds) of every request answered during ``seconds``."""
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept-Language: fr"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < stop:
                began = time.perf_counter()
                got, _head = await fetch(reader, writer, request)
                latencies.append(time.perf_counter() - began)
                if got != status:
                    raise AssertionError(f"{path}: {got}, expected {status}")
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


def prepare(db: Path) -> str:
    """The database with the garden's plan, moved so that its announcement is today (the
    today page then shows its posts), and its feed; returns the feed's path."""
    import datetime as dt

    from planner.reminders import open_store
    from planner.web.store import WebStore

    now = dt.datetime.now(dt.UTC)
    today = now.date()
    text = (
        JARDIN.read_text("utf-8")
        .replace("decided_on = 2026-11-26", f"decided_on = {today}")
        .replace("date = 2027-01-15", f"date = {today + dt.timedelta(days=28)}")
    )
    with open_store(db) as store:
        web = WebStore(store.db)
        web.create("les-amis-du-jardin-partage", text.encode(), "Jardin", now)
        token = web.renew_feed("les-amis-du-jardin-partage")
    return f"/feeds/{token}.ics"


def prepare_hosted(address: str) -> tuple[str, str]:
    """An empty hosted database with a workspace holding the garden's plan and its feed,
    and a member's session: (the feed's path, the session cookie)."""
    import datetime as dt

    from planner.web.hosted import HostedStore
    from planner.web.server import hosted_accounts

    now = dt.datetime.now(dt.UTC)
    today = now.date()
    text = (
        JARDIN.read_text("utf-8")
        .replace("decided_on = 2026-11-26", f"decided_on = {today}")
        .replace("date = 2027-01-15", f"date = {today + dt.timedelta(days=28)}")
    )
    accounts = hosted_accounts(address)
    accounts.create_workspace("bench", "Bench", now)
    session = accounts.accept(
        accounts.invite("bench", "editor", now), "bench@example.org", "bench password", now
    )
    assert session is not None
    store = HostedStore(accounts.engine, "bench")
    store.create("les-amis-du-jardin-partage", text.encode(), "Jardin", now)
    token = store.renew_feed("les-amis-du-jardin-partage")
    accounts.engine.dispose()
    return f"/feeds/{token}.ics", f"planner_session={session}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--turn", type=float, default=5.0, help="seconds of one turn")
    parser.add_argument("--database", help="a hosted database (empty): bench --hosted")
    parser.add_argument("--workers", type=int, default=1, help="with --database")
    parser.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(Path(args.serve[0]), int(args.serve[1]))
        return
    import socket

    folder = Path(tempfile.mkdtemp(prefix="planner-bench-serve-"))
    db = folder / "reminders.sqlite3"
    cookie = {}
    if args.database:
        feed, session = prepare_hosted(args.database)
        cookie = {"Cookie": session}
    else:
        feed = prepare(db)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PLANNER_CACHE_DIR": str(folder / "cache")}
    command = [sys.executable, __file__, "--serve", str(db), str(port)]
    if args.database:
        command = [sys.executable, "-m", "planner", "serve", "--hosted", "--database"]
        command += [args.database, "--port", str(port), "--workers", str(args.workers)]
    server = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)

        async def etag() -> str:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            request = f"GET {feed} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
            _status, head = await fetch(reader, writer, request)
            writer.close()
            found = re.search(rb'(?i)\r\netag: *("[^"]+")', head)
            assert found
            return found.group(1).decode()

        tag = asyncio.run(etag())
        key = "les-amis-du-jardin-partage"
        bare = "/static/app.css" if args.database else BARE
        cases = [
            ("bare endpoint", bare, {}, 200),
            ("today page", f"/plans/{key}/today", cookie, 200),
            ("plan page", f"/plans/{key}/plan", cookie, 200),
            ("feed (200)", feed, {}, 200),
            ("feed (304, If-None-Match)", feed, {"If-None-Match": tag}, 304),
        ]
        for _name, path, headers, status in cases:  # warm up: templates, caches
            asyncio.run(load(port, path, headers, 2, 1.0, status))
        print(
            f"planner serve, {args.clients} clients, {args.seconds:g} s each in turns of "
            f"{args.turn:g} s, {os.cpu_count()} cores, "
            + (
                f"hosted ({args.database.split(':')[0]}), {args.workers} worker(s)"
                if args.database
                else "one uvicorn worker"
            )
        )
        latencies: dict[str, list[float]] = {name: [] for name, *_rest in cases}
        turns = max(1, round(args.seconds / args.turn))
        for _turn in range(turns):
            for name, path, headers, status in cases:
                latencies[name] += asyncio.run(
                    load(port, path, headers, args.clients, args.seconds / turns, status)
                )
        print(
            f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'p50 ×bare':>10} {'p99 ×bare':>10}"
        )
        bare_p50 = bare_p99 = 0.0
        for name, path, _headers, _status in cases:
            ordered = sorted(latencies[name])
            p50 = statistics.median(ordered) * 1000
            p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
            if path == bare:
                bare_p50, bare_p99 = p50, p99
            print(
                f"{name:28} {len(ordered) / args.seconds:8.0f} {p50:8.1f} {p99:8.1f} "
                f"{p50 / bare_p50:10.2f} {p99 / bare_p99:10.2f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
