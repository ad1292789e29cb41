"""The clocks of the procedure steps are watched like every other: warned by their due day
(80 % of the period), 督办 the day after it, escalated to the parent unit after 5 more
working days, each once; and not at all once their step stopped them."""

from __future__ import annotations

from datetime import date

import pytest

from casework import clocks, workdays
from casework.actions.deadlines import check_deadlines
from casework.models import AlertLevel, ClockAlert
from disputes.wage_arrears.transfer_clocks import (
    MATERIALS_HANDOVER,
    RECONSIDERATION_ANSWER,
    RECONSIDERATION_REQUEST,
    TRANSFER_APPROVAL,
    TRANSFER_DELIVERY,
)
from enforcement.rectification.lead_penalty import PENALTY_DECISION
from enforcement.security_incident.kind import INTAKE_REVIEW

from .conftest import at

pytestmark = pytest.mark.django_db

SPECS = [
    INTAKE_REVIEW,
    TRANSFER_APPROVAL,
    TRANSFER_DELIVERY,
    RECONSIDERATION_REQUEST,
    RECONSIDERATION_ANSWER,
    MATERIALS_HANDOVER,
    PENALTY_DECISION,
]
START = date(2025, 3, 3)  # a Monday, far from any holiday


def _levels(clock) -> set[str]:
    return set(ClockAlert.objects.filter(clock=clock).values_list("level", flat=True))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_warned_overdue_and_escalated(spec, case, lead_supervisor, parent_supervisor):
    clock = clocks.start(case, spec, START)
    due = clock.due_date
    assert due == workdays.add_days(START, spec.days, spec.day_unit)
    # Nothing on the start day.
    check_deadlines(now=at(START))
    assert _levels(clock) == set()
    check_deadlines(now=at(due))
    assert _levels(clock) == {AlertLevel.WARNING}
    check_deadlines(now=at(workdays.add_days(due, 1, "calendar")))
    assert _levels(clock) == {AlertLevel.WARNING, AlertLevel.OVERDUE}
    check_deadlines(now=at(workdays.add_working_days(due, 5)))
    assert _levels(clock) == {
        AlertLevel.WARNING,
        AlertLevel.OVERDUE,
        AlertLevel.ESCALATED_PARENT,
    }
    # Once more: nothing new.
    again = check_deadlines(now=at(workdays.add_working_days(due, 6)))
    assert again[AlertLevel.ESCALATED_PARENT] == again[AlertLevel.OVERDUE] == 0
    assert ClockAlert.objects.filter(clock=clock).count() == 3


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.code)
def test_a_stopped_clock_is_not_watched(spec, case):
    clock = clocks.start(case, spec, START)
    clocks.stop(case, spec.code)
    check_deadlines(now=at(workdays.add_working_days(clock.due_date, 10)))
    assert not ClockAlert.objects.filter(clock=clock).exists()
