"""The processes around the scale-out tests: a Redis server that can be stopped and
started again on the same port, daphne servers and a Celery worker with embedded beat."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import (
    START_TIMEOUT,
    VENV_BIN,
    Server,
    free_port,
    log_tail,
    port_open,
    stop_process,
)

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


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
                raise RuntimeError(f"redis-server did not start on {self.port}:\n{log_tail(log)}")
            time.sleep(0.05)

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None
        # The port must be free again before a restart can bind it.
        deadline = time.monotonic() + 10
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)


@dataclass
class Stack:
    redis: RedisServer
    servers: list[Server]
    celery: Server
    env: dict[str, str]

    @property
    def a(self) -> Server:
        return self.servers[0]

    @property
    def b(self) -> Server:
        return self.servers[1]

    def check_alive(self) -> None:
        for proc in [*self.servers, self.celery]:
            assert proc.alive(), f"{proc.name} exited:\n{proc.log_tail()}"


def start_celery(env: dict[str, str], directory: Path) -> Server:
    """A worker with embedded beat: one process runs the periodic relay sweep."""
    return Server.spawn(
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
