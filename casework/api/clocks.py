"""API routes: pausing and resuming a case's legal clock, named by its code."""

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
    pause_reasons = serializers.ListField(
        child=serializers.CharField(),
        source="exclusions",
        help_text="The reasons the clock's article excludes from its period; empty: it "
        "cannot be paused.",
    )
    extensions_left = serializers.IntegerField()

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
            "owner",
            "pause_reasons",
            "extensions_left",
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
        summary="Pause a legal clock for a reason its article excludes from the period",
    )
    def post(self, request, case_id: int, code: str):
        payload = PausePayload(data=request.data)
        payload.is_valid(raise_exception=True)
        clock = clock_pause(
            actor=request.user,
            case_id=case_id,
            code=code,
            reason=payload.validated_data["reason"],
            note=payload.validated_data.get("note", ""),
            version=payload.validated_data.get("version"),
        )
        return Response(ClockSerializer(clock).data)


class ClockResumeView(APIView):
    @extend_schema(
        request=ResumePayload, responses=ClockSerializer, summary="Resume a paused legal clock"
    )
    def post(self, request, case_id: int, code: str):
        payload = ResumePayload(data=request.data)
        payload.is_valid(raise_exception=True)
        clock = clock_resume(
            actor=request.user,
            case_id=case_id,
            code=code,
            version=payload.validated_data.get("version"),
        )
        return Response(ClockSerializer(clock).data)


urlpatterns = [
    path(
        "cases/<id:case_id>/clocks/<slug:code>/pause/",
        ClockPauseView.as_view(),
        name="api-clock-pause",
    ),
    path(
        "cases/<id:case_id>/clocks/<slug:code>/resume/",
        ClockResumeView.as_view(),
        name="api-clock-resume",
    ),
]
