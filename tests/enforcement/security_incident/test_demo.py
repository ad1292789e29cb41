"""The security-incident demo cases: walked by the district police through the real
actions, spread over districts and states, and a second run adds nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from casework.audit import verify_chain
from casework.models import AuditEvent, Case, LegalClock
from enforcement.security_incident import demo


def test_demo_incidents_walk_the_real_transitions(db):
    n = len(demo.SCENARIOS)
    call_command("seed_demo", "--force", "--cases", str(n), stdout=io.StringIO())
    cases = Case.objects.filter(kind="security_incident").select_related("lead_unit__department")
    assert cases.count() == n
    assert {c.lead_unit.department.code for c in cases} == {"police"}
    assert len({c.jurisdiction_id for c in cases}) == len(demo.DISTRICTS)
    statuses = set(cases.values_list("status", flat=True))
    assert statuses == {
        "reported",
        "dispatched",
        "on_scene",
        "closure_pending",
        "closed",
        "case_opened",
        "investigating",
        "extension_pending",
        "decided",
        "transferred_criminal",
    }
    for case in cases:
        assert case.details["incident_type"] in demo.IncidentType.values
        opened = AuditEvent.objects.get(case=case, verb="enforcement.security_incident.opened")
        assert opened.actor.username == f"police.officer.{case.jurisdiction.code}"
    extended = AuditEvent.objects.filter(verb="enforcement.security_incident.approve_extension")
    assert {e.actor.username for e in extended} == {"police.supervisor.city"}
    assert LegalClock.objects.filter(
        case__kind="security_incident", pauses__reason="appraisal"
    ).exists()
    # Backdated: the incidents were reported in the past.
    assert all(c.submitted_at < c.updated_at or c.status == "reported" for c in cases)
    assert verify_chain().ok

    out = io.StringIO()
    call_command("seed_demo", "--force", "--cases", str(n), stdout=out)
    assert "security_incident: created 0 cases" in out.getvalue()
    assert Case.objects.filter(kind="security_incident").count() == n
