"""Helpers of the dishonesty-list tests: wage cases whose order to pay went unpaid past its
deadline, walked through the real transitions, and the rows a step writes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.models import AuditEvent, Case, LegalClock, Notification, Payment, TimelineEntry
from disputes.dishonesty.models import DishonestyListing
from tests.factories import open_wage_case

from .walk import fire, walk_to


def backdate_order(case, days: int) -> Case:
    """Move the case's payment order (its deadline, its clock and its payments) `days`
    calendar days into the past, as if it had been issued that much earlier."""
    case = Case.objects.get(pk=case.pk)
    order = dict(case.details["payment_order"])
    due = timezone.localdate().fromisoformat(order["due_date"]) - timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(
        details={**case.details, "payment_order": {**order, "due_date": due.isoformat()}}
    )
    for clock in LegalClock.objects.filter(case=case, code="payment_order"):
        LegalClock.objects.filter(pk=clock.pk).update(
            start_date=clock.start_date - timedelta(days=days),
            fixed_due=due,
            due_date=due,
        )
    for p in Payment.objects.filter(case=case):
        Payment.objects.filter(pk=p.pk).update(paid_on=p.paid_on - timedelta(days=days))
    return Case.objects.select_related("employer").get(pk=case.pk)


def ordered_case(
    actors,
    *,
    amount: str = "30000",
    workers: int = 1,
    ordered: str | None = None,
    paid: str | None = None,
    overdue_days: int = 3,
    close: bool = False,
) -> Case:
    """A wage case with an order to pay `ordered` (the amount owed by default) due today,
    `paid` paid on the due day, then moved `overdue_days` into the past (0: due today);
    `close` walks it on to `closed` with a closure report."""
    case = open_wage_case(amount=amount, workers=workers)
    walk_to(case, "investigating", actors)
    today = timezone.localdate()
    fire(
        case.pk,
        "order_payment",
        actors,
        {"due_date": today.isoformat(), "amount": ordered or amount},
    )
    if paid:
        fire(case.pk, "record_payment", actors, {"amount": paid, "paid_on": today.isoformat()})
    if close:
        fire(
            case.pk,
            "propose_closure",
            actors,
            {"summary": "查实拖欠工资，经责令仍拒不支付", "amount_recovered": paid or "0"},
        )
        fire(case.pk, "approve_closure", actors)
    return backdate_order(case, overdue_days)


def closed_case(actors, *, amount: str = "30000", workers: int = 1, recovered: str = "0"):
    """A wage case walked to `closed` with a closure report, its order to pay the whole
    amount left unpaid three days past its deadline."""
    return ordered_case(
        actors,
        amount=amount,
        workers=workers,
        paid=recovered if recovered != "0" else None,
        close=True,
    )


def rows(case) -> dict:
    return {
        "listings": DishonestyListing.objects.count(),
        "listing_rows": list(DishonestyListing.objects.values()),
        "audit": AuditEvent.objects.count(),
        "timeline": TimelineEntry.objects.filter(case=case).count(),
        "notifications": Notification.objects.count(),
        "dishonest": Case.objects.get(pk=case.pk).employer.dishonest,
    }
