"""The money of a case that tracks wages, read the same way by the case page, the API, the
closure check and the kinds' payloads: owed, ordered, paid, recovered and still owed.

A payment is a positive `Payment` row and its correction a negative one pointing at it, so
"paid" is the plain sum of `amount`: a corrected error nets out here as in the statistics
and the employer totals, which sum the same rows (docs/payments.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from .models import Case, CaseParty, Payment

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def yuan(value, blank: str = "") -> str:
    """12345.6 → "12,345.60": an amount as Chinese official forms write it; `blank` for
    none. Every page, document, export and message writes money through this one."""
    if value in (None, ""):
        return blank
    return f"{Decimal(str(value)):,.2f}"


def cents(value) -> Decimal:
    """A sum to the cent. SQLite's SUM drops trailing zeros; audit payloads, pages and the
    API must not depend on the database backend."""
    return (value or ZERO).quantize(CENT)


def net_paid(case: Case) -> Decimal:
    """What reached the case's workers: payments less their corrections."""
    return cents(Payment.objects.filter(case=case).aggregate(s=Sum("amount"))["s"])


def net_paid_to(party: CaseParty) -> Decimal:
    return cents(Payment.objects.filter(party=party).aggregate(s=Sum("amount"))["s"])


def amount_due(case: Case) -> Decimal:
    """What the employer must pay on the case: the latest order's amount once one was made
    (the inspector's finding supersedes the complaint's figure, both ways), else the
    amount claimed."""
    return cents(case.amount_ordered if case.amount_ordered is not None else case.amount_owed)


def still_owed(due: Decimal, paid: Decimal) -> Decimal:
    return max(cents(due - paid), ZERO)


def correctable(case: Case):
    """The case's payments that may still be corrected: not corrections themselves, and not
    corrected yet."""
    return Payment.objects.filter(
        case=case, corrects__isnull=True, correction__isnull=True
    ).select_related("party__person")


@dataclass
class MoneySummary:
    """The case's money as the case page, the closure check and the API show it."""

    owed: Decimal
    ordered: Decimal | None
    paid: Decimal
    recovered: Decimal
    due: Decimal
    still_owed: Decimal
    payments: int = 0
    corrections: int = 0
    # Entries recorded above what was still owed, each with its stated reason.
    excess: list[Payment] = field(default_factory=list)

    @property
    def excess_payments(self) -> int:
        return len(self.excess)

    @property
    def recovered_beyond_paid(self) -> Decimal:
        """What the closure report states beyond the recorded payments (paid outside them)."""
        return max(cents(self.recovered - self.paid), ZERO)

    def as_dict(self) -> dict:
        return {
            "owed": str(self.owed),
            "ordered": None if self.ordered is None else str(self.ordered),
            "paid": str(self.paid),
            "recovered": str(self.recovered),
            "still_owed": str(self.still_owed),
            "payments": self.payments,
            "corrections": self.corrections,
            "excess_payments": self.excess_payments,
        }


def money_summary(case: Case, rows: Iterable[Payment] | None = None) -> MoneySummary:
    """Owed, ordered, paid, recovered and still owed. `rows` are the case's payments when
    the caller has read them already (no further query then)."""
    rows = list(Payment.objects.filter(case=case) if rows is None else rows)
    paid = cents(sum((r.amount for r in rows), ZERO))
    due = amount_due(case)
    return MoneySummary(
        owed=cents(case.amount_owed),
        ordered=None if case.amount_ordered is None else cents(case.amount_ordered),
        paid=paid,
        recovered=cents(case.amount_recovered),
        due=due,
        still_owed=still_owed(due, paid),
        payments=sum(1 for r in rows if r.corrects_id is None),
        corrections=sum(1 for r in rows if r.corrects_id is not None),
        excess=[r for r in rows if r.excess_reason],
    )
