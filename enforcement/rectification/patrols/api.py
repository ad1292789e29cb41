"""API routes of the fixed-point watch (定点盯守) of market-rectification cases.

The rectification case itself is opened and moved through the generic case endpoints
(`POST /api/v1/cases/`, `POST /api/v1/cases/{id}/transitions/{name}/`); these routes add the
watch and its patrols. Writes go through `enforcement.rectification.patrols.actions`.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.parsers import JSONFallbackNegotiation, JSONParser
from casework.api.responses import FIELD_ERRORS, FORBIDDEN
from casework.api.serializers import ErrorSerializer
from casework.selectors import case_get_for_user

from .actions import patrol_record, watch_end, watch_start
from .models import MarketWatch, PatrolVisit
from .selectors import patrols_for, watch_get_for_user, watches_for_case

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such case/watch, or not visible.")
CONFLICT = OpenApiResponse(ErrorSerializer, description="Already watched, ended or recorded.")


class PatrolSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    case = serializers.IntegerField(source="watch.case_id", read_only=True)
    case_number = serializers.CharField(source="watch.case.number", read_only=True)
    market = serializers.IntegerField(source="watch.market_id", read_only=True)
    market_name = serializers.CharField(source="watch.market.name", read_only=True)

    class Meta:
        model = PatrolVisit
        fields = [
            "id",
            "watch",
            "case",
            "case_number",
            "market",
            "market_name",
            "due_on",
            "officer",
            "visited_at",
            "compliant",
            "findings",
            "photo",
        ]


class WatchSerializer(serializers.ModelSerializer):
    started_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    ended_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    active = serializers.BooleanField(read_only=True)
    visits = PatrolSerializer(many=True, read_only=True)

    class Meta:
        model = MarketWatch
        fields = [
            "id",
            "case",
            "market",
            "unit",
            "interval_days",
            "starts_on",
            "instructions",
            "active",
            "started_by",
            "started_at",
            "ended_by",
            "ended_at",
            "end_reason",
            "visits",
        ]


class WatchStartSerializer(serializers.Serializer):
    interval_days = serializers.IntegerField(required=False, help_text="1–30, default 1")
    starts_on = serializers.DateField(required=False, help_text="Default today")
    instructions = serializers.CharField(required=False, allow_blank=True)


class WatchEndSerializer(serializers.Serializer):
    reason = serializers.CharField()


class PatrolRecordSerializer(serializers.Serializer):
    findings = serializers.CharField()
    compliant = serializers.BooleanField()
    photo = serializers.FileField(required=False, help_text="An image (multipart only)")


def _watch_data(watch: MarketWatch) -> dict:
    watch = MarketWatch.objects.prefetch_related("visits__officer", "visits__watch__case").get(
        pk=watch.pk
    )
    return WatchSerializer(watch).data


class CaseWatchesView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="The fixed-point watches of a market-rectification case",
        responses={200: WatchSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        rows = watches_for_case(request.user, case).prefetch_related("visits__officer")
        return Response(WatchSerializer(rows, many=True).data)

    @extend_schema(
        summary="Start a fixed-point watch (定点盯守) on the case's market",
        description="A supervisor of the lead unit. Patrol visits fall due every "
        "`interval_days` days from `starts_on` for the lead unit's officers until the watch "
        "is ended; the first ones are generated at once.",
        request=WatchStartSerializer,
        responses={
            201: WatchSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int):
        data = dict(request.data) if isinstance(request.data, dict) else request.data
        watch = watch_start(actor=request.user, case_id=pk, data=data)
        return Response(_watch_data(watch), status=status.HTTP_201_CREATED)


class WatchEndView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="End a fixed-point watch",
        description="A supervisor of the watching unit, with a `reason`.",
        request=WatchEndSerializer,
        responses={
            200: WatchSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, wid: int):
        reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
        watch = watch_end(actor=request.user, watch_id=wid, reason=reason)
        return Response(_watch_data(watch))


class WatchDetailView(APIView):
    @extend_schema(
        summary="One fixed-point watch with its patrol visits",
        responses={200: WatchSerializer, 404: NOT_FOUND},
    )
    def get(self, request: Request, wid: int):
        return Response(_watch_data(watch_get_for_user(request.user, wid)))


class PatrolListView(APIView):
    @extend_schema(
        summary="Patrol visits of the watches run by your units",
        description="By default the due visits not yet recorded, oldest first; `?all=1` "
        "lists every visit, newest first.",
        parameters=[OpenApiParameter("all", OpenApiTypes.BOOL, required=False)],
        responses={200: PatrolSerializer(many=True)},
    )
    def get(self, request: Request):
        everything = request.query_params.get("all") in ("1", "true")
        rows = patrols_for(request.user, open_only=not everything)[:200]
        return Response(PatrolSerializer(rows, many=True).data)


class PatrolRecordView(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Record a patrol visit",
        description="An officer or supervisor of the watching unit records what was found; "
        "an optional `photo` (multipart) is stored as evidence of the case.",
        request=PatrolRecordSerializer,
        responses={
            200: PatrolSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, vid: int):
        raw = request.data
        data = {k: raw.get(k) for k in ("findings", "compliant")} if hasattr(raw, "get") else raw
        visit = patrol_record(
            actor=request.user, visit_id=vid, data=data, photo=request.FILES.get("photo")
        )
        visit = PatrolVisit.objects.select_related("watch__case", "watch__market", "officer").get(
            pk=visit.pk
        )
        return Response(PatrolSerializer(visit).data)


urlpatterns = [
    path("cases/<id:pk>/watches/", CaseWatchesView.as_view(), name="api-case-watches"),
    path("watches/<id:wid>/", WatchDetailView.as_view(), name="api-watch"),
    path("watches/<id:wid>/end/", WatchEndView.as_view(), name="api-watch-end"),
    path("patrols/", PatrolListView.as_view(), name="api-patrols"),
    path("patrols/<id:vid>/record/", PatrolRecordView.as_view(), name="api-patrol-record"),
]
