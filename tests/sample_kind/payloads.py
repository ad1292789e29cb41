"""What opening a referral and handling it ask for."""

from __future__ import annotations

from rest_framework import serializers

from casework.payloads import TEXT_MAX, CommentPayload


class ReferralOpenSerializer(serializers.Serializer):
    ticket = serializers.RegexField(r"^\d{8,12}$", label="工单号", max_length=12)


class HandlePayload(CommentPayload):
    result = serializers.CharField(label="办理结果", max_length=TEXT_MAX)
