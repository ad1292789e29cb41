"""API routes: pausing and resuming a case's legal clock."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions import clock_pause, clock_resume
from casework.clocks import local_today
from casework.models import LegalClock, PauseReason
from casework.workdays import days_left


class ClockSerializer(serializers.ModelSerializer):
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = LegalClock
        fields = [
            "id",
            "code",
            "title",
            "legal_basis",
            "day_unit",
            "start_date",
            "due_date",
            "status",
            "extended",
            "excluded_units",
            "days_left",
        ]

    def get_days_left(self, obj: LegalClock) -> int | None:
        if obj.status == "stopped":
            return None
        return days_left(local_today(), obj.due_date, obj.day_unit)


class PausePayload(serializers.Serializer):
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    version = serializers.IntegerField(required=False, min_value=1)


class ResumePayload(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1)


class ClockPauseView(APIView):
    @extend_schema(
        request=PausePayload,
        responses=ClockSerializer,
        summary="Pause a legal clock (appraisal, testing, hearing, public notice, waiting for a party)",
    )
    def post(self, request, case_id: int, clock_id: int):
        payload = PausePayload(data=request.data)
        payload.is_valid(raise_exception=True)
        clock = clock_pause(
            actor=request.user,
            case_id=case_id,
            clock_id=clock_id,
            reason=payload.validated_data["reason"],
            note=payload.validated_data.get("note", ""),
            version=payload.validated_data.get("version"),
        )
        return Response(ClockSerializer(clock).data)


class ClockResumeView(APIView):
    @extend_schema(
        request=ResumePayload, responses=ClockSerializer, summary="Resume a paused legal clock"
    )
    def post(self, request, case_id: int, clock_id: int):
        payload = ResumePayload(data=request.data)
        payload.is_valid(raise_exception=True)
        clock = clock_resume(
            actor=request.user,
            case_id=case_id,
            clock_id=clock_id,
            version=payload.validated_data.get("version"),
        )
        return Response(ClockSerializer(clock).data)


urlpatterns = [
    path(
        "cases/<int:case_id>/clocks/<int:clock_id>/pause/",
        ClockPauseView.as_view(),
        name="api-clock-pause",
    ),
    path(
        "cases/<int:case_id>/clocks/<int:clock_id>/resume/",
        ClockResumeView.as_view(),
        name="api-clock-resume",
    ),
]
