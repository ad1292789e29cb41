"""Fixtures of the casework tests."""

from __future__ import annotations

import pytest

from casework import workdays


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The holiday cache is process-wide; a test that edits the calendar inside a rolled-back
    # transaction must not leave its edit cached for the next test.
    workdays.invalidate()
    yield
    workdays.invalidate()
