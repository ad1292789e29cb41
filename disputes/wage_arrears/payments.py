"""The money steps of a wage-arrears case: the order to pay, the payments credited to the
named workers, their corrections, and the closure's recovered amount (docs/payments.md).

Each is a transition effect: it runs inside `case_transition`'s transaction after the
payload (`payloads.py`) was checked against the locked case, and never saves the case
itself. A sum recorded above what was owed, with its stated reason, is told to the lead
unit's supervisors."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework import clocks
from casework.documents import day_text
from casework.models import CaseParty, ExcessReason, Payment
from casework.payments import net_paid, yuan
from casework.policies import case_policy


def _reason_text(data: dict) -> str:
    reason = str(ExcessReason(data["excess_reason"]).label)
    note = data.get("excess_note") or ""
    return f"{reason}：{note}" if note else reason


def _tell_supervisors(ctx, what: str) -> None:
    ctx.notifications.append(
        (
            case_policy.who_can("supervise", ctx.case),
            "payment.excess",
            _("%(number)s：%(what)s") % {"number": ctx.case.number, "what": what},
        )
    )


def _recompute_recovered(ctx) -> None:
    """The case's recovered amount follows the recorded payments, net of corrections (a
    closure report may later state more, for money paid outside them)."""
    case = ctx.case
    case.amount_recovered = net_paid(case)
    ctx.changed_fields.add("amount_recovered")
    ctx.audit_payload["amount_recovered"] = str(case.amount_recovered)


def order_payment(ctx) -> None:
    case, data = ctx.case, ctx.data
    clocks.start_fixed(
        case,
        code="payment_order",
        title=_("限期支付期限"),
        legal_basis=_("《劳动保障监察条例》第二十六条：责令限期支付劳动报酬"),
        start_date=ctx.today,
        due=data["due_date"],
    )
    order = {"due_date": data["due_date"].isoformat(), "amount": str(data["amount"])}
    if data.get("excess_reason"):
        # The wages owed when ordered, so that the order can state the wages and what lies
        # above them (加付赔偿金, or another sum) apart.
        order |= {
            "excess_reason": data["excess_reason"],
            "excess_note": data["excess_note"],
            "owed": str(case.amount_owed),
        }
    case.details = {**case.details, "payment_order": order}
    case.amount_ordered = data["amount"]
    ctx.changed_fields |= {"details", "amount_ordered"}
    if data.get("excess_reason"):
        text = _("责令支付 %(amount)s 元，超出投诉金额 %(owed)s 元（%(why)s）") % {
            "amount": yuan(data["amount"]),
            "owed": yuan(case.amount_owed),
            "why": _reason_text(data),
        }
        ctx.timeline_text = _("下达限期支付指令：%(text)s") % {"text": text}
        _tell_supervisors(ctx, text)


def record_payment(ctx) -> None:
    case, data = ctx.case, ctx.data
    party = CaseParty.objects.select_related("person").get(pk=data["worker"], case=case)
    payment = Payment.objects.create(
        case=case,
        party=party,
        amount=data["amount"],
        paid_on=data["paid_on"],
        recorded_by=ctx.actor,
        excess_reason=data.get("excess_reason", ""),
        excess_note=data.get("excess_note", ""),
    )
    _recompute_recovered(ctx)
    ctx.audit_payload |= {"worker": party.pk, "payment": payment.pk}
    ctx.timeline_text = _("记录工资支付 %(amount)s 元（%(name)s）") % {
        "amount": yuan(data["amount"]),
        "name": party.person.name,
    }
    if payment.excess_reason:
        why = _reason_text(data)
        ctx.timeline_text += _("，超出尚欠金额：%(why)s") % {"why": why}
        _tell_supervisors(
            ctx,
            _("记录支付 %(amount)s 元超出尚欠金额（%(why)s）")
            % {"amount": yuan(payment.amount), "why": why},
        )


def correct_payment(ctx) -> None:
    case, data = ctx.case, ctx.data
    original = Payment.objects.select_related("party__person").get(pk=data["payment"], case=case)
    correction = Payment.objects.create(
        case=case,
        party=original.party,
        amount=-data["amount"],
        # Dated as the payment it corrects, so that a period's sums net the error out.
        paid_on=original.paid_on,
        recorded_by=ctx.actor,
        corrects=original,
        reason=data["reason"],
    )
    _recompute_recovered(ctx)
    ctx.audit_payload |= {"correction": correction.pk, "worker": original.party_id}
    ctx.timeline_text = _(
        "更正工资支付记录：冲销 %(amount)s 元（原记录 %(on)s %(name)s %(original)s 元）"
    ) % {
        "amount": yuan(data["amount"]),
        "on": day_text(original.paid_on),
        "name": original.party.person.name,
        "original": yuan(original.amount),
    }


def has_correctable_payment(case) -> bool:
    """A payment neither a correction nor corrected yet. Read from the case's payments
    (`case.payments.all()`), which the case detail has prefetched to show them."""
    rows = list(case.payments.all())
    corrected = {r.corrects_id for r in rows if r.corrects_id}
    return any(r.corrects_id is None and r.pk not in corrected for r in rows)


def close_with_recovered(ctx) -> None:
    """The closure proposal's recovered amount, and the reason for one above what was owed."""
    case, data = ctx.case, ctx.data
    case.amount_recovered = data["amount_recovered"]
    ctx.changed_fields.add("amount_recovered")
    details = {k: v for k, v in case.details.items() if k != "closure_excess"}
    if data.get("excess_reason"):
        details["closure_excess"] = {
            "excess_reason": data["excess_reason"],
            "excess_note": data["excess_note"],
        }
    case.details = details
    ctx.changed_fields.add("details")
