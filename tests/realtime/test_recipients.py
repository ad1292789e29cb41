"""The changes issue 4 names notify the people the policy says act next, and no one else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.actions import case_assign, case_claim, case_transition
from casework.actions.transfer import case_transfer_propose
from casework.models import Notification
from permissions.selectors import unit_for
from tests.factories import member, open_wage_case

pytestmark = pytest.mark.django_db


def recipients(case, type: str) -> set[str]:
    return set(
        Notification.objects.filter(case=case, type=type).values_list("user__username", flat=True)
    )


def test_a_new_complaint_tells_the_units_officers(hrss_officer, hrss_officer2, police_officer):
    case = open_wage_case()
    assert recipients(case, "queue.new") == {hrss_officer.username, hrss_officer2.username}


def test_assignment_tells_the_assignee(hrss_supervisor, hrss_officer, wage_case):
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer)
    assert recipients(wage_case, "case.assigned") == {hrss_officer.username}


def test_closure_request_and_decision(hrss_officer, hrss_supervisor, wage_case):
    today = timezone.localdate()
    case_claim(actor=hrss_officer, case_id=wage_case.pk)
    steps = [
        ("accept", {"comment": "受理"}),
        ("order_payment", {"due_date": (today + timedelta(days=10)).isoformat(), "amount": "5000"}),
        ("record_payment", {"amount": "5000", "paid_on": today.isoformat()}),
        ("propose_closure", {"summary": "已足额支付。", "amount_recovered": "5000"}),
    ]
    for name, data in steps:
        case_transition(actor=hrss_officer, case_id=wage_case.pk, name=name, data=data)
    assert recipients(wage_case, "approval.requested") == {hrss_supervisor.username}
    case_transition(
        actor=hrss_supervisor,
        case_id=wage_case.pk,
        name="approve_closure",
        data={"comment": "同意"},
    )
    assert recipients(wage_case, "approval.decided") == {hrss_officer.username}


def test_a_transfer_tells_the_receiving_units_deciders(hrss_supervisor, wage_case):
    receiver = member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")
    member("hrss.officer.shizhong", "hrss", "shizhong", "officer")
    case_transfer_propose(
        actor=hrss_supervisor,
        case_id=wage_case.pk,
        to_unit_id=unit_for("hrss", "shizhong").pk,
        kind="reassign_jurisdiction",
        reason="用人单位注册地在市中区",
    )
    assert recipients(wage_case, "transfer.received") == {receiver.username}
