"""Opening fields and transition payloads of security incidents (pages and API alike)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.payloads import TEXT_MAX, CommentPayload, ReasonPayload

from .models import IncidentType


class IncidentOpenSerializer(serializers.Serializer):
    """A security incident's own fields when it is opened (接报警)."""

    incident_type = serializers.ChoiceField(label=_("事件类型"), choices=IncidentType.choices)
    location = serializers.CharField(
        label=_("发生地点"), required=False, allow_blank=True, max_length=200
    )


class ArrivePayload(CommentPayload):
    scene = serializers.CharField(label=_("现场情况"), max_length=TEXT_MAX)


DECISIONS = (("penalty", _("处罚决定")), ("no_penalty", _("不予处罚")))


class DecidePayload(CommentPayload):
    decision = serializers.ChoiceField(label=_("决定类型"), choices=DECISIONS)
    penalty = serializers.CharField(
        label=_("处罚内容"),
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("如：行政拘留十日，并处罚款五百元"),
    )
    legal_basis = serializers.CharField(
        label=_("法律依据"), max_length=500, help_text=_("如：《治安管理处罚法》第四十三条")
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["decision"] == "penalty" and not attrs.get("penalty", "").strip():
            raise serializers.ValidationError({"penalty": [_("作出处罚决定时必须填写处罚内容。")]})
        return attrs


class TransferCriminalPayload(ReasonPayload):
    charge = serializers.CharField(label=_("涉嫌罪名"), max_length=100)


class ProposeClosurePayload(CommentPayload):
    summary = serializers.CharField(label=_("办理情况"), max_length=TEXT_MAX)
