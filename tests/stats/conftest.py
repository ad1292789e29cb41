"""The demo world every statistics test counts in, seeded through the real actions."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from disputes.wage_arrears import demo as wage_demo


def stats_as(username: str, **params) -> dict:
    """`GET /api/v1/stats/` as `username` (signed in), its answer."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get("/api/v1/stats/", params)
    assert response.status_code == 200
    return response.json()


def seed_world() -> None:
    # One wage-arrears cycle per unit reaches every state, payments and follow-ups. In
    # Chinese, whatever language an earlier test's request left active in this thread.
    with translation.override(settings.LANGUAGE_CODE):
        call_command(
            "seed_demo", "--force", "--cases", str(len(wage_demo.CYCLE)), stdout=io.StringIO()
        )
    if connection.vendor == "postgresql":
        # Give the planner the statistics a running server keeps (autovacuum): the world
        # is seeded in the test's own transaction, which autovacuum never sees, and a
        # planner that believes the case and clock tables empty nests loops over them
        # (minutes for a few hundred cases). ANALYZE samples this transaction's rows too.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@pytest.fixture
def seeded(db):
    seed_world()


# The real daphne server of the realtime tests: the dashboard listens on its socket.
from tests.realtime.conftest import daphne_server, live  # noqa: E402, F401
