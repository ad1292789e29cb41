"""GET /api/v1/calendar/deadline/ against the published 2026 holiday schedule."""

from __future__ import annotations

import pytest

from .conftest import login


@pytest.mark.parametrize(
    "start,days,unit,expected",
    [
        # Friday before the Spring Festival: Saturday 14 Feb is an adjusted working day.
        ("2026-02-13", 1, "working", "2026-02-14"),
        ("2026-02-13", 2, "working", "2026-02-24"),
        ("2026-03-02", 5, "working", "2026-03-09"),
        ("2026-03-02", 0, "working", "2026-03-02"),
        # A calendar period ending in the May Day holiday ends on the next working day.
        ("2026-04-30", 1, "calendar", "2026-05-06"),
        # ... and one ending on a plain Saturday ends on Monday.
        ("2026-03-02", 5, "calendar", "2026-03-09"),
        ("2026-03-02", 4, "calendar", "2026-03-06"),
        # Saturday 9 May 2026 is an adjusted working day: no moving on.
        ("2026-05-06", 3, "calendar", "2026-05-09"),
    ],
)
def test_deadline(anon, db, start, days, unit, expected):
    r = anon.get("/api/v1/calendar/deadline/", {"start": start, "days": days, "unit": unit})
    assert r.status_code == 200, r.content
    assert r.json() == {"deadline": expected}


def test_unit_defaults_to_working_days(anon, db):
    r = anon.get("/api/v1/calendar/deadline/", {"start": "2026-02-13", "days": 2})
    assert r.json() == {"deadline": "2026-02-24"}


def test_logged_in_users_may_ask_too(hrss_officer):
    r = login(hrss_officer).get(
        "/api/v1/calendar/deadline/", {"start": "2026-02-13", "days": 1, "unit": "working"}
    )
    assert r.json() == {"deadline": "2026-02-14"}


def test_longest_period_is_answered(anon, db):
    r = anon.get("/api/v1/calendar/deadline/", {"start": "2026-01-01", "days": 3650})
    assert r.status_code == 200
    assert r.json()["deadline"] > "2039-01-01"


@pytest.mark.parametrize(
    "params,field",
    [
        ({"start": "2026-02-30", "days": 5}, "start"),
        ({"start": "2026/03/01", "days": 5}, "start"),
        ({"start": "9999-12-31", "days": 3650, "unit": "calendar"}, "start"),
        ({"start": "0001-01-01", "days": 1}, "start"),
        ({"days": 5}, "start"),
        ({"start": "2026-03-02"}, "days"),
        ({"start": "2026-03-02", "days": -1}, "days"),
        ({"start": "2026-03-02", "days": 3651}, "days"),
        ({"start": "2026-03-02", "days": "five"}, "days"),
        ({"start": "2026-03-02", "days": "1e3"}, "days"),
        ({"start": "2026-03-02", "days": "9" * 5000}, "days"),
        ({"start": "2026-03-02", "days": 5, "unit": "lunar"}, "unit"),
    ],
)
def test_bad_parameters_are_400_naming_them(anon, db, params, field):
    r = anon.get("/api/v1/calendar/deadline/", params)
    assert r.status_code == 400
    assert field in r.json()
