"""Counting working and calendar days against the published holiday schedule.

A working day is Monday–Friday unless a public holiday, or a weekend day announced as an
adjusted working day (调休上班). Years without published data fall back to the plain week.
"""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

_lock = threading.Lock()
_cache: dict[date, str] | None = None
_loaded_at = 0.0
# Other processes may edit the calendar through the admin; re-read it at least this often.
_TTL_SECONDS = 60.0


def invalidate() -> None:
    global _cache
    with _lock:
        _cache = None


def _exceptions() -> dict[date, str]:
    global _cache, _loaded_at
    with _lock:
        if _cache is not None and time.monotonic() - _loaded_at < _TTL_SECONDS:
            return _cache
    from casework.models import CalendarDay

    data = dict(CalendarDay.objects.values_list("date", "kind"))
    with _lock:
        _cache, _loaded_at = data, time.monotonic()
    return data


def is_working_day(d: date, exceptions: dict[date, str] | None = None) -> bool:
    kind = (_exceptions() if exceptions is None else exceptions).get(d)
    if kind == "holiday":
        return False
    if kind == "workday":
        return True
    return d.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted)."""
    exceptions = _exceptions()  # one calendar for the whole count
    d = start
    remaining = n
    one = timedelta(days=1)
    while remaining > 0:
        d += one
        if is_working_day(d, exceptions):
            remaining -= 1
    return d


def add_calendar_days(start: date, n: int) -> date:
    """start + n calendar days; a period ending on a rest day ends on the next working day
    (民法典 第二百零三条)."""
    d = start + timedelta(days=n)
    while not is_working_day(d):
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
    exceptions = _exceptions()
    return sum(
        1
        for i in range((end - first).days)
        if is_working_day(first + timedelta(days=i), exceptions)
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
