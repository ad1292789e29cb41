"""Legal clocks: start, pause and resume, the one extension, recomputation after a calendar
edit, several clocks per case with the binding one first, days left and overdue.

Dates are worked out by hand from the published 2025 schedule (National Day: 10-1..10-8
off; Sunday 9-28 and Saturday 10-11 worked).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework import clocks, workdays
from casework.actions import case_transition, clock_pause, clock_resume
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import ClockSpec, Extension
from casework.models import AuditEvent, CalendarDay, Case, ClockPause, LegalClock, TimelineEntry
from casework.presenters import clocks_for

from ..clock_specs import start_pausable

D = date.fromisoformat

TEN_WORKING = ClockSpec(
    code="test_working",
    title="十个工作日",
    legal_basis="测试",
    day_unit="working",
    days=10,
    exclusions=("appraisal", "testing", "hearing", "public_notice"),
    extensions=(Extension(30, "负责人批准"),),
)
FIFTEEN_CALENDAR = ClockSpec(
    code="test_calendar",
    title="十五日",
    legal_basis="测试",
    day_unit="calendar",
    days=15,
    exclusions=("appraisal", "testing"),
)
NO_EXTENSION = ClockSpec(
    code="test_fixed_period",
    title="五个工作日",
    legal_basis="测试",
    day_unit="working",
    days=5,
    exclusions=("hearing",),
)


def _set_deadline(case) -> None:
    Case.objects.filter(pk=case.pk).update(deadline=clocks.binding_deadline(case))


def _fresh(clock: LegalClock) -> LegalClock:
    return LegalClock.objects.get(pk=clock.pk)


def test_start_counts_from_the_day_after(wage_case):
    # Monday 9-22 + 10 working days: 23, 24, 25, 26, Sun 28, 29, 30, 10-9, 10-10, Sat 10-11.
    clock = clocks.start(wage_case, TEN_WORKING, D("2025-09-22"))
    assert clock.due_date == D("2025-10-11")
    assert clock.status == "running" and not clock.extended
    assert (clock.title, clock.legal_basis, clock.day_unit) == ("十个工作日", "测试", "working")
    assert clocks.compute_due(clock) == D("2025-10-11")
    # 15 calendar days from 9-16 end on 10-1, a holiday: the period ends on 10-9.
    cal = clocks.start(wage_case, FIFTEEN_CALENDAR, D("2025-09-16"))
    assert cal.due_date == D("2025-10-09")


def test_pause_and_resume_exclude_the_paused_working_days(wage_case):
    clock = clocks.start(wage_case, TEN_WORKING, D("2025-09-22"))
    assert clocks.pause(
        wage_case, clock.code, reason="appraisal", note="工资鉴定", on=D("2025-09-24")
    )
    clock = _fresh(clock)
    assert clock.status == "paused"
    # A second pause of a paused clock is a no-op.
    assert clocks.pause(wage_case, clock.code, reason="hearing", on=D("2025-09-25")) is None
    assert ClockPause.objects.filter(clock=clock).count() == 1

    clock = clocks.resume(wage_case, clock.code, on=D("2025-09-26"))
    # Paused Wednesday 9-24 and Thursday 9-25: two working days excluded, so the tenth
    # working day moves from Saturday 10-11 by two: Monday 10-13 and Tuesday 10-14.
    assert clock.status == "running"
    assert clock.excluded_units == 2
    assert clock.due_date == D("2025-10-14")
    pause = ClockPause.objects.get(clock=clock)
    assert (pause.reason, pause.note, pause.started_on, pause.ended_on) == (
        "appraisal",
        "工资鉴定",
        D("2025-09-24"),
        D("2025-09-26"),
    )
    assert clocks.resume(wage_case, clock.code, on=D("2025-09-29")) is None

    # A second pause over the National Day week loses only its working days (9-30).
    clocks.pause(wage_case, clock.code, reason="public_notice", on=D("2025-09-30"))
    clock = clocks.resume(wage_case, clock.code, on=D("2025-10-09"))
    assert clock.excluded_units == 3
    assert clock.due_date == D("2025-10-15")


def test_pause_of_a_calendar_clock_excludes_calendar_days(wage_case):
    # 9-1 + 15 = 9-16 (Tuesday).
    clock = clocks.start(wage_case, FIFTEEN_CALENDAR, D("2025-09-01"))
    assert clock.due_date == D("2025-09-16")
    clocks.pause(wage_case, clock.code, reason="testing", on=D("2025-09-05"))
    clock = clocks.resume(wage_case, clock.code, on=D("2025-09-08"))
    assert clock.excluded_units == 3
    assert clock.due_date == D("2025-09-19")


def test_open_pause_counts_up_to_today(wage_case):
    today = timezone.localdate()
    start = today - timedelta(days=30)
    clock = clocks.start(wage_case, FIFTEEN_CALENDAR, start)
    clocks.pause(wage_case, clock.code, reason="appraisal", on=today - timedelta(days=10))
    clock = LegalClock.objects.prefetch_related("pauses").get(pk=clock.pk)
    assert clocks.compute_due(clock, today=today) == workdays.add_calendar_days(start, 25)


def test_one_extension_only(wage_case):
    clock = clocks.start(wage_case, TEN_WORKING, D("2025-09-01"))
    assert clocks.can_extend(wage_case, clock.code)
    clock = clocks.extend(wage_case, clock.code)
    # 10 + 30 = 40 working days from Monday 9-1: Friday 10-31.
    assert clock.extended and clock.due_date == D("2025-10-31")
    assert not clocks.can_extend(wage_case, clock.code)
    assert clocks.extend(wage_case, clock.code) is None
    assert _fresh(clock).due_date == D("2025-10-31")
    other = clocks.start(wage_case, NO_EXTENSION, D("2025-09-01"))
    assert not clocks.can_extend(wage_case, other.code)
    assert clocks.extend(wage_case, other.code) is None


def test_extension_and_pause_add_up(wage_case):
    clock = clocks.start(wage_case, TEN_WORKING, D("2025-09-01"))
    clocks.pause(wage_case, clock.code, reason="hearing", on=D("2025-09-08"))
    clocks.resume(wage_case, clock.code, on=D("2025-09-15"))  # five working days
    clock = clocks.extend(wage_case, clock.code)
    assert clock.due_date == workdays.add_working_days(D("2025-09-01"), 45)
    # 41..45 after 10-31: 11-3 .. 11-7.
    assert clock.due_date == D("2025-11-07")


def test_stop_ends_only_open_clocks_of_the_case(wage_case):
    a = clocks.start(wage_case, TEN_WORKING, D("2025-09-22"))
    assert clocks.stop(wage_case, TEN_WORKING.code) == 1
    assert _fresh(a).status == "stopped" and _fresh(a).stopped_at is not None
    assert clocks.stop(wage_case, TEN_WORKING.code) == 0
    assert clocks.running(wage_case, TEN_WORKING.code) is None


# --- the calendar is data: editing it recomputes open clocks -----------------------------


def test_recompute_open_clocks_after_a_calendar_edit(wage_case, django_capture_on_commit_callbacks):
    running = clocks.start(wage_case, TEN_WORKING, D("2025-09-22"))
    stopped = clocks.start(wage_case, NO_EXTENSION, D("2025-09-22"))
    clocks.stop(wage_case, NO_EXTENSION.code)
    calendar_clock = clocks.start(wage_case, FIFTEEN_CALENDAR, D("2025-09-13"))
    _set_deadline(wage_case)
    assert running.due_date == D("2025-10-11")
    assert _fresh(stopped).due_date == D("2025-09-28")
    assert calendar_clock.due_date == D("2025-09-28")  # Sunday, but an adjusted working day
    assert Case.objects.get(pk=wage_case.pk).deadline == D("2025-09-28")

    # The admin declares Monday 9-29 and Sunday 9-28 days off (an edit of the published data).
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=D("2025-09-29"), kind="holiday", name="临时调整")
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.filter(date=D("2025-09-28")).update(kind="holiday")
        # A queryset update sends no signal: the admin saves instances, which do.
        CalendarDay.objects.get(date=D("2025-09-28")).save()

    # 23, 24, 25, 26, 30, 10-9, 10-10, 10-11, 10-13, 10-14.
    assert _fresh(running).due_date == D("2025-10-14")
    assert _fresh(stopped).due_date == D("2025-09-28")  # stopped clocks keep their date
    # 9-28 is now a rest day, 9-29 too, 9-30 works.
    assert _fresh(calendar_clock).due_date == D("2025-09-30")
    assert Case.objects.get(pk=wage_case.pk).deadline == D("2025-09-30")

    # Deleting the edit puts the dates back.
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.get(date=D("2025-09-29")).delete()
        day = CalendarDay.objects.get(date=D("2025-09-28"))
        day.kind = "workday"
        day.save()
    assert _fresh(running).due_date == D("2025-10-11")
    assert _fresh(calendar_clock).due_date == D("2025-09-28")
    assert Case.objects.get(pk=wage_case.pk).deadline == D("2025-09-28")


def test_an_extra_working_saturday_brings_the_date_forward(wage_case):
    clock = clocks.start(wage_case, TEN_WORKING, D("2025-09-22"))
    CalendarDay.objects.create(date=D("2025-09-27"), kind="workday", name="调休")
    assert clocks.recompute_open_clocks() == 1
    # 23, 24, 25, 26, 27, 28, 29, 30, 10-9, 10-10.
    assert _fresh(clock).due_date == D("2025-10-10")


# --- several clocks per case -------------------------------------------------------------


def test_clocks_for_puts_the_binding_clock_first(wage_case, hrss_officer, hrss_supervisor):
    today = timezone.localdate()
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept")
    case = case_transition(
        actor=hrss_supervisor,
        case_id=case.pk,
        name="transfer_to_police",
        data={"reason": "涉嫌拒不支付劳动报酬罪"},
    )
    views = clocks_for(case)
    # The investigation runs on while the police examine the transfer: §17 excludes nothing.
    assert [(v.clock.code, v.clock.status) for v in views] == [
        ("transfer_answer", "running"),
        ("investigation", "running"),
        ("acceptance", "stopped"),
    ]
    answer, investigation, acceptance = views
    assert answer.days_left == workdays.days_left(today, answer.clock.due_date, "calendar")
    assert answer.days_left >= 3 and not answer.overdue and not answer.paused
    assert not investigation.paused and not investigation.overdue
    assert investigation.days_left == workdays.days_left(
        today, investigation.clock.due_date, "working"
    )
    assert acceptance.days_left is None and not acceptance.overdue
    assert str(answer.unit_label) == "自然日" and str(investigation.unit_label) == "工作日"
    assert (
        Case.objects.get(pk=case.pk).deadline
        == answer.clock.due_date
        == (clocks.binding_deadline(case))
    )


def test_days_left_and_overdue_in_views(wage_case):
    clock = clocks.start(wage_case, NO_EXTENSION, D("2025-10-01"))
    # 10-9, 10-10, Sat 10-11, 10-13, 10-14.
    assert clock.due_date == D("2025-10-14")

    def view(today):
        return clocks.views_for([_fresh(clock)], today=D(today))[0]

    assert (view("2025-10-01").days_left, view("2025-10-01").overdue) == (5, False)
    assert (view("2025-10-13").days_left, view("2025-10-13").overdue) == (1, False)
    assert (view("2025-10-14").days_left, view("2025-10-14").overdue) == (0, False)
    assert (view("2025-10-15").days_left, view("2025-10-15").overdue) == (-1, True)
    assert (view("2025-10-20").days_left, view("2025-10-20").overdue) == (-4, True)
    clocks.pause(wage_case, clock.code, reason="hearing", on=D("2025-10-13"))
    # A paused clock is not overdue, whatever the date.
    assert view("2025-10-20").overdue is False and view("2025-10-20").paused


def test_binding_deadline_ignores_paused_and_stopped_clocks(wage_case):
    a = clocks.start(wage_case, TEN_WORKING, D("2025-09-22"))  # 10-11
    clocks.start(wage_case, FIFTEEN_CALENDAR, D("2025-09-22"))  # 10-7 -> 10-9
    acceptance_due = clocks.running(wage_case, "acceptance").due_date
    assert clocks.binding_deadline(wage_case) == D("2025-10-09")
    clocks.stop(wage_case, FIFTEEN_CALENDAR.code)
    assert clocks.binding_deadline(wage_case) == D("2025-10-11")
    clocks.pause(wage_case, a.code, reason="hearing", on=D("2025-09-23"))
    assert clocks.binding_deadline(wage_case) == acceptance_due


# --- pausing through the action ----------------------------------------------------------


@pytest.fixture
def investigating(wage_case, hrss_officer):
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept")
    start_pausable(case)
    return case


def test_clock_pause_and_resume_actions(investigating, hrss_officer, hrss_supervisor):
    case = investigating
    clock = clocks.running(case, "review")
    events = AuditEvent.objects.count()
    paused = clock_pause(
        actor=hrss_officer,
        case_id=case.pk,
        code=clock.code,
        reason="appraisal",
        note="委托工资核算鉴定",
        version=case.version,
    )
    assert paused.status == "paused"
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-id").first().verb == "casework.clock.paused"
    assert TimelineEntry.objects.filter(case=case, verb="clock_paused").count() == 1
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == case.version + 1
    # The paused clock no longer binds: the investigation's date does.
    assert fresh.deadline == clocks.running(case, "investigation").due_date
    with pytest.raises(Conflict):
        clock_pause(actor=hrss_supervisor, case_id=case.pk, code=clock.code, reason="hearing")
    resumed = clock_resume(actor=hrss_supervisor, case_id=case.pk, code=clock.code)
    assert resumed.status == "running"
    assert resumed.due_date == clock.due_date  # resumed the same day: nothing excluded
    assert Case.objects.get(pk=case.pk).deadline == clock.due_date
    entry = TimelineEntry.objects.filter(case=case, verb="clock_resumed").get()
    assert "扣除中止期间0天" in entry.text


def test_clock_pause_refusals_write_nothing(
    investigating, hrss_officer, hrss_officer2, city_viewer, other_district_officer
):
    case = investigating
    clock = clocks.running(case, "review")
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        clock_pause(actor=hrss_officer, case_id=case.pk, code=clock.code, reason="holiday")
    assert "reason" in exc.value.errors
    with pytest.raises(NotPermitted):
        clock_pause(actor=hrss_officer2, case_id=case.pk, code=clock.code, reason="hearing")
    with pytest.raises(NotPermitted):
        clock_pause(actor=city_viewer, case_id=case.pk, code=clock.code, reason="hearing")
    with pytest.raises(CaseNotFound):
        clock_pause(
            actor=other_district_officer, case_id=case.pk, code=clock.code, reason="hearing"
        )
    with pytest.raises(Conflict):
        clock_pause(
            actor=hrss_officer,
            case_id=case.pk,
            code=clock.code,
            reason="hearing",
            version=case.version - 1,
        )
    assert AuditEvent.objects.count() == events
    assert _fresh(clock).status == "running"


def test_a_transition_sets_the_deadline_from_the_clocks_it_leaves_running(
    wage_case, hrss_officer, hrss_supervisor
):
    from casework.actions import case_transition

    fired = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})
    stored = Case.objects.get(pk=wage_case.pk).deadline
    assert fired.deadline == stored == clocks.binding_deadline(wage_case)
    assert stored is not None  # the investigation clock
    fired = case_transition(
        actor=hrss_officer,
        case_id=wage_case.pk,
        name="propose_closure",
        data={"summary": "已支付", "amount_recovered": "5000"},
    )
    fired = case_transition(
        actor=hrss_supervisor, case_id=wage_case.pk, name="approve_closure", data={}
    )
    # Closed: no clock runs, so no deadline.
    assert fired.deadline is None
    assert Case.objects.get(pk=wage_case.pk).deadline is None
