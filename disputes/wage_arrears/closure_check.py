"""What the supervisor checks before approving a wage-arrears closure (结案审批): the money
of the case side by side — owed, ordered, paid, recovered — and every figure that needed a
reason (an order or a payment above what was owed, a closure stating more) or was corrected.
The case page shows it as a panel while the closure waits (`_closure_check.html`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from casework.models import ExcessReason, Payment
from casework.payments import MoneySummary, money_summary, yuan

from .models import WageStatus


@dataclass
class Explained:
    """A figure above what was owed and the reason stated for it."""

    code: str  # "order", "payment:<id>", "closure"
    label: str
    reason: str
    note: str


@dataclass
class ClosureCheck:
    money: MoneySummary
    explained: list[Explained] = field(default_factory=list)
    corrections: list[Payment] = field(default_factory=list)


def _reason(code: str) -> str:
    try:
        return str(ExcessReason(code).label)
    except ValueError:
        return code


def closure_check(case) -> ClosureCheck | None:
    """The check while the case waits for the closure approval; None otherwise."""
    if case.status != WageStatus.CLOSURE_PENDING:
        return None
    rows = list(
        Payment.objects.filter(case=case).select_related("party__person", "recorded_by", "corrects")
    )
    check = ClosureCheck(money=money_summary(case, rows))
    order = case.details.get("payment_order") or {}
    if order.get("excess_reason"):
        check.explained.append(
            Explained(
                "order",
                _("限期支付指令 %(amount)s 元") % {"amount": yuan(case.amount_ordered or 0)},
                _reason(order["excess_reason"]),
                order.get("excess_note", ""),
            )
        )
    for row in rows:
        if row.excess_reason:
            check.explained.append(
                Explained(
                    f"payment:{row.pk}",
                    _("支付 #%(id)s %(name)s %(amount)s 元（%(on)s）")
                    % {
                        "id": row.pk,
                        "name": row.party.person.name,
                        "amount": yuan(row.amount),
                        "on": row.paid_on.isoformat(),
                    },
                    row.get_excess_reason_display(),
                    row.excess_note,
                )
            )
        if row.corrects_id:
            check.corrections.append(row)
    closing = case.details.get("closure_excess") or {}
    if closing.get("excess_reason"):
        check.explained.append(
            Explained(
                "closure",
                _("结案追回金额 %(amount)s 元") % {"amount": yuan(case.amount_recovered)},
                _reason(closing["excess_reason"]),
                closing.get("excess_note", ""),
            )
        )
    return check
