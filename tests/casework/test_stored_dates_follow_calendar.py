"""Dates stored outside the clocks' own arithmetic follow a change of the holiday calendar as
the clocks do: a pending transfer's answer date and a re-inspection date."""

from __future__ import annotations

from datetime import timedelta

from casework import workdays
from casework.actions.transfer import case_transfer_propose
from casework.models import CalendarDay, CaseTransfer, DayKind, LegalClock
from permissions.selectors import unit_for
from tests.enforcement.rectification.walk import Actors, make_market, open_rectification, walk_to
from tests.factories import member


def _next_working_day(day):
    day += timedelta(days=1)
    while not workdays.is_working_day(day):
        day += timedelta(days=1)
    return day


def test_a_pending_transfers_answer_date_moves_with_a_new_holiday(
    wage_case, hrss_supervisor, django_capture_on_commit_callbacks
):
    shizhong = unit_for("hrss", "shizhong")
    case_transfer_propose(
        actor=hrss_supervisor,
        case_id=wage_case.pk,
        to_unit_id=shizhong.pk,
        kind="reassign_jurisdiction",
        reason="用人单位注册地在市中区",
    )
    transfer = CaseTransfer.objects.get(case=wage_case)
    due = transfer.due_on
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=due, kind=DayKind.HOLIDAY, name="临时假日")
    transfer.refresh_from_db()
    assert transfer.due_on == _next_working_day(due) > due


def test_a_reinspection_date_is_recounted_from_its_deadline(
    org, django_capture_on_commit_callbacks
):
    market = make_market()
    actors = Actors(
        officer=member("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        supervisor=member("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        market_officer=member("market.officer.xuecheng", "market", "xuecheng", "officer"),
        market_supervisor=member("market.supervisor.xuecheng", "market", "xuecheng", "supervisor"),
    )
    case = walk_to(open_rectification(actors.officer, market), "reinspection", actors)
    clock = LegalClock.objects.get(case=case, code="reinspection")
    deadline = clock.start_date  # the rectification deadline is the clock's start event
    before = clock.due_date
    assert before == workdays.add_working_days(deadline, 5)
    # A holiday declared inside the five working days after the deadline moves it by one.
    inside = workdays.add_working_days(deadline, 2)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=inside, kind=DayKind.HOLIDAY, name="临时假日")
    clock.refresh_from_db()
    assert clock.due_date == _next_working_day(before)
    assert clock.due_date == workdays.add_working_days(deadline, 5)
    assert case.__class__.objects.get(pk=case.pk).deadline <= clock.due_date
