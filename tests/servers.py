"""Real server processes for the tests that need more than one process: daphne (and, for the
scale-out tests, Celery) started in a subprocess on a free loopback port against the
suite's test database.

The test database is the SQLite file `var/test{TEST_DB_SUFFIX}.sqlite3` locally and the
PostgreSQL test database in CI; `database_url` hands it to the subprocess's settings. Tests
that talk to a server are transactional, so what they write is committed and the server
sees it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PASSWORD = "pw-test-123"  # tests.factories.UserFactory's password
# A busy machine (a CI run beside a local one) can take long to import Django.
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


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


def server_env(settings_module: str, **extra: str) -> dict[str, str]:
    """The environment of a server process: this one's, on the test database.

    Call it where the database is reachable (inside `django_db_blocker.unblock()` or after
    `django_db_setup`): the test database's name is known only once it exists.
    """
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(connection.settings_dict),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    # The browser tests allow sync database calls in their own event loop; a server must
    # run as it does in production, where such a call is a bug.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def stop_process(proc: subprocess.Popen | None, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if the process is still there after `timeout`."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


def stop_processes(procs: list[subprocess.Popen], timeout: float = 15.0) -> None:
    """SIGTERM to all at once, then wait; whatever is still running after `timeout` is
    killed."""
    running = [p for p in procs if p.poll() is None]
    for proc in running:
        proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for proc in running:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@dataclass
class Server:
    """A process the tests started, its log file and, for a web server, its port."""

    name: str
    proc: subprocess.Popen
    log: Path
    port: int | None = None

    @classmethod
    def spawn(
        cls,
        name: str,
        args: list[str],
        env: dict[str, str],
        directory: Path,
        port: int | None = None,
    ) -> Self:
        """`args` run from the project root, output to `directory/<name>.log`."""
        log = directory / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return cls(name=name, proc=proc, log=log, port=port)

    @classmethod
    def daphne(
        cls,
        env: dict[str, str],
        directory: Path,
        application: str = "gigcase.asgi:application",
        name: str = "daphne",
    ) -> Self:
        """daphne serving `application` on a free loopback port; `wait_ready()` before use."""
        port = free_port()
        args = [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), application]
        return cls.spawn(name, args, env, directory, port=port)

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 60) -> str:
        return log_tail(self.log, lines)

    def wait_ready(self, path: str = "/accounts/login/", timeout: float = START_TIMEOUT) -> None:
        """Until `path` answers 200: the port alone opens before the application is loaded."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.http}{path}", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name} did not answer:\n{self.log_tail()}")
            time.sleep(0.2)

    def stop(self) -> None:
        stop_process(self.proc)

    def api(
        self, method: str, path: str, *, token: str | None = None, body: dict | None = None
    ) -> tuple[int, Any]:
        """(status, JSON) of one API call to the server; None for an empty body."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.http}{path}", data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, _json(exc.read())

    def token(self, username: str, password: str = PASSWORD) -> str:
        """A DRF token through the API, as a client program gets one."""
        status, data = self.api(
            "POST", "/api/v1/auth/token/", body={"username": username, "password": password}
        )
        assert status == 200, data
        return data["token"]


def _json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        # An error page instead of JSON: keep its start for the assertion message.
        return {"raw": raw.decode(errors="replace")[:2000]}
