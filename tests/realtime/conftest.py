"""A real daphne server in a subprocess, on the test database, for socket and browser tests.

The server runs `tests/realtime/asgi_app.py` (the project's ASGI application plus static
files) with the in-process scheduler sweeping every 0.2 s. On SQLite the test database is
a file (TEST_DB_SUFFIX keeps runs apart), so the subprocess reads what the test commits.

Without Redis each process has its own in-memory channel layer, so rows committed by the
test process must be relayed by the server's sweep: the fixture turns the on-commit kick
off here. With REDIS_URL set both processes share Redis and the kick stays on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers import Server, server_env


class LiveDaphne(Server):
    @property
    def url(self) -> str:
        return self.http


@pytest.fixture(scope="module")
def daphne_server(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[LiveDaphne]:
    with django_db_blocker.unblock():
        env = server_env(
            "gigcase.settings.test",
            REALTIME_SCHEDULER="1",
            REALTIME_SWEEP_SECONDS="0.2",
            # The deadline watch has its own tests; here it would only add writes.
            REALTIME_DEADLINE_SECONDS="86400",
        )
    server = LiveDaphne.daphne(
        env, tmp_path_factory.mktemp("daphne"), "tests.realtime.asgi_app:application"
    )
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def live(daphne_server, settings) -> LiveDaphne:
    """The server, with this process leaving the relaying to it unless Redis is shared."""
    settings.REALTIME_RELAY_ON_COMMIT = bool(settings.REDIS_URL)
    return daphne_server


@pytest.fixture
def org(db):
    """Departments, jurisdictions and units; a transactional test starts from what the
    previous one's flush left (no departments), so they are loaded again."""
    from tests.factories import load_reference_data

    load_reference_data()
