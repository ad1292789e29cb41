"""Fixtures of the room tests: a task force on a wage case, and a real daphne server.

The server runs `gigcase.asgi` in a subprocess on a free loopback port against the suite's
test database (the SQLite file `var/test{TEST_DB_SUFFIX}.sqlite3` locally, the PostgreSQL
test database in CI). Tests that talk to it are transactional, so what they write is
committed and the server sees it. Locally the server's channel layer is its own in-memory
one: everything that must reach a socket goes through the server (its API or its sockets).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from permissions.services import ensure_units, load_departments, load_jurisdictions
from tests.factories import member, open_wage_case

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "fixtures"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "pw-test-123"  # tests.factories.UserFactory's password


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The URL of the database this test session really uses (the test database)."""
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(name).resolve()}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{quote(name, safe='')}"


@dataclass
class Server:
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])
        except OSError:
            return ""

    def api(self, method: str, path: str, *, token: str = "", body: dict | None = None):
        """(status, JSON) of one API call to the server."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.http}{path}", data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None

    def token(self, username: str) -> str:
        status, data = self.api(
            "POST", "/api/v1/auth/token/", body={"username": username, "password": PASSWORD}
        )
        assert status == 200, data
        return data["token"]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker) -> Iterator[Server]:
    from django.db import connection

    directory = Path(tempfile.mkdtemp(prefix="gigcase-rooms-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.rooms.server_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "ROOMS_MEDIA_ROOT": str(directory / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    port = free_port()
    log = directory / "daphne.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                str(VENV_BIN / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "gigcase.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    srv = Server(port=port, proc=proc, log=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"daphne exited:\n{srv.log_tail()}")
            try:
                with urllib.request.urlopen(f"{srv.http}/accounts/login/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"daphne did not answer:\n{srv.log_tail()}")
            time.sleep(0.2)
        yield srv
    finally:
        _stop(proc)
        shutil.rmtree(directory, ignore_errors=True)


def load_reference_data() -> None:
    """Departments, jurisdictions and units: a transactional test starts from what the
    previous one's flush left, so each one loads them again."""
    load_departments(FIXTURES / "departments.csv")
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()


@dataclass
class Crew:
    """A wage case led by hrss xuecheng, and the people around it."""

    case: object
    supervisor: object  # hrss xuecheng supervisor: manages the task force
    officer: object  # hrss xuecheng officer: the assignee
    police: object  # police xuecheng officer: outside the case until added
    outsider: object  # hrss shizhong officer: another district
    viewer: object  # hrss city viewer: sees, reads only


def make_crew() -> Crew:
    load_reference_data()
    case = open_wage_case()
    officer = member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")
    case.assignee = officer
    case.save(update_fields=["assignee"])
    return Crew(
        case=case,
        supervisor=member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
        officer=officer,
        police=member("police.officer.xuecheng", "police", "xuecheng", "officer"),
        outsider=member("hrss.officer.shizhong", "hrss", "shizhong", "officer"),
        viewer=member("hrss.viewer.city", "hrss", "city", "viewer"),
    )


def session_cookie(user) -> str:
    """A `Cookie` header value for a real session of `user` (stored in the database)."""
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def fresh(user):
    # The policy caches a user's object permissions on the user object, as a request does.
    return get_user_model().objects.get(pk=user.pk)


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(fresh(user))
    return client


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
