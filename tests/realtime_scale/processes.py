"""The processes around the scale-out tests: a Redis server that can be stopped and
started again on the same port, daphne servers and a Celery worker with embedded beat."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _log_tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop_process(proc: subprocess.Popen | None, timeout: float = 10.0) -> None:
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
class RedisServer:
    """A Redis server without persistence, like the one in CI; `stop()` and `start()` again
    reuse the same port, as a restarted production broker would."""

    directory: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        log = self.directory / "redis.log"
        self.proc = subprocess.Popen(
            [
                REDIS_SERVER,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.ping():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on {self.port}:\n{_log_tail(log)}")
            time.sleep(0.05)

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None
        # The port must be free again before a restart can bind it.
        deadline = time.monotonic() + 10
        while _port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)


@dataclass
class ServerProcess:
    name: str
    proc: subprocess.Popen
    log: Path
    port: int | None = None

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self) -> str:
        return _log_tail(self.log)


@dataclass
class Stack:
    redis: RedisServer
    servers: list[ServerProcess]
    celery: ServerProcess
    env: dict[str, str]

    @property
    def a(self) -> ServerProcess:
        return self.servers[0]

    @property
    def b(self) -> ServerProcess:
        return self.servers[1]

    def check_alive(self) -> None:
        for proc in [*self.servers, self.celery]:
            assert proc.alive(), f"{proc.name} exited:\n{proc.log_tail()}"


def database_url(settings_dict: dict) -> str:
    """The URL of the database this test session really uses (the test database)."""
    engine = settings_dict["ENGINE"]
    name = str(settings_dict["NAME"])
    if engine.endswith("sqlite3"):
        return f"sqlite:///{Path(name).resolve()}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{quote(name, safe='')}"


def _spawn(name: str, args: list[str], env: dict[str, str], directory: Path) -> ServerProcess:
    log = directory / f"{name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return ServerProcess(name=name, proc=proc, log=log)


def start_daphne(name: str, env: dict[str, str], directory: Path) -> ServerProcess:
    port = free_port()
    server = _spawn(
        name,
        [str(VENV_BIN / "daphne"), "-b", "127.0.0.1", "-p", str(port), "gigcase.asgi:application"],
        env,
        directory,
    )
    server.port = port
    return server


def wait_http(server: ServerProcess) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if not server.alive():
            raise RuntimeError(f"{server.name} exited:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.http}/accounts/login/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{server.name} did not answer:\n{server.log_tail()}")
        time.sleep(0.2)


def start_celery(env: dict[str, str], directory: Path) -> ServerProcess:
    """A worker with embedded beat: one process runs the periodic relay sweep."""
    return _spawn(
        "celery",
        [
            str(VENV_BIN / "celery"),
            "-A",
            "gigcase",
            "worker",
            "-B",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--schedule",
            str(directory / "celerybeat-schedule"),
            "--without-mingle",
            "--without-gossip",
        ],
        env,
        directory,
    )
