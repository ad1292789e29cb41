"""Helpers of the dishonesty-list tests: closed wage cases with a finding, rows written."""

from __future__ import annotations

from casework.models import AuditEvent, Case, Notification, TimelineEntry
from disputes.dishonesty.models import DishonestyListing
from tests.factories import open_wage_case

from .walk import fire, walk_to


def closed_case(actors, *, amount: str = "30000", workers: int = 1, recovered: str = "0"):
    """A wage case walked through the real transitions to `closed` with a closure report."""
    case = open_wage_case(amount=amount, workers=workers)
    walk_to(case, "investigating", actors)
    fire(
        case.pk,
        "propose_closure",
        actors,
        {"summary": "查实拖欠工资，用人单位拒不支付", "amount_recovered": recovered},
    )
    fire(case.pk, "approve_closure", actors)
    return Case.objects.select_related("employer").get(pk=case.pk)


def rows(case) -> dict:
    return {
        "listings": DishonestyListing.objects.count(),
        "listing_rows": list(DishonestyListing.objects.values()),
        "audit": AuditEvent.objects.filter(case=case).count(),
        "timeline": TimelineEntry.objects.filter(case=case).count(),
        "notifications": Notification.objects.count(),
        "dishonest": Case.objects.get(pk=case.pk).employer.dishonest,
    }
