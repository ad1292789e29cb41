from datetime import timedelta

import pytest

from casework import workdays
from casework.actions import case_transition, clock_pause, clock_resume
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import AuditEvent, ClockPause, LegalClock, TimelineEntry


@pytest.fixture
def investigating(wage_case, hrss_officer):
    return case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})


def _investigation(case):
    return LegalClock.objects.get(case=case, code="investigation")


def test_pause_then_resume_is_on_timeline_and_audited(investigating, hrss_officer):
    clock = _investigation(investigating)
    clock_pause(
        actor=hrss_officer,
        case_id=investigating.pk,
        clock_id=clock.pk,
        reason="appraisal",
        note="工资鉴定",
    )
    clock.refresh_from_db()
    assert clock.status == "paused"
    resumed = clock_resume(actor=hrss_officer, case_id=investigating.pk, clock_id=clock.pk)
    assert resumed.status == "running"
    # Paused and resumed on the same day: nothing excluded, the due date is unchanged.
    assert resumed.excluded_units == 0
    assert resumed.due_date == clock.due_date
    verbs = list(TimelineEntry.objects.filter(case=investigating).values_list("verb", flat=True))
    assert verbs[-2:] == ["clock_paused", "clock_resumed"]
    assert AuditEvent.objects.filter(verb="casework.clock.resumed", case=investigating).count() == 1
    investigating.refresh_from_db()
    assert investigating.version == 4  # opened 1, accepted 2, paused 3, resumed 4


def test_pause_excluded_days_counted(investigating, hrss_officer):
    clock = _investigation(investigating)
    clock_pause(actor=hrss_officer, case_id=investigating.pk, clock_id=clock.pk, reason="hearing")
    pause = ClockPause.objects.get(clock=clock)
    pause.started_on = pause.started_on - timedelta(days=14)
    pause.save()
    resumed = clock_resume(actor=hrss_officer, case_id=investigating.pk, clock_id=clock.pk)
    excluded = workdays.count_days(
        pause.started_on, pause.started_on + timedelta(days=14), "working"
    )
    assert excluded >= 8
    assert resumed.excluded_units == excluded
    assert resumed.due_date == workdays.add_working_days(clock.start_date, 60 + excluded)


def test_bad_reason_names_field_and_writes_nothing(investigating, hrss_officer):
    clock = _investigation(investigating)
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        clock_pause(
            actor=hrss_officer, case_id=investigating.pk, clock_id=clock.pk, reason="holiday"
        )
    assert "reason" in exc.value.errors
    assert AuditEvent.objects.count() == before
    assert not ClockPause.objects.exists()


def test_resume_of_running_clock_is_conflict(investigating, hrss_officer):
    clock = _investigation(investigating)
    with pytest.raises(Conflict):
        clock_resume(actor=hrss_officer, case_id=investigating.pk, clock_id=clock.pk)


def test_other_officer_may_not_pause(investigating, hrss_officer2):
    clock = _investigation(investigating)
    with pytest.raises(NotPermitted):
        clock_pause(
            actor=hrss_officer2, case_id=investigating.pk, clock_id=clock.pk, reason="testing"
        )


def test_invisible_case_is_not_found(investigating, other_district_officer):
    clock = _investigation(investigating)
    with pytest.raises(CaseNotFound):
        clock_pause(
            actor=other_district_officer,
            case_id=investigating.pk,
            clock_id=clock.pk,
            reason="testing",
        )


def test_paused_clock_leaves_binding_deadline(investigating, hrss_supervisor):
    clock = _investigation(investigating)
    clock_pause(
        actor=hrss_supervisor, case_id=investigating.pk, clock_id=clock.pk, reason="public_notice"
    )
    investigating.refresh_from_db()
    assert investigating.deadline is None
