"""Transferring a case's lead between units (移送/转办): propose, accept, return."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from casework.actions import case_assign, case_transition
from casework.actions.transfer import (
    case_transfer_accept,
    case_transfer_propose,
    case_transfer_return,
    transfer_targets,
)
from casework.audit import verify_chain
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import AuditEvent, Case, CaseParticipant, CaseTransfer, Notification
from casework.policies import case_policy
from casework.selectors import case_list_for_user, queue_for
from casework.workdays import add_calendar_days, is_working_day
from casework.workflow import open_step
from permissions.selectors import unit_for
from tests.factories import member, open_wage_case


def propose(actor, case, to_unit, kind="reassign_jurisdiction", reason="用人单位注册地在市中区"):
    return case_transfer_propose(
        actor=actor, case_id=case.pk, to_unit_id=to_unit.pk, kind=kind, reason=reason
    )


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


def test_pending_transfer_lets_the_receiver_see_but_not_work(
    wage_case, hrss_supervisor, shizhong_supervisor, shizhong_officer, shizhong_unit
):
    assert not case_policy.can(shizhong_supervisor, "view", wage_case)
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)

    case = fresh(wage_case)
    assert transfer.status == "pending"
    assert transfer.from_unit == unit_for("hrss", "xuecheng")
    assert case.lead_unit == unit_for("hrss", "xuecheng")
    assert CaseParticipant.objects.get(case=case, unit=shizhong_unit).reason == "transfer_pending"
    assert case_policy.can(shizhong_supervisor, "view", case)
    assert case in case_list_for_user(shizhong_officer)
    assert case_policy.can(shizhong_supervisor, "decide_transfer", case)
    assert not case_policy.can(shizhong_officer, "decide_transfer", case)
    assert not case_policy.can(shizhong_supervisor, "attach", case)
    assert not case_policy.can(shizhong_officer, "claim", case)
    note = Notification.objects.get(user=shizhong_supervisor, type="transfer.received")
    assert case.number in note.text


def test_accept_moves_the_lead_and_the_task_to_the_new_unit(
    wage_case, hrss_supervisor, hrss_officer, shizhong_supervisor, shizhong_officer, shizhong_unit
):
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer)
    assert open_step(fresh(wage_case)).owner == hrss_officer
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)
    case_transfer_accept(
        actor=shizhong_supervisor, case_id=wage_case.pk, transfer_id=transfer.pk, reason="属实"
    )

    case = fresh(wage_case)
    assert case.lead_unit == shizhong_unit
    assert case.lead_department.code == "hrss"
    assert case.jurisdiction.code == "shizhong"
    assert case.jurisdiction_path == shizhong_unit.jurisdiction_path
    assert case.assignee is None
    assert case.number == wage_case.number  # one case, one number, one history
    # The step left the old officer's inbox for the new unit's queue.
    task = open_step(case)
    assert task.owner is None
    assert task.process.caseprocess.unit_id == shizhong_unit.pk
    assert case in queue_for(shizhong_officer)
    assert case not in queue_for(hrss_officer)
    assert case_policy.can(shizhong_officer, "claim", case)
    # The old unit keeps reading the case as a participant, but no longer works on it.
    xuecheng = unit_for("hrss", "xuecheng")
    assert CaseParticipant.objects.get(case=case, unit=xuecheng).reason == "transferred_from"
    assert not CaseParticipant.objects.filter(case=case, unit=shizhong_unit).exists()
    assert case_policy.can(hrss_officer, "view", case)
    assert case_policy.can(hrss_supervisor, "view", case)
    assert not case_policy.can(hrss_officer, "attach", case)
    assert not case_policy.can(hrss_supervisor, "assign", case)
    assert not case_policy.can(hrss_officer, "claim", case)
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by, transfer.decision_reason) == (
        "accepted",
        shizhong_supervisor,
        "属实",
    )
    assert Notification.objects.filter(user=hrss_supervisor, type="transfer.accepted").exists()
    assert Notification.objects.filter(user=hrss_officer, type="transfer.accepted").exists()
    verbs = list(case.timeline.values_list("verb", flat=True))
    assert verbs[-2:] == ["transfer_proposed", "transfer_accepted"]
    # The new unit works the case from where it stood.
    case_transition(actor=shizhong_officer, case_id=case.pk, name="accept", data={})
    assert fresh(case).status == "investigating"
    assert fresh(case).assignee == shizhong_officer


def test_return_leaves_the_case_and_removes_the_receivers_sight(
    wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit
):
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)
    version = fresh(wage_case).version
    case_transfer_return(
        actor=shizhong_supervisor,
        case_id=wage_case.pk,
        transfer_id=transfer.pk,
        reason="不属于本辖区",
        version=version,
    )
    case = fresh(wage_case)
    assert case.lead_unit == unit_for("hrss", "xuecheng")
    assert not CaseParticipant.objects.filter(case=case, unit=shizhong_unit).exists()
    assert not case_policy.can(shizhong_supervisor, "view", case)
    assert not case_policy.can(shizhong_supervisor, "decide_transfer", case)
    transfer.refresh_from_db()
    assert transfer.status == "returned"
    assert transfer.decision_reason == "不属于本辖区"
    assert Notification.objects.filter(user=hrss_supervisor, type="transfer.returned").exists()
    with pytest.raises(CaseNotFound):
        case_transfer_accept(actor=shizhong_supervisor, case_id=case.pk, transfer_id=transfer.pk)
    # The lead unit may propose again once the previous proposal is answered.
    assert propose(hrss_supervisor, case, shizhong_unit).status == "pending"


def test_return_needs_a_reason(wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit):
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)
    with pytest.raises(InvalidInput) as exc:
        case_transfer_return(
            actor=shizhong_supervisor, case_id=wage_case.pk, transfer_id=transfer.pk, reason=" "
        )
    assert "reason" in exc.value.errors
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "pending"


def test_the_answer_is_due_in_three_calendar_days_with_rest_day_rollover(
    wage_case, hrss_supervisor, shizhong_unit
):
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)
    today = timezone.localdate()
    assert transfer.due_on == add_calendar_days(today, 3)
    assert (transfer.due_on - today).days >= 3
    assert is_working_day(transfer.due_on)
    # 2026-09-30 + 3 days falls in the National Day holiday: the period ends on the first
    # working day after it.
    assert add_calendar_days(date(2026, 9, 30), 3) == date(2026, 10, 8)


def test_only_one_pending_transfer_per_case(wage_case, hrss_supervisor, shizhong_unit, org):
    propose(hrss_supervisor, wage_case, shizhong_unit)
    with pytest.raises(Conflict):
        propose(hrss_supervisor, wage_case, unit_for("hrss", "yicheng"))
    assert CaseTransfer.objects.filter(case=wage_case).count() == 1


def test_a_final_case_cannot_be_transferred(wage_case, hrss_supervisor, shizhong_unit):
    Case.objects.filter(pk=wage_case.pk).update(status="closed")
    with pytest.raises(Conflict):
        propose(hrss_supervisor, wage_case, shizhong_unit)
    assert not CaseTransfer.objects.exists()


def test_the_receiving_unit_must_lead_the_kind(wage_case, hrss_supervisor):
    with pytest.raises(InvalidInput) as exc:
        propose(hrss_supervisor, wage_case, unit_for("market", "xuecheng"), kind="refer")
    assert list(exc.value.errors) == ["to_unit"]
    with pytest.raises(InvalidInput) as exc:
        propose(hrss_supervisor, wage_case, unit_for("hrss", "xuecheng"))
    assert list(exc.value.errors) == ["to_unit"]
    assert unit_for("market", "xuecheng") not in transfer_targets(wage_case)
    assert unit_for("hrss", "shizhong") in transfer_targets(wage_case)
    assert not CaseTransfer.objects.exists()


def test_kind_must_match_the_receiving_unit(wage_case, hrss_supervisor, shizhong_unit):
    with pytest.raises(InvalidInput) as exc:
        propose(hrss_supervisor, wage_case, shizhong_unit, kind="refer")
    assert list(exc.value.errors) == ["kind"]
    with pytest.raises(InvalidInput) as exc:
        propose(hrss_supervisor, wage_case, shizhong_unit, kind="forward")
    assert list(exc.value.errors) == ["kind"]
    with pytest.raises(InvalidInput) as exc:
        propose(hrss_supervisor, wage_case, shizhong_unit, reason="")
    assert list(exc.value.errors) == ["reason"]


def test_who_may_propose_and_decide(
    wage_case, hrss_officer, hrss_clerk, hrss_supervisor, shizhong_unit, shizhong_officer, org
):
    with pytest.raises(NotPermitted):
        propose(hrss_officer, wage_case, shizhong_unit)
    with pytest.raises(CaseNotFound):
        propose(shizhong_officer, wage_case, shizhong_unit)
    transfer = propose(hrss_clerk, wage_case, shizhong_unit)
    with pytest.raises(NotPermitted):
        case_transfer_accept(actor=hrss_supervisor, case_id=wage_case.pk, transfer_id=transfer.pk)
    with pytest.raises(NotPermitted):
        case_transfer_accept(actor=shizhong_officer, case_id=wage_case.pk, transfer_id=transfer.pk)
    clerk = member("hrss.clerk.shizhong", "hrss", "shizhong", "clerk")
    case_transfer_accept(actor=clerk, case_id=wage_case.pk, transfer_id=transfer.pk)
    assert fresh(wage_case).lead_unit == shizhong_unit


def test_stale_version_and_decided_transfer_are_conflicts(
    wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit
):
    with pytest.raises(Conflict):
        case_transfer_propose(
            actor=hrss_supervisor,
            case_id=wage_case.pk,
            to_unit_id=shizhong_unit.pk,
            kind="reassign_jurisdiction",
            reason="x",
            version=wage_case.version + 5,
        )
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)
    case_transfer_accept(actor=shizhong_supervisor, case_id=wage_case.pk, transfer_id=transfer.pk)
    with pytest.raises(Conflict):
        case_transfer_return(
            actor=shizhong_supervisor, case_id=wage_case.pk, transfer_id=transfer.pk, reason="x"
        )


def test_each_step_is_one_audit_event_and_the_chain_holds(
    wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit
):
    before = AuditEvent.objects.count()
    transfer = propose(hrss_supervisor, wage_case, shizhong_unit)
    case_transfer_accept(actor=shizhong_supervisor, case_id=wage_case.pk, transfer_id=transfer.pk)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.verb for e in events] == [
        "casework.case.transfer_proposed",
        "casework.case.transfer_accepted",
    ]
    # Proposed in 薛城区, accepted by 市中区 and chained there: the case now belongs to it.
    assert [e.chain for e in events] == ["xuecheng", "shizhong"]
    assert events[0].actor == hrss_supervisor
    assert events[0].payload["to_unit"] == shizhong_unit.pk
    assert events[1].payload["from_unit"] == unit_for("hrss", "xuecheng").pk
    assert verify_chain().ok


def test_a_refused_proposal_writes_nothing(wage_case, hrss_supervisor, org):
    before = (AuditEvent.objects.count(), fresh(wage_case).version)
    with pytest.raises(InvalidInput):
        propose(hrss_supervisor, wage_case, unit_for("police", "xuecheng"), kind="refer")
    assert (AuditEvent.objects.count(), fresh(wage_case).version) == before
    assert not CaseParticipant.objects.filter(case=wage_case).exists()


def test_another_case_kind_transfers_the_same_way(org):
    other = open_wage_case(jurisdiction="shizhong")
    supervisor = member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")
    receiver = member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor")
    transfer = propose(supervisor, other, unit_for("hrss", "xuecheng"))
    case_transfer_accept(actor=receiver, case_id=other.pk, transfer_id=transfer.pk)
    assert fresh(other).jurisdiction.code == "xuecheng"
