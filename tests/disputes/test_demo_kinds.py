"""Demo cases of labour-dispute mediation and discrimination complaints: walked through the
real actions into many states, moved into the past consistently, and seeded only once."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.module_loading import import_string

from casework import demo as core_demo
from casework.audit import verify_chain
from casework.clocks import binding_deadline
from casework.kinds import get_kind
from casework.models import AuditEvent, Case, LegalClock, TimelineEntry
from disputes.labour_dispute import demo as labour_demo

N = len(labour_demo.CYCLE)


@pytest.fixture
def world(db):
    core_demo.seed_organisation()
    core_demo.seed_users("pw-demo-test")
    core_demo.seed_markets()
    core_demo.seed_employers()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("labour_dispute", {"applied", "accepted", "mediating", "agreed", "failed", "withdrawn"}),
        (
            "discrimination",
            {
                "submitted",
                "investigating",
                "rejected",
                "extension_pending",
                "ordered",
                "closure_pending",
            },
        ),
    ],
)
def test_demo_cases_of_the_kind(world, kind, expected):
    spec = get_kind(kind)
    ctx = core_demo.DemoContext(cases=N, log=lambda _msg: None)
    assert import_string(spec.demo)(ctx) == N
    cases = list(Case.objects.filter(kind=kind))
    assert len(cases) == N
    assert expected <= set(Counter(c.status for c in cases))
    assert verify_chain().ok
    audit = dict(
        AuditEvent.objects.filter(case__kind=kind).values_list("case").annotate(n=Count("id"))
    )
    timeline = dict(
        TimelineEntry.objects.filter(case__kind=kind).values_list("case").annotate(n=Count("id"))
    )
    assert audit == timeline
    today = timezone.localdate()
    for case in cases:
        times = [e.at for e in case.timeline.order_by("id")]
        assert times == sorted(times) and times[0] == case.submitted_at
        assert case.deadline == binding_deadline(case)
        if case.status in spec.final_states:
            assert case.deadline is None and case.closed_at is not None
        first = LegalClock.objects.filter(case=case).aggregate(d=Min("start_date"))["d"]
        assert first == timezone.localdate(case.submitted_at) <= today
    # A second run adds nothing.
    assert import_string(spec.demo)(ctx) == 0
    assert Case.objects.filter(kind=kind).count() == N


def test_agreements_and_failures_carry_their_facts(world):
    import_string(get_kind("labour_dispute").demo)(
        core_demo.DemoContext(cases=N, log=lambda _m: None)
    )
    agreed = Case.objects.filter(kind="labour_dispute", status="agreed")
    assert agreed.exists()
    for case in agreed:
        agreement = case.details["agreement"]
        assert agreement["terms"] and agreement["amount"]
        assert agreement["on"] <= timezone.localdate().isoformat()
    failed = Case.objects.filter(kind="labour_dispute", status="failed")
    assert failed.exists()
    assert all(c.details["failure"]["reason"] for c in failed)
