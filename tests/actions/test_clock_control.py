from datetime import timedelta

import pytest

from casework import workdays
from casework.actions import case_transition, clock_pause, clock_resume
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import AuditEvent, ClockPause, LegalClock, TimelineEntry

from ..clock_specs import start_pausable


@pytest.fixture
def investigating(wage_case, hrss_officer):
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})
    start_pausable(case)
    return case


def _investigation(case):
    return LegalClock.objects.get(case=case, code="review")


def test_pause_then_resume_is_on_timeline_and_audited(investigating, hrss_officer):
    clock = _investigation(investigating)
    clock_pause(
        actor=hrss_officer,
        case_id=investigating.pk,
        code=clock.code,
        reason="appraisal",
        note="工资鉴定",
    )
    clock.refresh_from_db()
    assert clock.status == "paused"
    resumed = clock_resume(actor=hrss_officer, case_id=investigating.pk, code=clock.code)
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
    clock_pause(actor=hrss_officer, case_id=investigating.pk, code=clock.code, reason="hearing")
    pause = ClockPause.objects.get(clock=clock)
    pause.started_on = pause.started_on - timedelta(days=14)
    pause.save()
    resumed = clock_resume(actor=hrss_officer, case_id=investigating.pk, code=clock.code)
    excluded = workdays.count_days(
        pause.started_on, pause.started_on + timedelta(days=14), "working"
    )
    assert excluded >= 8
    assert resumed.excluded_units == excluded
    assert resumed.due_date == workdays.add_working_days(clock.start_date, 10 + excluded)


def test_bad_reason_names_field_and_writes_nothing(investigating, hrss_officer):
    clock = _investigation(investigating)
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        clock_pause(actor=hrss_officer, case_id=investigating.pk, code=clock.code, reason="holiday")
    assert "reason" in exc.value.errors
    assert AuditEvent.objects.count() == before
    assert not ClockPause.objects.exists()


def test_resume_of_running_clock_is_conflict(investigating, hrss_officer):
    clock = _investigation(investigating)
    with pytest.raises(Conflict):
        clock_resume(actor=hrss_officer, case_id=investigating.pk, code=clock.code)


def test_other_officer_may_not_pause(investigating, hrss_officer2):
    clock = _investigation(investigating)
    with pytest.raises(NotPermitted):
        clock_pause(
            actor=hrss_officer2, case_id=investigating.pk, code=clock.code, reason="testing"
        )


def test_invisible_case_is_not_found(investigating, other_district_officer):
    clock = _investigation(investigating)
    with pytest.raises(CaseNotFound):
        clock_pause(
            actor=other_district_officer,
            case_id=investigating.pk,
            code=clock.code,
            reason="testing",
        )


def test_paused_clock_leaves_binding_deadline(investigating, hrss_supervisor):
    clock = _investigation(investigating)
    clock_pause(
        actor=hrss_supervisor, case_id=investigating.pk, code=clock.code, reason="public_notice"
    )
    investigating.refresh_from_db()
    investigation = LegalClock.objects.get(case=investigating, code="investigation")
    assert investigation.due_date > clock.due_date
    assert investigating.deadline == investigation.due_date


@pytest.mark.parametrize("code", ["investigation", "acceptance"])
def test_a_clock_whose_article_excludes_nothing_cannot_be_paused(
    wage_case, hrss_officer, hrss_supervisor, code
):
    case = wage_case
    if code == "investigation":
        case = case_transition(actor=hrss_officer, case_id=case.pk, name="accept", data={})
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as exc:
        clock_pause(actor=hrss_supervisor, case_id=case.pk, code=code, reason="appraisal")
    text = str(exc.value.errors["reason"])
    article = "第十七条" if code == "investigation" else "第十八条"
    assert article in text and "不能中止" in text
    assert AuditEvent.objects.count() == before
    assert not ClockPause.objects.exists()
    assert LegalClock.objects.get(case=case, code=code).status == "running"


def test_a_reason_the_article_lacks_is_refused_citing_it(investigating, hrss_officer):
    clock = _investigation(investigating)
    with pytest.raises(InvalidInput) as exc:
        clock_pause(
            actor=hrss_officer, case_id=investigating.pk, code=clock.code, reason="suspension"
        )
    text = str(exc.value.errors["reason"])
    assert "《测试规定》第一条" in text and "中止" in text and "鉴定" in text
    assert not ClockPause.objects.exists()


def test_the_pause_records_its_basis(investigating, hrss_officer):
    clock = _investigation(investigating)
    clock_pause(actor=hrss_officer, case_id=investigating.pk, code=clock.code, reason="testing")
    assert ClockPause.objects.get(clock=clock).basis == "《测试规定》第一条"
    event = AuditEvent.objects.get(verb="casework.clock.paused", case=investigating)
    assert event.payload["basis"] == "《测试规定》第一条"


def test_an_unknown_clock_code_is_not_found(investigating, hrss_officer):
    with pytest.raises(CaseNotFound):
        clock_pause(actor=hrss_officer, case_id=investigating.pk, code="nap", reason="testing")
