"""daphne on a free loopback port, as `make run` serves it, started and stopped."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import ROOT

from .clients import Client

DAPHNE = Path(sys.executable).parent / "daphne"
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_database_url(url: str, backend: str) -> str:
    """The database URL the server gets: the benchmark's, but on PostgreSQL without
    persistent connections.

    Django runs the synchronous part of each ASGI request in a thread of its own
    (`ThreadSensitiveContext`), so a persistent connection (`CONN_MAX_AGE=60` in the
    settings) is never used again: each request opens a new one either way, and the old
    ones stay open until the garbage collector finds them — with 8 clients, hundreds of
    them, past the server's `max_connections`. Closing each at the end of its request
    measures the same work without running the server out of connections.
    """
    if backend != "postgresql":
        return url
    return url + ("&" if "?" in url else "?") + "conn_max_age=0"


def start_daphne(directory: Path, database_url: str) -> tuple[subprocess.Popen, int]:
    """daphne on `database_url` on a free loopback port, settings as `make run` has them."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "gigcase.settings.local",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    log = directory / "daphne.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(DAPHNE), "-b", "127.0.0.1", "-p", str(port), "gigcase.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        probe = Client(port)
        try:
            if probe.call("GET", "/api/v1/auth/me/")[0] == 401:
                return proc, port
        except OSError:
            pass
        finally:
            probe.close()
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise SystemExit(f"daphne did not start:\n{tail(log)}")
        time.sleep(0.2)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
