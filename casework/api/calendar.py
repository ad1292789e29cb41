"""API routes: calendar — deadlines counted against the published holiday schedule.

Open to everyone, logged in or not: it reveals nothing but the public holiday calendar.
"""

from __future__ import annotations

from datetime import date

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.workdays import add_days


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The start event's date, YYYY-MM-DD (not counted).")
    days = serializers.IntegerField(min_value=0, max_value=3650)
    unit = serializers.ChoiceField(
        choices=[("working", "working"), ("calendar", "calendar")],
        required=False,
        default="working",
    )

    def validate_start(self, value: date) -> date:
        # Keeps the arithmetic far from date.max (3650 days may add ~14 years of rest days).
        if not (1900 <= value.year <= 2200):
            raise serializers.ValidationError(_("起算日期须在1900年至2200年之间。"))
        return value


class DeadlineSerializer(serializers.Serializer):
    deadline = serializers.DateField()


class DeadlineView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Compute a deadline",
        description="The `days`-th working day (unit=working, the default) or calendar day "
        "(unit=calendar) after `start`, start itself not counted. A calendar-day period whose "
        "last day is a rest day ends on the next working day (民法典 §203). No login needed.",
        parameters=[DeadlineQuerySerializer],
        responses={
            200: DeadlineSerializer,
            400: OpenApiResponse(description="Field errors naming the bad parameter."),
        },
    )
    def get(self, request):
        params = DeadlineQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        try:
            deadline = add_days(p["start"], p["days"], p["unit"])
        except OverflowError:
            raise ValidationError({"start": [_("起算日期超出可计算范围。")]}) from None
        return Response(DeadlineSerializer({"deadline": deadline}).data)


urlpatterns = [
    path("calendar/deadline/", DeadlineView.as_view(), name="api-calendar-deadline"),
]
