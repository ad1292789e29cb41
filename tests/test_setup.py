"""The promises of the setup: production settings pass the deploy checks, the migrations match
the models, and the local ASGI app serves its own static files."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def clean_env(tmp_path: Path, settings: str, **extra: str) -> dict[str, str]:
    """The caller's environment with its own throw-away database, never the developer's."""
    # DJANGO_* variables too: the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE while it
    # runs (a shell may have it too), and the deploy checks rightly refuse it.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_")
        and k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    env["DJANGO_SETTINGS_MODULE"] = settings
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'setup.sqlite3'}"
    env.update(extra)
    return env


def test_production_settings_pass_the_deploy_checks(tmp_path):
    env = clean_env(
        tmp_path,
        "gigcase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = clean_env(tmp_path, "gigcase.settings.production", ALLOWED_HOSTS="example.org")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_is_never_in_debug_mode(tmp_path):
    env = clean_env(
        tmp_path,
        "gigcase.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DEBUG="true",
    )
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_migrations_match_the_models(tmp_path):
    env = clean_env(tmp_path, "gigcase.settings.test")
    result = manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


SERVE_STATIC = """
import asyncio
from asgiref.testing import ApplicationCommunicator
from gigcase.asgi import application

async def get(path):
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "headers": [(b"host", b"127.0.0.1")],
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000)}
    comm = ApplicationCommunicator(application, scope)
    await comm.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await comm.receive_output(10)
    body = b""
    while True:
        msg = await comm.receive_output(10)
        body += msg.get("body", b"")
        if not msg.get("more_body"):
            break
    print(start["status"], len(body))

asyncio.run(get("/static/admin/css/base.css"))
"""


def test_local_asgi_app_serves_static_files(tmp_path):
    # `make run` has daphne alone serve everything, static files included.
    env = clean_env(tmp_path, "gigcase.settings.local", DEBUG="true")
    result = subprocess.run(
        [sys.executable, "-c", SERVE_STATIC],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, size = result.stdout.split()
    assert status == "200"
    assert int(size) > 1000
