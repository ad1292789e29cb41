"""Payloads of the procedure's own steps; a kind's payloads build on them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.payloads import TEXT_MAX, CommentPayload


class ClosurePayload(CommentPayload):
    summary = serializers.CharField(label=_("结案摘要"), max_length=TEXT_MAX)


class FeedbackPayload(CommentPayload):
    satisfied = serializers.BooleanField(label=_("是否满意"))
