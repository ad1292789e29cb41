"""The one capped extension of the investigation clock, the follow-up after closure and
reopening."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import available_transitions
from casework.errors import Conflict
from casework.models import AuditEvent, Case, LegalClock, TimelineEntry

from ..walk import counts, fire, payload, snapshot, walk_to
from .support import last_notification_id, latest_clock, local_today, new_notifications


def test_one_capped_extension(wage_case, actors):
    today = local_today()
    case = walk_to(wage_case, "investigating", actors)
    clock = latest_clock(case, "investigation")
    assert clock.start_date == today
    assert clock.due_date == workdays.add_working_days(today, 60)
    assert clock.extension_days == 30
    assert clock.extensions_allowed == [
        {"days": 30, "approver": "劳动保障行政部门负责人批准", "basis": ""}
    ]

    case = fire(case.pk, "request_extension", actors)
    case = fire(case.pk, "approve_extension", actors)
    clock = latest_clock(case, "investigation")
    assert clock.extended
    assert clock.due_date == workdays.add_working_days(today, 90)
    assert Case.objects.get(pk=case.pk).deadline == clock.due_date
    event = AuditEvent.objects.filter(case=case).order_by("-id").first()
    assert event.payload["new_due_date"] == clock.due_date.isoformat()

    assert "request_extension" not in available_transitions(actors.officer, case)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "request_extension", actors)
    assert "延期" in exc.value.message
    assert snapshot(case) == before


def test_denied_extension_leaves_the_deadline_and_may_be_asked_again(wage_case, actors):
    today = local_today()
    case = walk_to(wage_case, "extension_pending", actors)
    case = fire(case.pk, "deny_extension", actors)
    clock = latest_clock(case, "investigation")
    assert not clock.extended
    assert clock.due_date == workdays.add_working_days(today, 60)
    assert "request_extension" in available_transitions(actors.officer, case)
    case = fire(case.pk, "request_extension", actors)
    assert case.status == "extension_pending"


# --- follow-up and reopening ---------------------------------------------------------------


def test_unsatisfied_feedback_allows_reopen(wage_case, actors):
    today = local_today()
    case = walk_to(wage_case, "closed", actors)
    assert case.closed_at is not None
    last = last_notification_id()
    case = fire(case.pk, "record_feedback", actors, {"satisfied": False, "comment": "还差两千"})
    assert case.status == "closed"
    assert case.details["feedback"]["satisfied"] is False
    assert new_notifications(last) == {(actors.supervisor.username, "feedback.unsatisfied")}
    assert available_transitions(actors.supervisor, case) == ["reopen", "keep_closed"]

    case = fire(case.pk, "reopen", actors)

    assert case.status == "investigating"
    assert Case.objects.get(pk=case.pk).closed_at is None
    investigations = list(LegalClock.objects.filter(case=case, code="investigation").order_by("id"))
    assert [c.status for c in investigations] == ["stopped", "running"]
    fresh = investigations[-1]
    assert fresh.start_date == today and not fresh.extended
    assert fresh.due_date == workdays.add_working_days(today, 60)
    assert Case.objects.get(pk=case.pk).deadline == fresh.due_date
    # The feedback that justified the reopening is spent: closing again needs new feedback.
    case = fire(case.pk, "propose_closure", actors)
    case = fire(case.pk, "approve_closure", actors)
    with pytest.raises(Conflict):
        fire(case.pk, "reopen", actors)


def test_keeping_the_case_closed_answers_the_feedback(wage_case, actors):
    case = walk_to(wage_case, "closed", actors)
    closed_at = case.closed_at
    case = fire(case.pk, "record_feedback", actors, {"satisfied": False, "comment": "还差两千"})
    last = last_notification_id()

    case = fire(case.pk, "keep_closed", actors, {"reason": "补发凭证已核实，款项已付清"})

    assert case.status == "closed" and Case.objects.get(pk=case.pk).closed_at == closed_at
    assert case.details["feedback"]["decided"]["outcome"] == "kept"
    assert new_notifications(last) == {(actors.officer.username, "feedback.decided")}
    entry = TimelineEntry.objects.filter(case=case).last()
    assert entry.text == "回访不满意，经研判维持结案"
    assert entry.public_text == "经复核，维持结案决定"
    # Answered once: neither decision is offered again until new unsatisfied feedback.
    assert available_transitions(actors.supervisor, case) == []
    for name in ("keep_closed", "reopen"):
        with pytest.raises(Conflict):
            fire(case.pk, name, actors)
    case = fire(case.pk, "record_feedback", actors, {"satisfied": False, "comment": "仍有异议"})
    assert available_transitions(actors.supervisor, case) == ["reopen", "keep_closed"]


def test_satisfied_feedback_refuses_reopen(wage_case, actors):
    case = walk_to(wage_case, "closed", actors)
    last = last_notification_id()
    case = fire(case.pk, "record_feedback", actors, {"satisfied": True})
    assert new_notifications(last) == set()
    assert TimelineEntry.objects.filter(case=case).last().text == "回访：满意"
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "reopen", actors)
    assert snapshot(case) == before


def test_final_states_carry_the_closing_time(wage_case, actors):
    case = walk_to(wage_case, "rejected", actors)
    assert case.closed_at is not None
    assert latest_clock(case, "acceptance").status == "stopped"
    assert case.deadline is None


def test_accept_starts_the_investigation_and_takes_the_case(wage_case, actors):
    today = local_today()
    acceptance = latest_clock(wage_case, "acceptance")
    assert acceptance.due_date == workdays.add_working_days(
        timezone.localdate(wage_case.submitted_at), 5
    )
    case = fire(wage_case.pk, "accept", actors)
    assert case.assignee_id == actors.officer.pk
    assert case.details["accepted_on"] == today.isoformat()
    assert latest_clock(case, "acceptance").status == "stopped"
    assert latest_clock(case, "investigation").status == "running"
    assert counts(case)["running_clocks"] == 1
    entry = TimelineEntry.objects.filter(case=case, verb="accept").get()
    assert entry.public_text == "已受理，正在调查处理"
    assert entry.comment == payload("accept")["comment"]
