"""Fixtures of the deadline-watch tests: a case whose clocks start on chosen days, and the
supervisors of its unit, of its parent unit and of units that must not hear of it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from casework import clocks
from casework.kinds import ClockSpec, Extension
from casework.models import Case, LegalClock
from tests.factories import member, open_wage_case


def at(day: date, hour: int = 12) -> datetime:
    """A moment on `day` in the site's time zone (what `check_deadlines(now=...)` takes)."""
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def start_clock(
    case: Case,
    *,
    start: date,
    days: int,
    unit: str = "working",
    extension: int = 0,
    code: str = "investigation",
) -> LegalClock:
    """A clock of the lead's department whose (made-up) article excludes appraisal and
    hearing time, so that the alert tests can pause it."""
    spec = ClockSpec(
        code=code,
        title="调查处理期限",
        legal_basis="《测试规定》第一条：鉴定、听证期间不计入",
        day_unit=unit,
        days=days,
        exclusions=("appraisal", "hearing"),
        extensions=(Extension(extension, "负责人批准"),) if extension else (),
    )
    return clocks.start(case, spec, start)


@pytest.fixture
def lead_supervisor(org):
    return member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor")


@pytest.fixture
def parent_supervisor(org):
    return member("hrss.supervisor.city", "hrss", "city", "supervisor")


@pytest.fixture
def sibling_supervisor(org):
    return member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")


@pytest.fixture
def market_city_supervisor(org):
    return member("market.supervisor.city", "market", "city", "supervisor")


@pytest.fixture
def officer(org):
    return member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")


@pytest.fixture
def case(org, officer) -> Case:
    """A wage case in xuecheng handled by `officer`, with no clock running yet (the
    acceptance clock its intake starts is stopped so each test starts its own)."""
    c = open_wage_case()
    clocks.stop(c, "acceptance")
    Case.objects.filter(pk=c.pk).update(assignee=officer)
    c.refresh_from_db()
    return c
