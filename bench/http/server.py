"""daphne on a free loopback port, as `make run` serves it, started and stopped."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench import ROOT, free_port, stop, tail

from .clients import Client

DAPHNE = Path(sys.executable).parent / "daphne"
START_TIMEOUT = 120.0


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
