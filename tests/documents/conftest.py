"""Fixtures of the document tests: stored files in a temporary media root, the people who
move a wage case along, and a wage case that has been through every document it issues."""

from __future__ import annotations

import pytest

from casework import workdays
from tests.disputes.walk import Actors, fire


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workdays.invalidate()
    yield
    workdays.invalidate()


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)


# The steps that issue every document a wage case has: a transfer the police return, then
# the closure the officer proposes with the sum recovered.
WAGE_STEPS = [
    "accept",
    "order_payment",
    "transfer_to_police",
    "police_return",
    "propose_closure",
    "approve_closure",
]


@pytest.fixture
def closed_wage_case(wage_case, actors):
    for name in WAGE_STEPS:
        fire(wage_case.pk, name, actors)
    wage_case.refresh_from_db()
    assert wage_case.status == "closed"
    return wage_case
