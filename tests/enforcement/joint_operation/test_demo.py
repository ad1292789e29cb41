"""The joint-operation demo: one planned, one in progress and one closed operation, walked
through the real actions by the demo users, and a second run adds nothing."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from casework.audit import verify_chain
from casework.models import AuditEvent, Case
from casework.selectors import case_get_for_user, queue_for
from enforcement.joint_operation.models import OperationLink, OperationUnit
from enforcement.joint_operation.selectors import linked_cases_for


def test_demo_operations(db):
    call_command("seed_demo", "--force", "--cases", "3", stdout=io.StringIO())
    ops = {c.details["demo_key"]: c for c in Case.objects.filter(kind="joint_operation")}
    assert {k: c.status for k, c in ops.items()} == {
        "joint-operation-planned": "planned",
        "joint-operation-in-progress": "in_progress",
        "joint-operation-closed": "closed",
    }
    users = {u.username: u for u in get_user_model().objects.filter(username__contains=".")}
    planned, running, closed = (
        ops["joint-operation-planned"],
        ops["joint-operation-in-progress"],
        ops["joint-operation-closed"],
    )
    assert planned.lead_unit.department.code == "housing"
    assert (
        AuditEvent.objects.get(case=planned, verb="enforcement.joint_operation.opened").actor
        == (users["housing.supervisor.shizhong"])
    )
    # In progress: 人社 of 薛城区 has still to report, and its officers have the task queued.
    pending = OperationUnit.objects.filter(case=running, status="pending")
    assert [r.unit.department.code for r in pending] == ["hrss"]
    assert running.pk in [c.pk for c in queue_for(users["hrss.officer.xuecheng"])]
    police = users["police.officer.xuecheng"]
    assert [c.kind for c in linked_cases_for(police, running)] == ["security_incident"]
    # Closed: all four units reported, 人社 with one of its own demo cases, which links back
    # and which the city's 人社 viewer sees on the operation.
    assert not OperationUnit.objects.filter(case=closed, status="pending").exists()
    links = OperationLink.objects.filter(operation=closed)
    assert links.filter(unit__department__code="hrss").count() == 1
    assert closed.details["summary"]["totals"]["cases"] == links.count()
    viewer = users["hrss.viewer.city"]
    assert case_get_for_user(viewer, closed.pk).pk == closed.pk
    hrss_case = links.get(unit__department__code="hrss").case
    assert hrss_case in linked_cases_for(viewer, closed)
    began = closed.details["starts_on"]
    assert timezone.localdate(hrss_case.submitted_at).isoformat() >= began
    assert planned.details["starts_on"] > timezone.localdate().isoformat()
    assert verify_chain().ok

    out = io.StringIO()
    call_command("seed_demo", "--force", "--cases", "3", stdout=out)
    assert "joint_operation: created 0 cases" in out.getvalue()
    assert Case.objects.filter(kind="joint_operation").count() == 3
