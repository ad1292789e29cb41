"""Counting working and calendar days against the holiday calendar.

A working day is Monday–Friday unless a public holiday, or a weekend day announced as an
adjusted working day (调休上班). A year whose State Council notice is loaded
(`HolidayNotice`) counts by its `CalendarDay` rows; any other year by the statutory holidays
of the 办法 (`casework.holidays`), and a date in such a year is provisional (暂定).
"""

from __future__ import annotations

import calendar as calendar_module
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta

from .holidays import statutory_holidays


@dataclass(frozen=True)
class Calendar:
    """One reading of the calendar: the loaded days and the years with a notice."""

    days: dict[date, str]
    published: frozenset[int]

    def kind(self, d: date) -> str | None:
        """'holiday', 'workday' (an adjusted working day) or None (the plain week).

        A loaded day always counts; in a year without a notice, so do the statutory days."""
        kind = self.days.get(d)
        if kind is None and d.year not in self.published and d in statutory_holidays(d.year):
            return "holiday"
        return kind


_lock = threading.Lock()
_cache: Calendar | None = None
_loaded_at = 0.0
# Other processes may edit the calendar through the admin; re-read it at least this often.
_TTL_SECONDS = 60.0


def invalidate() -> None:
    global _cache
    with _lock:
        _cache = None


def calendar() -> Calendar:
    global _cache, _loaded_at
    with _lock:
        if _cache is not None and time.monotonic() - _loaded_at < _TTL_SECONDS:
            return _cache
    from casework.models import CalendarDay, HolidayNotice

    data = Calendar(
        days=dict(CalendarDay.objects.values_list("date", "kind")),
        published=frozenset(HolidayNotice.objects.values_list("year", flat=True)),
    )
    with _lock:
        _cache, _loaded_at = data, time.monotonic()
    return data


def is_provisional(*days: date | None) -> bool:
    """Whether a period over these dates (its start and end) crosses a year whose notice is
    not loaded: its count is then the 办法's alone, and may move when the notice comes."""
    known = [d for d in days if d is not None]
    if not known:
        return False
    published = calendar().published
    return any(y not in published for y in range(min(known).year, max(known).year + 1))


def is_working_day(d: date, cal: Calendar | None = None) -> bool:
    kind = (calendar() if cal is None else cal).kind(d)
    if kind == "holiday":
        return False
    if kind == "workday":
        return True
    return d.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted)."""
    cal = calendar()  # one calendar for the whole count
    d = start
    remaining = n
    one = timedelta(days=1)
    while remaining > 0:
        d += one
        if is_working_day(d, cal):
            remaining -= 1
    return d


def add_calendar_days(start: date, n: int) -> date:
    """start + n calendar days; a period ending on a rest day ends on the next working day
    (民法典 第二百零三条)."""
    d = start + timedelta(days=n)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_months(start: date, months: int) -> date:
    """The last day of a period of `months` months from `start` (民法典 第二百零一条, 第二百零二条):
    the start day is not counted, and the period ends on the day of the last month that
    corresponds to it, or on that month's last day when it has none (31 August + 6 months
    → 28/29 February; 29 February + 3 years → 28 February). No roll-over to a working day:
    a caller whose period is a time to act applies 第二百零三条 itself (`next_working_day`)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = calendar_module.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """The last day of a period of `years` years from `start` (see `add_months`)."""
    return add_months(start, 12 * years)


def next_working_day(d: date) -> date:
    """`d`, or the first working day after it when it is a rest day (民法典 第二百零三条)."""
    cal = calendar()
    while not is_working_day(d, cal):
        d += timedelta(days=1)
    return d


def add_days(start: date, n: int, unit: str) -> date:
    return add_working_days(start, n) if unit == "working" else add_calendar_days(start, n)


def count_days(first: date, end: date, unit: str) -> int:
    """Days of `unit` in [first, end): used for paused time and for days left."""
    if end <= first:
        return 0
    if unit == "calendar":
        return (end - first).days
    cal = calendar()
    return sum(
        1 for i in range((end - first).days) if is_working_day(first + timedelta(days=i), cal)
    )


def days_left(today: date, due: date, unit: str) -> int:
    """Days of `unit` after today up to the due day (0 on the due day); negative: days overdue.

    Today is not counted, like the start day of a period, so a clock started today shows its
    whole period, and both units agree (a working-day count of [today, due] gave one more).
    """
    if due >= today:
        return (
            count_days(today + timedelta(days=1), due + timedelta(days=1), unit)
            if unit == "working"
            else (due - today).days
        )
    return (
        -count_days(due + timedelta(days=1), today + timedelta(days=1), unit)
        if unit == "working"
        else -(today - due).days
    )
