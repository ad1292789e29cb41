"""Scale-out and fault tests: real server processes around the suite's database.

One Redis server (on a free loopback port, in a temporary directory, stopped and started
again by the fault tests), two daphne processes A and B serving `gigcase.asgi`, and a
Celery worker with embedded beat (the relay sweep runs there when `REDIS_URL` is set). All
of them use the suite's test database: the PostgreSQL test database in CI, the SQLite file
`var/test{TEST_DB_SUFFIX}.sqlite3` locally (WAL mode lets the processes share it, as the
browser tests share it with their live server). The tests are transactional, so what they
write is committed and visible to the processes.

The server processes live across tests, and each keeps Django's content-type cache
(viewflow's tasks point at content types). The flush that ends a transactional test
re-creates the content types; they get the ids those caches remember only when the
sequences start from the same place each time: the stack flushes with sequences reset
before starting the processes, and the tests are marked `reset_sequences=True`.

The test process's own channel layer is pointed at the same Redis, so that a notification
committed by the test process is relayed to the same groups the servers' sockets joined.
"""

from __future__ import annotations

import copy
import importlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from permissions.services import ensure_units, load_departments, load_jurisdictions
from tests.servers import ROOT, Server, server_env, stop_processes

from .processes import RedisServer, Stack, start_celery


def production_layers(redis_url: str) -> dict:
    """CHANNEL_LAYERS as the settings build them when REDIS_URL is `redis_url`."""
    import gigcase.settings.base as base

    saved = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = redis_url
    try:
        return copy.deepcopy(importlib.reload(base).CHANNEL_LAYERS)
    finally:
        if saved is None:
            os.environ.pop("REDIS_URL", None)
        else:
            os.environ["REDIS_URL"] = saved


FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="package")
def stack(django_db_setup, django_db_blocker) -> Iterator[Stack]:
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0, reset_sequences=True)
    directory = Path(tempfile.mkdtemp(prefix="gigcase-scale-"))
    redis = RedisServer(directory)
    redis.start()
    env = server_env(
        "gigcase.settings.test", REDIS_URL=redis.url, MEDIA_ROOT=str(directory / "media")
    )
    servers: list[Server] = []
    celery = None
    try:
        servers = [Server.daphne(env, directory, name=n) for n in ("daphne-a", "daphne-b")]
        celery = start_celery(env, directory)
        for server in servers:
            server.wait_ready()
        yield Stack(redis=redis, servers=servers, celery=celery, env=env)
    finally:
        stop_processes([p.proc for p in [*servers, celery] if p is not None])
        redis.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def org(db):
    """The reference data, departments included: a transactional test starts from what the
    previous one's flush left (the departments come from a data migration the flush
    removes)."""
    load_departments(FIXTURES / "departments.csv")
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()


@pytest.fixture
def shared_layer(stack, settings):
    """The test process relays what it commits through the stack's Redis too."""
    settings.CHANNEL_LAYERS = production_layers(stack.redis.url)
    return stack
