"""Payloads of the wage-arrears steps. Pages and the API validate with these same classes."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.models import CaseParty, PartyRole
from casework.payloads import CommentPayload, ReasonPayload

from ..investigated_complaint.payloads import ClosurePayload


def _amount(label, **kw):
    return serializers.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("999999999999.99"),
        **kw,
    )


class OrderPaymentPayload(CommentPayload):
    due_date = serializers.DateField(label=_("支付期限"))
    amount = _amount(_("应支付金额（元）"))

    def validate_due_date(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError(_("支付期限不能早于今天。"))
        return value


class RecordPaymentPayload(CommentPayload):
    amount = _amount(_("支付金额（元）"))
    paid_on = serializers.DateField(label=_("支付日期"))
    worker = serializers.IntegerField(label=_("劳动者"), required=False, min_value=1)

    def validate_paid_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("支付日期不能晚于今天。"))
        return value

    def validate_worker(self, value):
        case = self.context["case"]
        if not CaseParty.objects.filter(
            pk=value, case=case, role__in=[PartyRole.WORKER, PartyRole.COMPLAINANT]
        ).exists():
            raise serializers.ValidationError(_("该劳动者不是本案当事人。"))
        return value


class TransferPayload(ReasonPayload):
    evidence = serializers.ListField(
        label=_("移交证据"),
        child=serializers.CharField(max_length=200),
        required=False,
        max_length=100,
    )


class ProposeClosurePayload(ClosurePayload):
    amount_recovered = serializers.DecimalField(
        label=_("追回金额（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("999999999999.99"),
    )

    def validate_amount_recovered(self, value):
        # The payments recorded per worker are money that reached them: a closure report
        # cannot claim less, or the case (and the statistics) would lose recovered wages.
        case = self.context.get("case")
        if case is not None:
            paid = case.payments.aggregate(s=Sum("amount"))["s"] or Decimal("0")
            if value < paid:
                raise serializers.ValidationError(
                    _("追回金额不能少于已记录的工资支付合计 %(paid)s 元。") % {"paid": paid}
                )
        return value
