"""A real daphne server in a subprocess, on the test database, for socket and browser tests.

The server runs `tests/realtime/asgi_app.py` (the project's ASGI application plus static
files) with the in-process scheduler sweeping every 0.2 s. On SQLite the test database is
a file (TEST_DB_SUFFIX keeps runs apart), so the subprocess reads what the test commits.

Without Redis each process has its own in-memory channel layer, so rows committed by the
test process must be relayed by the server's sweep: the fixture turns the on-commit kick
off here. With REDIS_URL set both processes share Redis and the kick stays on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
DAPHNE = Path(sys.executable).with_name("daphne")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The test database as a DATABASE_URL the subprocess's settings understand."""
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{name}"


class LiveDaphne:
    def __init__(self, port: int, process: subprocess.Popen, log: Path) -> None:
        self.port = port
        self.process = process
        self.log = log
        self.url = f"http://127.0.0.1:{port}"
        self.ws = f"ws://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def daphne_server(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[LiveDaphne]:
    from django.db import connection

    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
    port = free_port()
    log = tmp_path_factory.mktemp("daphne") / "daphne.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gigcase.settings.test",
        "DATABASE_URL": url,
        "REALTIME_SCHEDULER": "1",
        "REALTIME_SWEEP_SECONDS": "0.2",
        # The deadline watch has its own tests; here it would only add writes.
        "REALTIME_DEADLINE_SECONDS": "86400",
        "PYTHONPATH": str(ROOT),
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                str(DAPHNE),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "tests.realtime.asgi_app:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = LiveDaphne(port, process, log)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"daphne exited:\n{server.output()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"daphne did not start:\n{server.output()}") from None
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture
def live(daphne_server, settings) -> LiveDaphne:
    """The server, with this process leaving the relaying to it unless Redis is shared."""
    settings.REALTIME_RELAY_ON_COMMIT = bool(settings.REDIS_URL)
    return daphne_server


@pytest.fixture
def org(db):
    """Departments, jurisdictions and units; a transactional test starts from what the
    previous one's flush left (no departments), so they are loaded again."""
    from tests.browser.helpers import load_reference_data

    load_reference_data()
