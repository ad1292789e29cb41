"""The demo world every statistics test counts in, seeded through the real actions."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from disputes.wage_arrears import demo as wage_demo


def seed_world() -> None:
    # One wage-arrears cycle per unit reaches every state, payments and follow-ups. In
    # Chinese, whatever language an earlier test's request left active in this thread.
    with translation.override(settings.LANGUAGE_CODE):
        call_command(
            "seed_demo", "--force", "--cases", str(len(wage_demo.CYCLE)), stdout=io.StringIO()
        )


@pytest.fixture
def seeded(db):
    seed_world()


# The real daphne server of the realtime tests: the dashboard listens on its socket.
from tests.realtime.conftest import daphne_server, live  # noqa: E402, F401
