"""Working and calendar days against the State Council's published 2025 and 2026 schedules
(国务院办公厅关于2025年/2026年部分节假日安排的通知), seeded from fixtures/holidays_2025_2026.csv.

Expected dates below are worked out by hand from the published schedule, not from the code.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework import workdays
from casework.models import CalendarDay

D = date.fromisoformat


def test_the_seeded_calendar_is_the_published_schedule(db):
    def days(year, kind):
        return CalendarDay.objects.filter(date__year=year, kind=kind).count()

    # 2025: 元旦 1 + 春节 8 + 清明 3 + 劳动节 5 + 端午 3 + 国庆中秋 8 = 28 days off;
    # adjusted working days 1-26, 2-8, 4-27, 9-28, 10-11.
    assert days(2025, "holiday") == 28
    assert set(
        CalendarDay.objects.filter(date__year=2025, kind="workday").values_list("date", flat=True)
    ) == {D("2025-01-26"), D("2025-02-08"), D("2025-04-27"), D("2025-09-28"), D("2025-10-11")}
    # 2026: 元旦 3 + 春节 9 + 清明 3 + 劳动节 5 + 端午 3 + 中秋 3 + 国庆 7 = 33 days off;
    # adjusted working days 1-4, 2-14, 2-28, 5-9, 9-20, 10-10.
    assert days(2026, "holiday") == 33
    assert set(
        CalendarDay.objects.filter(date__year=2026, kind="workday").values_list("date", flat=True)
    ) == {
        D("2026-01-04"),
        D("2026-02-14"),
        D("2026-02-28"),
        D("2026-05-09"),
        D("2026-09-20"),
        D("2026-10-10"),
    }


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-09-26", True),  # Friday
        ("2025-09-27", False),  # Saturday
        ("2025-09-28", True),  # Sunday, adjusted working day (国庆节调休)
        ("2025-10-01", False),
        ("2025-10-06", False),  # 中秋节 (Monday)
        ("2025-10-08", False),  # Wednesday, last day of the holiday
        ("2025-10-09", True),
        ("2025-10-11", True),  # Saturday, adjusted working day
        ("2025-10-12", False),
        ("2025-01-26", True),  # Sunday before the 2025 Spring Festival
        ("2025-02-04", False),
        ("2025-02-08", True),  # Saturday after it
        ("2026-01-02", False),
        ("2026-01-04", True),  # Sunday, 元旦调休
        ("2026-02-14", True),  # Saturday before the 2026 Spring Festival
        ("2026-02-15", False),
        ("2026-02-23", False),  # Monday, 正月初七
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday after it
        ("2026-03-01", False),  # a plain Sunday
        ("2026-06-19", False),  # 端午节 (Friday)
        ("2026-09-20", True),  # Sunday, 国庆节调休
        ("2026-09-25", False),  # 中秋节 (Friday)
        ("2026-10-07", False),
        ("2026-10-10", True),  # Saturday, adjusted working day
    ],
)
def test_is_working_day(day, working, db):
    assert workdays.is_working_day(D(day)) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Friday + 5: Sun 9-28 (adjusted) 1, Mon 2, Tue 3, [10-1..10-8 off], Thu 10-9 4, Fri 5.
        ("2025-09-26", 5, "2025-10-10"),
        ("2025-09-26", 6, "2025-10-11"),  # the adjusted Saturday counts
        ("2025-09-26", 7, "2025-10-13"),
        ("2025-09-27", 1, "2025-09-28"),
        ("2025-09-30", 1, "2025-10-09"),
        # 2026 Spring Festival: 2-14 (Sat) works, 2-15..2-23 off, 2-28 (Sat) works.
        ("2026-02-12", 1, "2026-02-13"),
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-02-12", 3, "2026-02-24"),
        ("2026-02-27", 1, "2026-02-28"),
        ("2026-02-28", 1, "2026-03-02"),
        # 2025 Spring Festival: 1-26 (Sun) works, 1-28..2-4 off.
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-27", 1, "2025-02-05"),
        # The start day is never counted, working day or not.
        ("2025-03-10", 1, "2025-03-11"),
        ("2025-03-14", 1, "2025-03-17"),
        ("2025-03-15", 1, "2025-03-17"),
        ("2025-03-10", 0, "2025-03-10"),
        # New Year 2026: 1-1..1-3 off, 1-4 (Sun) works.
        ("2025-12-31", 1, "2026-01-04"),
        # 60 working days of an investigation from Monday 2025-09-01 (counted by hand over
        # the National Day week), and the +30 of its one extension, across New Year 2026.
        ("2025-09-01", 60, "2025-11-28"),
        ("2025-09-01", 90, "2026-01-12"),
        ("2025-09-01", 40, "2025-10-31"),
    ],
)
def test_add_working_days(start, n, expected, db):
    assert workdays.add_working_days(D(start), n) == D(expected)
    assert workdays.add_days(D(start), n, "working") == D(expected)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-03-10", 3, "2025-03-13"),  # Thursday: no rollover
        ("2025-03-12", 3, "2025-03-17"),  # Saturday 3-15 rolls to Monday (民法典 §203)
        ("2025-09-28", 3, "2025-10-09"),  # 10-1 is a holiday: rolls past the whole week
        ("2026-02-11", 3, "2026-02-14"),  # an adjusted working Saturday is not a rest day
        ("2026-02-12", 3, "2026-02-24"),  # 2-15 falls in the Spring Festival
        ("2025-12-29", 3, "2026-01-04"),  # 1-1 holiday, 1-4 the adjusted Sunday
        ("2025-09-16", 15, "2025-10-09"),  # a 15-day mediation period ending on 10-1
        ("2026-09-17", 3, "2026-09-20"),  # nor is an adjusted working Sunday
        ("2026-09-22", 3, "2026-09-28"),  # 9-25..9-27 (中秋节) off: ends Monday 9-28
    ],
)
def test_add_calendar_days_rolls_off_rest_days(start, n, expected, db):
    assert workdays.add_calendar_days(D(start), n) == D(expected)
    assert workdays.add_days(D(start), n, "calendar") == D(expected)


def test_count_days(db):
    # [9-27, 10-11): 9-28, 9-29, 9-30, 10-9, 10-10 are the working days.
    assert workdays.count_days(D("2025-09-27"), D("2025-10-11"), "working") == 5
    assert workdays.count_days(D("2025-09-27"), D("2025-10-11"), "calendar") == 14
    assert workdays.count_days(D("2025-10-11"), D("2025-09-27"), "working") == 0
    assert workdays.count_days(D("2026-02-14"), D("2026-03-01"), "working") == 6


@pytest.mark.parametrize(
    ("today", "due", "unit", "left"),
    [
        ("2025-03-10", "2025-03-14", "working", 4),  # Mon -> Fri
        ("2025-03-10", "2025-03-14", "calendar", 4),
        ("2025-03-14", "2025-03-14", "working", 0),  # the due day itself
        ("2025-03-14", "2025-03-14", "calendar", 0),
        ("2025-03-15", "2025-03-14", "calendar", -1),
        ("2025-03-15", "2025-03-14", "working", 0),  # no working day lost yet on Saturday
        ("2025-03-17", "2025-03-14", "working", -1),
        ("2025-03-17", "2025-03-14", "calendar", -3),
        ("2025-09-26", "2025-10-10", "working", 5),  # across the National Day week
        ("2025-10-13", "2025-09-30", "working", -4),  # 10-9, 10-10, 10-11, 10-13
    ],
)
def test_days_left(today, due, unit, left, db):
    assert workdays.days_left(D(today), D(due), unit) == left


def test_a_period_started_today_shows_its_whole_length(db):
    start = D("2025-09-26")
    assert workdays.days_left(start, workdays.add_working_days(start, 5), "working") == 5
    assert workdays.days_left(start, workdays.add_calendar_days(start, 3), "calendar") >= 3


def test_an_admin_edit_is_seen_without_waiting_for_the_cache(db):
    assert workdays.is_working_day(D("2025-03-12"))
    CalendarDay.objects.create(date=D("2025-03-12"), kind="holiday", name="临时")
    assert not workdays.is_working_day(D("2025-03-12"))
    CalendarDay.objects.filter(date=D("2025-03-12")).get().delete()
    assert workdays.is_working_day(D("2025-03-12"))


# --- properties --------------------------------------------------------------------------

dates = st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 6, 30))
PROPS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPS
@given(d=dates, n=st.integers(min_value=1, max_value=120))
def test_add_working_days_properties(db, d, n):
    result = workdays.add_working_days(d, n)
    assert result > d
    assert workdays.is_working_day(result)
    # Exactly n working days in (d, result].
    assert workdays.count_days(d + timedelta(days=1), result + timedelta(days=1), "working") == n
    assert workdays.days_left(d, result, "working") == n


@PROPS
@given(d=dates, n=st.integers(min_value=0, max_value=60))
def test_add_calendar_days_properties(db, d, n):
    result = workdays.add_calendar_days(d, n)
    assert result >= d + timedelta(days=n)
    assert workdays.is_working_day(result)
    # It rolled only over rest days: every day from d+n to the day before result is one.
    day = d + timedelta(days=n)
    while day < result:
        assert not workdays.is_working_day(day)
        day += timedelta(days=1)
