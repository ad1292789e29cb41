"""Payloads of the mediation steps. Pages and the API validate with these same classes."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.payloads import AMOUNT_MAX, TEXT_MAX, CommentPayload, MoneyField, within_reach


class AgreementPayload(CommentPayload):
    """调解协议书 (劳动争议调解仲裁法 §14): what the parties agreed, and the sum if any (at
    most `AMOUNT_MAX`, as every money figure; 0 or none: the agreement states no payment)."""

    terms = serializers.CharField(label=_("调解协议内容"), max_length=TEXT_MAX)
    amount = MoneyField(
        label=_("协议金额（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=AMOUNT_MAX,
        required=False,
        allow_null=True,
    )
    performance_due = serializers.DateField(label=_("履行期限"), required=False, allow_null=True)

    def validate_performance_due(self, value):
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError(_("履行期限不能早于今天。"))
        return value if value is None else within_reach(value)
