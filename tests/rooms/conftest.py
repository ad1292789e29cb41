"""Fixtures of the room tests: a task force on a wage case, and a real daphne server.

The server runs `gigcase.asgi` in a subprocess on a free loopback port against the suite's
test database (the SQLite file `var/test{TEST_DB_SUFFIX}.sqlite3` locally, the PostgreSQL
test database in CI). Tests that talk to it are transactional, so what they write is
committed and the server sees it. Locally the server's channel layer is its own in-memory
one: everything that must reach a socket goes through the server (its API or its sockets).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import load_reference_data, member, open_wage_case
from tests.servers import PASSWORD as PASSWORD  # the e2e test signs in with it
from tests.servers import ROOT, Server, server_env

FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker) -> Iterator[Server]:
    directory = Path(tempfile.mkdtemp(prefix="gigcase-rooms-"))
    env = server_env("tests.rooms.server_settings", ROOMS_MEDIA_ROOT=str(directory / "media"))
    srv = Server.daphne(env, directory)
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()
        shutil.rmtree(directory, ignore_errors=True)


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
