"""Two (and more) runs of the deadline watch at once — the in-process scheduler of one
server and a `manage.py check_deadlines` started by hand, or two servers' schedulers —
raise each alert once: the unique (clock, level) constraint decides, in a savepoint."""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from casework import workdays
from casework.actions.deadlines import check_deadlines
from casework.audit import verify_chain
from casework.models import AlertLevel, AuditEvent, CalendarDay, ClockAlert, Notification
from permissions.services import load_departments

from .conftest import at, start_clock

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
THREADS = 6


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    # A transactional test starts from what the previous one left (its flush empties the
    # tables the migrations filled): load the departments and the holiday calendar.
    load_departments(FIXTURES / "departments.csv")
    with (FIXTURES / "holidays_2025_2026.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            CalendarDay.objects.update_or_create(
                date=date.fromisoformat(row["date"]),
                defaults={"kind": row["kind"], "name": row["name"]},
            )
    workdays.invalidate()
    yield
    workdays.invalidate()


def race(day: date) -> list[object]:
    barrier = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[i] = check_deadlines(now=at(day))
        except BaseException as exc:  # collected and asserted on below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a run hung"
    return results


def test_concurrent_runs_raise_each_alert_once(case, lead_supervisor, parent_supervisor):
    clock = start_clock(case, start=date(2025, 3, 3), days=5)
    for day, level in (
        (date(2025, 3, 7), AlertLevel.WARNING),
        (date(2025, 3, 11), AlertLevel.OVERDUE),
        (date(2025, 3, 17), AlertLevel.ESCALATED_PARENT),
    ):
        results = race(day)
        errors = [r for r in results if not isinstance(r, dict)]
        assert errors == []
        assert sum(r[level] for r in results) == 1, level
        assert ClockAlert.objects.filter(clock=clock, level=level).count() == 1
    assert ClockAlert.objects.filter(clock=clock).count() == 3
    by_type = {
        t: Notification.objects.filter(type=t).count()
        for t in ("deadline.warning", "deadline.overdue", "deadline.escalated")
    }
    # Warning: the officer; overdue: the officer and the lead supervisor; escalation: the
    # parent's and the lead unit's supervisors — each exactly once.
    assert by_type == {"deadline.warning": 1, "deadline.overdue": 2, "deadline.escalated": 2}
    assert AuditEvent.objects.filter(verb__startswith="casework.deadline.").count() == 3
    assert verify_chain().ok
