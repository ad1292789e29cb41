"""Payloads of the discrimination kind's own steps. Pages and the API validate with these
same classes."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.payloads import TEXT_MAX, CommentPayload, within_reach

# The longest statute reference an officer cites (a few articles of a few regulations).
BASIS_MAX = 500


def requirement_items(text: str) -> list[str]:
    """The items of an order to correct, one per non-blank line, in the order typed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class OrderCorrectionPayload(CommentPayload):
    """责令限期改正: what the employer must correct, by when, and the rules it broke."""

    due_date = serializers.DateField(label=_("改正期限"), help_text=_("须晚于今天"))
    requirements = serializers.CharField(
        label=_("改正要求"),
        max_length=TEXT_MAX,
        help_text=_("每行一项，例如：停止在招聘中设置性别限制"),
    )
    basis = serializers.CharField(
        label=_("违反的规定"),
        required=False,
        allow_blank=True,
        max_length=BASIS_MAX,
        help_text=_("用人单位违反的具体规定；不填则为《中华人民共和国就业促进法》第二十六条"),
    )

    def validate_due_date(self, value):
        # An order due today would be overdue at its first reading.
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("改正期限须晚于今天。"))
        return within_reach(value)

    def validate_requirements(self, value):
        items = requirement_items(value)
        if not items:
            raise serializers.ValidationError(_("请填写至少一项改正要求。"))
        return "\n".join(items)

    def validate_basis(self, value):
        return value.strip()
