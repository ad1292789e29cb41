"""Payloads of the wage-arrears steps. Pages and the API validate with these same classes.

Money is a decimal to the cent, positive and at most `AMOUNT_MAX`; a sum above what the case
(or the worker it is credited to) still owes is refused on its field unless the officer
states why in `excess_reason` (docs/payments.md). The checks run inside the transition's
transaction, on the locked case, so two officers cannot both pay the last yuan."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.models import CaseParty, ExcessReason, PartyRole, Payment
from casework.payloads import (
    AMOUNT_MAX,
    TEXT_MAX,
    CommentPayload,
    MoneyField,
    ReasonPayload,
    within_reach,
)
from casework.payments import (
    amount_due,
    correctable,
    net_paid,
    net_paid_to,
    still_owed,
    yuan,
)

from ..investigated_complaint.payloads import ClosurePayload

# Row ids are 64-bit: a larger number is refused on its field, never sent to the database.
ID_MAX = 2**63 - 1
WORKER_ROLES = (PartyRole.WORKER, PartyRole.COMPLAINANT)


def _amount(label, *, minimum: str = "0.01", **kw):
    return MoneyField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(minimum),
        max_value=AMOUNT_MAX,
        **kw,
    )


class ExcessPayload(CommentPayload):
    """The reason given for a sum above what is owed, which the supervisor sees."""

    excess_reason = serializers.ChoiceField(
        label=_("超额理由"),
        choices=ExcessReason.choices,
        required=False,
        allow_blank=True,
        help_text=_("金额超出尚欠金额时必须选择；本栏仅在超出时记录"),
    )
    excess_note = serializers.CharField(
        label=_("超额说明"),
        required=False,
        allow_blank=True,
        max_length=TEXT_MAX,
        help_text=_("理由为“其他”时必填"),
    )

    def get_fields(self):
        # After the sum they explain, on the form and in the schema.
        fields = super().get_fields()
        for name in ("excess_reason", "excess_note"):
            fields[name] = fields.pop(name)
        return fields

    def excess(self, attrs: dict, problems: list[str], field: str) -> dict:
        """Refuse the sum on `field` when `problems` says it is above what is owed and no
        reason is given; keep the reason only where there is an excess to explain."""
        reason = attrs.pop("excess_reason", "") or ""
        note = (attrs.pop("excess_note", "") or "").strip()
        if not problems:
            return attrs
        if not reason:
            raise serializers.ValidationError(
                {
                    field: [*problems, _("如确属应付，请选择超额理由后重新提交。")],
                    "excess_reason": [_("金额超出时必须说明理由。")],
                }
            )
        if reason == ExcessReason.OTHER and not note:
            raise serializers.ValidationError(
                {"excess_note": [_("超额理由为“其他”时必须填写说明。")]}
            )
        return {**attrs, "excess_reason": reason, "excess_note": note}


class OrderPaymentPayload(ExcessPayload):
    due_date = serializers.DateField(label=_("支付期限"))
    amount = _amount(_("应支付金额（元）"))

    def validate_due_date(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError(_("支付期限不能早于今天。"))
        return within_reach(value)

    def validate(self, attrs):
        case = self.context.get("case")
        problems = []
        # A complaint that stated no amount leaves nothing to hold the order against.
        if case is not None and case.amount_owed > 0 and attrs["amount"] > case.amount_owed:
            problems.append(
                _("应支付金额 %(amount)s 元超出投诉拖欠金额 %(owed)s 元。")
                % {"amount": yuan(attrs["amount"]), "owed": yuan(case.amount_owed)}
            )
        return self.excess(attrs, problems, "amount")


class RecordPaymentPayload(ExcessPayload):
    amount = _amount(_("支付金额（元）"))
    paid_on = serializers.DateField(label=_("支付日期"))
    worker = serializers.IntegerField(
        label=_("劳动者"),
        required=False,
        min_value=1,
        max_value=ID_MAX,
        help_text=_("收款的劳动者；不填则记在投诉人名下"),
    )

    def validate_paid_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("支付日期不能晚于今天。"))
        return value

    def validate_worker(self, value):
        case = self.context["case"]
        if not CaseParty.objects.filter(pk=value, case=case, role__in=WORKER_ROLES).exists():
            raise serializers.ValidationError(_("该劳动者不是本案当事人。"))
        return value

    def validate(self, attrs):
        case = self.context.get("case")
        if case is None:
            return self.excess(attrs, [], "amount")
        workers = CaseParty.objects.filter(case=case, role__in=WORKER_ROLES).select_related(
            "person"
        )
        # Unnamed, the payment is credited to the complainant, or else to the first worker.
        party = (
            workers.filter(pk=attrs["worker"]).first()
            if attrs.get("worker")
            else workers.order_by("role", "id").first()
        )
        if party is None:
            raise serializers.ValidationError({"worker": [_("请指定收款的劳动者。")]})
        attrs["worker"] = party.pk
        amount, problems = attrs["amount"], []
        due, paid = amount_due(case), net_paid(case)
        left = still_owed(due, paid)
        if amount > left:
            problems.append(
                _(
                    "支付金额 %(amount)s 元超出本案尚欠金额 %(left)s 元"
                    "（应付 %(due)s 元，已支付 %(paid)s 元）。"
                )
                % {"amount": yuan(amount), "left": yuan(left), "due": yuan(due), "paid": yuan(paid)}
            )
        if party.amount_owed:
            mine = net_paid_to(party)
            left = still_owed(party.amount_owed, mine)
            if amount > left:
                problems.append(
                    _(
                        "支付金额超出%(name)s尚欠的 %(left)s 元"
                        "（被拖欠 %(owed)s 元，已支付 %(paid)s 元）。"
                    )
                    % {
                        "name": party.person.name,
                        "left": yuan(left),
                        "owed": yuan(party.amount_owed),
                        "paid": yuan(mine),
                    }
                )
        return self.excess(attrs, problems, "amount")


class PaymentChoiceField(serializers.IntegerField):
    """A payment of the case, by id; the page offers the case's correctable payments."""

    def page_choices(self, context: dict) -> list[tuple[str, str]]:
        case = context.get("case")
        if case is None:
            return []
        return [
            (
                str(p.pk),
                _("%(on)s %(name)s %(amount)s 元（记录号 %(id)s）")
                % {
                    "on": p.paid_on.isoformat(),
                    "name": p.party.person.name,
                    "amount": yuan(p.amount),
                    "id": p.pk,
                },
            )
            for p in correctable(case)
        ]


