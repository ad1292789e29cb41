"""A complaint the unit received in person, by letter or by phone, recorded by one of its
officers, supervisors or clerks (登记) through `POST /api/v1/cases/` or the new-case page.

The body is the public complaint's, plus the day the complaint was received (`received_on`,
today when absent): the two years of 劳动保障监察条例 第二十条 are held against that day, not
against the day it was typed in. The lead unit is the recorder's own unit in the complaint's
jurisdiction (403 otherwise, from `case_open`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework.errors import InvalidInput
from casework.kinds import public_kinds

from .actions import file_public_complaint
from .payloads import PublicComplaintSerializer


class OfficerComplaintSerializer(PublicComplaintSerializer):
    received_on = serializers.DateField(
        label=_l("收到投诉日期"),
        required=False,
        allow_null=True,
        help_text=_l("来访、来信或电话投诉收到的日期，不填为今天"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.code, k.label) for k in public_kinds() if k.intake.officer_open is not None
        ]

    def validate_received_on(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(_("收到日期不能晚于今天。"))
        return value

    def validate(self, attrs):
        attrs = super().validate(attrs)
        received = attrs.get("received_on") or timezone.localdate()
        if received < attrs["occurred_on"]:
            raise serializers.ValidationError({"received_on": [_("收到日期不能早于发生日期。")]})
        ended = attrs.get("violation_ended_on")
        if ended is not None and ended > received:
            raise serializers.ValidationError(
                {"violation_ended_on": [_("终了日期不能晚于收到投诉的日期。")]}
            )
        attrs["received_on"] = received
        return attrs


def record_complaint(*, actor, data: dict):
    """Validate and open the complaint as `actor`'s unit received it; returns (case,
    access_code). Bad input is one 400 naming every bad field (nested for the complainant
    and the employer); nothing is written unless the case opens."""
    complaint = OfficerComplaintSerializer(data=data)
    if not complaint.is_valid():
        raise InvalidInput(_("提交的内容有误。"), errors=complaint.errors)
    validated = complaint.validated_data
    return file_public_complaint(
        validated,
        actor=actor,
        details={"received_on": validated["received_on"].isoformat()},
    )
