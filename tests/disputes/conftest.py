"""Fixtures of the dispute tests: the three people who move a wage case along."""

from __future__ import annotations

import pytest

from casework import workdays

from .walk import Actors


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The holiday cache is process-wide; a test that edits the calendar inside a rolled-back
    # transaction must not leave its edit cached for the next test.
    workdays.invalidate()
    yield
    workdays.invalidate()


@pytest.fixture
def actors(hrss_officer, hrss_supervisor, police_officer) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, police=police_officer)
