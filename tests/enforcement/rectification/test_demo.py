"""The market-rectification demo cases: walked by the district 住建 (and 市场监管) users
through the real actions, in several states, with one running watch; a second run adds
nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from casework.audit import verify_chain
from casework.models import AuditEvent, Case, Market
from enforcement.models import MarketWatch, PatrolVisit
from enforcement.rectification import demo as rectification_demo


def test_demo_rectifications_walk_the_real_transitions(db):
    n = len(rectification_demo.SCENARIOS)
    call_command("seed_demo", "--force", "--cases", str(n), stdout=io.StringIO())
    cases = Case.objects.filter(kind="market_rectification").select_related("lead_unit__department")
    assert cases.count() == n
    assert {c.lead_unit.department.code for c in cases} == {"housing"}
    assert len({c.jurisdiction_id for c in cases}) > 1
    assert set(cases.values_list("status", flat=True)) == {
        "reported",
        "verified",
        "notice_issued",
        "reinspection",
        "rectified",
        "closed",
        "not_rectified",
        "penalty",
        "banned",
    }
    for case in cases:
        opened = AuditEvent.objects.get(case=case, verb="enforcement.market_rectification.opened")
        assert opened.actor.username == f"housing.officer.{case.jurisdiction.code}"
    filed = AuditEvent.objects.get(verb="enforcement.market_rectification.market_file")
    assert filed.actor.username.startswith("market.officer.")
    banned = cases.get(status="banned")
    assert Market.objects.get(pk=banned.market_id).status == "banned"
    (watch,) = MarketWatch.objects.filter(ended_at__isnull=True)
    assert watch.case_id == banned.pk
    assert PatrolVisit.objects.filter(watch=watch).count() == 1
    assert verify_chain().ok

    out = io.StringIO()
    call_command("seed_demo", "--force", "--cases", str(n), stdout=out)
    assert "market_rectification: created 0 cases" in out.getvalue()
    assert cases.count() == n and MarketWatch.objects.count() == 1
