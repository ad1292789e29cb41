"""Who sees a security incident, and its handling clock (治安管理处罚法 第九十九条): 30
calendar days from 受案, +30 approved by the higher police unit, appraisal time excluded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework import clocks, workdays
from casework.actions import available_transitions, case_transition, clock_pause, clock_resume
from casework.errors import CaseNotFound, Conflict
from casework.models import Case, ClockPause, LegalClock, Notification
from casework.policies import case_policy
from casework.selectors import approvals_for, case_get_for_user, case_list_for_user
from tests.disputes.walk import snapshot
from tests.factories import member

from .walk import fire, walk_to

D = date.fromisoformat


def _handling(case) -> LegalClock:
    return LegalClock.objects.get(case=case, code="handling")


# --- who sees ------------------------------------------------------------------------------


def test_police_lead_unit_and_city_police_see_it(incident, actors, city_viewer):
    city_police_viewer = member("police.viewer.city", "police", "city", "viewer")
    for user in (actors.officer, actors.supervisor, actors.parent, city_police_viewer):
        assert case_policy.can(user, "view", incident), user.username
        assert case_get_for_user(user, incident.pk).pk == incident.pk
        assert incident.pk in set(case_list_for_user(user).values_list("pk", flat=True))


def test_hrss_and_other_districts_do_not_see_it(
    incident, hrss_officer, hrss_supervisor, city_viewer, market_officer
):
    other_police = member("police.officer.shizhong", "police", "shizhong", "officer")
    other_supervisor = member("police.supervisor.shizhong", "police", "shizhong", "supervisor")
    for user in (
        hrss_officer,
        hrss_supervisor,
        city_viewer,
        market_officer,
        other_police,
        other_supervisor,
    ):
        assert not case_policy.can(user, "view", incident), user.username
        with pytest.raises(CaseNotFound):
            case_get_for_user(user, incident.pk)
        assert not case_list_for_user(user).filter(pk=incident.pk).exists()


def test_invisible_incident_is_not_found_for_a_transition(incident, actors):
    outsider = member("police.officer.shizhong", "police", "shizhong", "officer")
    before = snapshot(incident)
    with pytest.raises(CaseNotFound):
        case_transition(actor=outsider, case_id=incident.pk, name="dispatch", data={})
    assert snapshot(incident) == before


# --- the handling clock --------------------------------------------------------------------


def test_handling_clock_starts_at_case_opening(incident, actors):
    assert not LegalClock.objects.filter(case=incident, code="handling").exists()
    case = walk_to(incident, "case_opened", actors)
    clock = _handling(case)
    today = timezone.localdate()
    assert (clock.day_unit, clock.days, clock.extension_days) == ("calendar", 30, 30)
    assert clock.start_date == today
    assert clock.due_date == workdays.add_days(today, 30, "calendar")
    # The revised 治安管理处罚法 in force since 2026-01-01, not the 2012 §99.
    assert (
        "（2025年修订）第一百二十条" in clock.legal_basis and "第九十九条" not in clock.legal_basis
    )
    assert clock.exclusions == ["appraisal", "hearing"] and clock.owner == "police"
    assert [e["days"] for e in clock.extensions_allowed] == [30, 30]
    assert case.deadline == clock.due_date


def test_thirty_calendar_days_roll_over_a_rest_day(incident, actors):
    case = walk_to(incident, "case_opened", actors)
    clock = _handling(case)
    # Opened Monday 2025-09-01: day 30 is 10-01, National Day; the period ends on the next
    # working day, 10-09 (民法典 第二百零三条).
    clock.start_date = D("2025-09-01")
    assert clocks.compute_due(clock) == D("2025-10-09")
    # Opened 2025-09-05: day 30 is Sunday 10-05, a holiday too; again 10-09.
    clock.start_date = D("2025-09-05")
    assert clocks.compute_due(clock) == D("2025-10-09")
    # Opened 2025-09-10: day 30 is Friday 10-10, a working day: no rollover.
    clock.start_date = D("2025-09-10")
    assert clocks.compute_due(clock) == D("2025-10-10")


def test_extension_is_approved_by_the_parent_unit_supervisor(incident, actors):
    case = walk_to(incident, "extension_pending", actors)
    before_due = _handling(case).due_date
    # The district supervisor is not the higher authority; the request went to the city.
    assert "approve_extension" not in available_transitions(actors.supervisor, case)
    assert "approve_extension" in available_transitions(actors.parent, case)
    notified = set(
        Notification.objects.filter(case=case, type="approval.requested").values_list(
            "user__username", flat=True
        )
    )
    assert notified == {actors.parent.username}
    assert set(case_policy.who_can("transition:approve_extension", case)) == {actors.parent}
    # The viewflow step waits in the city supervisor's approvals, not the district's.
    assert approvals_for(actors.parent).filter(pk=case.pk).exists()
    assert not approvals_for(actors.supervisor).filter(pk=case.pk).exists()
    fire(case.pk, "approve_extension", actors)
    clock = _handling(case)
    assert clock.extended
    assert clock.due_date == workdays.add_days(clock.start_date, 60, "calendar")
    assert clock.due_date > before_due
    case = Case.objects.get(pk=case.pk)
    assert case.status == "investigating" and case.deadline == clock.due_date
    # The revised law allows a second extension of 30 days, and no third.
    fire(case.pk, "request_extension", actors)
    fire(case.pk, "approve_extension", actors)
    clock = _handling(case)
    assert clock.extensions_granted == 2
    assert clock.due_date == workdays.add_days(clock.start_date, 90, "calendar")
    assert [e.approver for e in clock.extensions.all()] == [
        "上一级公安机关批准",
        "上一级公安机关批准（第二次）",
    ]
    case = Case.objects.get(pk=case.pk)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "request_extension", actors)
    assert "两次" in str(exc.value)
    assert snapshot(case) == before


def test_denied_extension_keeps_the_due_date(incident, actors):
    case = walk_to(incident, "extension_pending", actors)
    due = _handling(case).due_date
    fire(case.pk, "deny_extension", actors)
    clock = _handling(case)
    assert not clock.extended and clock.due_date == due
    assert "request_extension" in available_transitions(
        actors.officer, Case.objects.get(pk=case.pk)
    )


def test_appraisal_time_is_excluded(incident, actors):
    case = walk_to(incident, "investigating", actors)
    clock = _handling(case)
    clock_pause(
        actor=actors.officer,
        case_id=case.pk,
        code=clock.code,
        reason="appraisal",
        note="伤情鉴定",
    )
    pause = ClockPause.objects.get(clock=clock)
    assert pause.reason == "appraisal"
    # The appraisal took 12 days.
    pause.started_on = pause.started_on - timedelta(days=12)
    pause.save()
    resumed = clock_resume(actor=actors.officer, case_id=case.pk, code=clock.code)
    assert resumed.excluded_units == 12
    assert resumed.due_date == workdays.add_days(clock.start_date, 30 + 12, "calendar")
    assert Case.objects.get(pk=case.pk).deadline == resumed.due_date
    # The extension adds to the excluded time, it does not replace it.
    fire(case.pk, "request_extension", actors)
    fire(case.pk, "approve_extension", actors)
    assert _handling(case).due_date == workdays.add_days(clock.start_date, 60 + 12, "calendar")


def test_decision_stops_the_clock(incident, actors):
    case = walk_to(incident, "decided", actors)
    assert _handling(case).status == "stopped"
    assert Case.objects.get(pk=case.pk).deadline is None
