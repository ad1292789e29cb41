"""The transfer of a wage-arrears case to the police and back (domain.md §1): participants,
the paused investigation clock and the police's answer clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casework import workdays
from casework.actions import available_transitions
from casework.errors import CaseNotFound, Conflict
from casework.models import Case, CaseParticipant, ClockPause, LegalClock, TimelineEntry
from casework.policies import case_policy
from casework.selectors import case_get_for_user, case_list_for_user

from ...factories import member
from ..walk import fire, payload, snapshot, walk_to
from .support import latest_clock, local_today


@pytest.mark.parametrize("source", ["investigating", "ordered"])
def test_transfer_to_police_makes_the_police_unit_a_participant(source, wage_case, actors, org):
    other_police = member("police.officer.shizhong", "police", "shizhong", "officer")
    case = walk_to(wage_case, source, actors)
    assert not case_policy.can(actors.police, "view", case)
    assert not case_list_for_user(actors.police).filter(pk=case.pk).exists()
    today = local_today()
    investigation_due = latest_clock(case, "investigation").due_date

    case = fire(case.pk, "transfer_to_police", actors)

    participant = CaseParticipant.objects.get(case=case)
    assert participant.unit.department.code == "police"
    assert participant.unit.jurisdiction.code == "xuecheng"
    assert participant.reason == "transfer"
    police = type(actors.police).objects.get(pk=actors.police.pk)
    assert case_policy.can(police, "view", case)
    assert case_list_for_user(police).filter(pk=case.pk).exists()
    assert case_get_for_user(police, case.pk).pk == case.pk
    assert not case_policy.can(other_police, "view", case)
    assert not case_list_for_user(other_police).filter(pk=case.pk).exists()
    with pytest.raises(CaseNotFound):
        case_get_for_user(other_police, case.pk)

    # 劳动保障监察条例 §17 excludes no time: the investigation runs on during the transfer.
    investigation = latest_clock(case, "investigation")
    assert investigation.status == "running"
    assert not ClockPause.objects.filter(clock=investigation).exists()
    answer = latest_clock(case, "transfer_answer")
    assert answer.status == "running" and answer.day_unit == "calendar" and answer.days == 3
    assert answer.due_date == workdays.add_calendar_days(today, 3)
    assert answer.due_date >= today + timedelta(days=3)
    assert workdays.is_working_day(answer.due_date)
    # The binding deadline is now the police's answer, the earlier of the two.
    assert answer.due_date < investigation.due_date
    assert Case.objects.get(pk=case.pk).deadline == answer.due_date
    assert investigation.due_date == investigation_due
    transfer = case.details["transfer"]
    assert transfer["to_unit"] == participant.unit_id
    assert transfer["evidence"] == payload("transfer_to_police")["evidence"]
    assert participant.unit.name in TimelineEntry.objects.filter(case=case).last().text
    if source == "ordered":
        assert latest_clock(case, "payment_order").status == "stopped"


def test_police_return_keeps_the_investigation_clock_and_the_timeline(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    timeline_before = list(
        TimelineEntry.objects.filter(case=case).values_list("id", "verb", "text")
    )
    due_before = latest_clock(case, "investigation").due_date

    case = fire(case.pk, "police_return", actors)

    assert case.status == "investigating"
    investigation = latest_clock(case, "investigation")
    assert investigation.status == "running"
    # The transfer's time counted: the due date has not moved.
    assert investigation.due_date == due_before
    assert not ClockPause.objects.filter(clock=investigation).exists()
    assert latest_clock(case, "transfer_answer").status == "stopped"
    timeline_after = list(TimelineEntry.objects.filter(case=case).values_list("id", "verb", "text"))
    assert timeline_after[: len(timeline_before)] == timeline_before
    assert [v for _i, v, _t in timeline_after[len(timeline_before) :]] == ["police_return"]
    assert [v for _i, v, _t in timeline_after].count("transfer_to_police") == 1
    # The binding deadline is now the bureau's 3 days to ask for reconsideration (§9).
    window = latest_clock(case, "reconsideration_request")
    assert window.status == "running" and window.due_date < investigation.due_date
    assert Case.objects.get(pk=case.pk).deadline == window.due_date
    # The police unit keeps its view of a case it once received (its history stays readable).
    assert CaseParticipant.objects.filter(case=case, unit__department__code="police").exists()
    # A second transfer of the same case reuses the participation.
    fire(case.pk, "transfer_to_police", actors)
    assert CaseParticipant.objects.filter(case=case).count() == 1


def test_the_transfer_cannot_pause_the_investigation_clock(wage_case, actors):
    from casework.actions import clock_pause
    from casework.errors import InvalidInput

    case = walk_to(wage_case, "transferred", actors)
    with pytest.raises(InvalidInput) as exc:
        clock_pause(
            actor=actors.supervisor, case_id=case.pk, code="investigation", reason="transfer"
        )
    assert "第十七条" in str(exc.value.errors["reason"])
    assert latest_clock(case, "investigation").status == "running"


def test_police_accept_then_closure(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    case = fire(case.pk, "police_accept", actors)
    assert case.status == "closure_pending"
    assert latest_clock(case, "transfer_answer").status == "stopped"
    # The investigation runs until the closure is approved; the handover of the materials
    # (§12) until it is recorded.
    assert set(
        LegalClock.objects.filter(case=case, status="running").values_list("code", flat=True)
    ) == {"investigation", "materials_handover"}
    case = fire(case.pk, "approve_closure", actors)
    assert case.status == "closed" and case.closed_at is not None
    assert not LegalClock.objects.filter(case=case).exclude(status="stopped").exists()


def test_rework_after_police_accept_finds_the_investigation_clock_running(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    due = latest_clock(case, "investigation").due_date
    case = fire(case.pk, "police_accept", actors)
    case = fire(case.pk, "return_for_rework", actors)
    assert case.status == "investigating"
    investigation = latest_clock(case, "investigation")
    assert investigation.status == "running"
    assert investigation.due_date == due
    assert (
        Case.objects.get(pk=case.pk).deadline == latest_clock(case, "materials_handover").due_date
    )
    # The case can still be extended: the clock it runs on was never extended.
    assert "request_extension" in available_transitions(actors.officer, case)


def test_transfer_refused_without_a_police_unit_in_the_jurisdiction(wage_case, actors):
    from permissions.models import Unit

    case = walk_to(wage_case, "investigating", actors)
    Unit.objects.filter(department__code="police", jurisdiction__code="xuecheng").delete()
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "transfer_to_police", actors)
    assert snapshot(case) == before