class CorrectPaymentPayload(ReasonPayload):
    """Reverses (all or part of) one recorded payment by a correcting entry."""

    payment = PaymentChoiceField(
        label=_("更正的支付记录"), min_value=1, max_value=ID_MAX, help_text=_("支付记录号")
    )
    amount = _amount(
        _("冲销金额（元）"),
        required=False,
        help_text=_("不填则冲销该笔全部金额；不能超过原支付金额"),
    )

    def validate_payment(self, value):
        row = Payment.objects.filter(pk=value, case=self.context["case"]).first()
        if row is None:
            raise serializers.ValidationError(_("本案没有该支付记录。"))
        if row.corrects_id is not None:
            raise serializers.ValidationError(_("更正记录不能再更正；如仍有错误，请重新记录支付。"))
        if Payment.objects.filter(corrects=row).exists():
            raise serializers.ValidationError(_("该笔支付已更正过，不能再次更正。"))
        return value

    def validate(self, attrs):
        case = self.context.get("case")
        if case is None:
            return attrs
        original = Payment.objects.get(pk=attrs["payment"], case=case)
        amount = attrs.get("amount") or original.amount
        if amount > original.amount:
            raise serializers.ValidationError(
                {
                    "amount": [
                        _("冲销金额不能超过原支付金额 %(amount)s 元。")
                        % {"amount": yuan(original.amount)}
                    ]
                }
            )
        return {**attrs, "amount": amount}


class TransferPayload(ReasonPayload):
    evidence = serializers.ListField(
        label=_("移交证据"),
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=100,
    )


class ProposeClosurePayload(ExcessPayload, ClosurePayload):
    amount_recovered = _amount(_("追回金额（元）"), minimum="0")

    def validate_amount_recovered(self, value):
        # The payments recorded per worker (less their corrections) are money that reached
        # them: a closure report cannot claim less, or the case (and the statistics) would
        # lose recovered wages.
        case = self.context.get("case")
        if case is not None:
            paid = net_paid(case)
            if value < paid:
                raise serializers.ValidationError(
                    _("追回金额不能少于已记录的工资支付合计 %(paid)s 元。") % {"paid": paid}
                )
        return value

    def validate(self, attrs):
        case = self.context.get("case")
        problems = []
        if case is not None:
            recovered, due = attrs["amount_recovered"], amount_due(case)
            # More than was recorded as paid is money paid outside the records; more than
            # that and than what was owed is a figure the supervisor must see explained.
            if recovered > max(due, net_paid(case)):
                problems.append(
                    _("追回金额 %(amount)s 元超出应付金额 %(due)s 元。")
                    % {"amount": yuan(recovered), "due": yuan(due)}
                )
        return self.excess(attrs, problems, "amount_recovered")
