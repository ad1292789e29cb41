"""The inspection demo cases: walked by the district 人社 and 卫健 officers through the real
actions, spread over districts and states, and a second run adds nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from casework.audit import verify_chain
from casework.models import AuditEvent, Case
from enforcement.inspection import demo as inspection_demo


def test_demo_inspections_walk_the_real_transitions(db):
    n = 2 * len(inspection_demo.SCENARIOS)
    call_command("seed_demo", "--force", "--cases", str(n), stdout=io.StringIO())
    cases = Case.objects.filter(kind="inspection").select_related("lead_unit__department")
    assert 0 < cases.count() <= n
    assert {c.lead_unit.department.code for c in cases} == {"hrss", "health"}
    assert len({c.jurisdiction_id for c in cases}) > 1
    assert set(cases.values_list("status", flat=True)) == {
        "scheduled",
        "inspected",
        "rectification_required",
        "reinspection",
        "closed",
    }
    for case in cases:
        assert case.market_id is not None
        opened = AuditEvent.objects.get(case=case, verb="enforcement.inspection.opened")
        dept = case.lead_unit.department.code
        assert opened.actor.username == f"{dept}.officer.{case.jurisdiction.code}"
    closed = AuditEvent.objects.filter(verb="enforcement.inspection.approve_closure")
    assert closed.exists() and all(".supervisor." in e.actor.username for e in closed)
    assert verify_chain().ok

    count = cases.count()
    out = io.StringIO()
    call_command("seed_demo", "--force", "--cases", str(n), stdout=out)
    assert "inspection: created 0 cases" in out.getvalue()
    assert Case.objects.filter(kind="inspection").count() == count
