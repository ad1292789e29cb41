"""API routes of the gig-market registry: the public map (GeoJSON, no login), and for
officers the list and detail with the open cases each market has among those the caller may
see, and registry edits by its editors.

Registry edits go through `casework.markets.actions`; a market that does not exist is 404,
an edit by someone outside the editing departments or jurisdiction is 403.
"""

from __future__ import annotations

from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.parsers import JSONFallbackNegotiation, JSONParser
from casework.api.serializers import ErrorSerializer

from .actions import market_create, market_set_status, market_update
from .models import Market
from .policy import market_policy
from .selectors import (
    clean_filters,
    market_cases_for_user,
    market_get_for_user,
    market_list_for_user,
    open_case_counts,
    status_history,
)

FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors, e.g. `{"lat": ["..."]}`.'
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such market.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Not an editor of this market.")


# --- the public map --------------------------------------------------------------------


class MarketPropertiesSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    jurisdiction = serializers.CharField(help_text="Jurisdiction code.")
    address = serializers.CharField()


class PointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("Point", "Point")])
    coordinates = serializers.ListField(
        child=serializers.FloatField(), min_length=2, max_length=2, help_text="[lon, lat]"
    )


class MarketFeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("Feature", "Feature")])
    id = serializers.IntegerField(help_text="The market id that `market` fields take.")
    geometry = PointSerializer()
    properties = MarketPropertiesSerializer()


class MarketCollectionSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("FeatureCollection", "FeatureCollection")])
    features = MarketFeatureSerializer(many=True)


class PublicMarketsView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The gig-market map (GeoJSON)",
        description="Every registered market as a GeoJSON Point feature; coordinates are "
        "[longitude, latitude] in WGS 84 degrees.",
        responses={200: MarketCollectionSerializer},
    )
    def get(self, request):
        features = []
        for m in Market.objects.select_related("jurisdiction").order_by("id"):
            features.append(
                {
                    "type": "Feature",
                    "id": m.pk,
                    "geometry": {"type": "Point", "coordinates": [float(m.lon), float(m.lat)]},
                    "properties": {
                        "name": m.name,
                        "kind": m.kind,
                        "kind_display": m.get_kind_display(),
                        "status": m.status,
                        "status_display": m.get_status_display(),
                        "jurisdiction": m.jurisdiction.code,
                        "address": m.address,
                    },
                }
            )
        return Response({"type": "FeatureCollection", "features": features})


# --- the officers' registry ---------------------------------------------------------------


def market_row(market: Market, open_cases: int) -> dict:
    return {
        "id": market.pk,
        "name": market.name,
        "kind": market.kind,
        "kind_display": market.get_kind_display(),
        "status": market.status,
        "status_display": market.get_status_display(),
        "jurisdiction": market.jurisdiction.code,
        "jurisdiction_name": market.jurisdiction.name,
        "address": market.address,
        "lon": float(market.lon),
        "lat": float(market.lat),
        "operator": market.operator,
        "facilities": list(market.facilities or []),
        "opening_hours": market.opening_hours,
        "open_cases": open_cases,
        "url": reverse("casework:market_detail", args=[market.pk]),
    }


def market_detail_data(user, market: Market) -> dict:
    cases = list(market_cases_for_user(user, market))
    data = market_row(market, sum(1 for c in cases if c.closed_at is None))
    data["can_edit"] = market_policy.can(user, "change", market)
    # A linked case the caller may not see is not named in the history either.
    visible = {c.pk for c in cases}
    data["status_history"] = [
        {
            "from": change.from_status,
            "to": change.to_status,
            "reason": change.reason,
            "actor": change.actor.username if change.actor else None,
            "at": change.at,
            "case": change.case.number if change.case_id in visible else None,
        }
        for change in status_history(market)
    ]
    data["cases"] = [
        {
            "id": c.pk,
            "number": c.number,
            "kind": c.kind,
            "kind_display": c.get_kind_display(),
            "status": c.status,
            "status_display": c.get_status_display(),
            "lead_unit": c.lead_unit.name,
            "department": c.lead_unit.department.code,
            "deadline": c.deadline,
            "closed": c.closed_at is not None,
        }
        for c in cases
    ]
    return data


class MarketRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    jurisdiction = serializers.CharField(help_text="Jurisdiction code.")
    jurisdiction_name = serializers.CharField()
    address = serializers.CharField()
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    operator = serializers.CharField()
    facilities = serializers.ListField(child=serializers.CharField())
    opening_hours = serializers.CharField()
    open_cases = serializers.IntegerField(help_text="Open cases about it that you may see.")
    url = serializers.CharField(help_text="The market page.")


# `from` is a Python keyword: the class is built from a dict of its fields.
MarketStatusChangeSerializer = type(
    "MarketStatusChangeSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.CharField(),
        "to": serializers.CharField(),
        "reason": serializers.CharField(),
        "actor": serializers.CharField(allow_null=True, help_text="Username."),
        "at": serializers.DateTimeField(),
        "case": serializers.CharField(
            allow_null=True, help_text="The deciding case's number, if you may see it."
        ),
    },
)


class MarketCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    lead_unit = serializers.CharField(help_text="The lead unit's name.")
    department = serializers.CharField(help_text="The lead unit's department code.")
    deadline = serializers.DateField(allow_null=True)
    closed = serializers.BooleanField()


class MarketDetailSerializer(MarketRowSerializer):
    can_edit = serializers.BooleanField()
    status_history = MarketStatusChangeSerializer(many=True)
    cases = MarketCaseSerializer(many=True, help_text="Cases about it that you may see.")


class MarketWriteSerializer(serializers.Serializer):
    """Documentation of the body; validation is the action's (field errors by name)."""

    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["public_welfare", "commercial", "informal"])
    status = serializers.ChoiceField(
        choices=["registered", "rectifying", "banned", "closed"], required=False
    )
    jurisdiction = serializers.CharField(help_text="Jurisdiction code.")
    address = serializers.CharField(required=False)
    lon = serializers.DecimalField(max_digits=9, decimal_places=6)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6)
    operator = serializers.CharField(required=False)
    facilities = serializers.ListField(child=serializers.CharField(), required=False)
    opening_hours = serializers.CharField(required=False)
    reason = serializers.CharField(required=False, help_text="Required when status changes.")


class MarketStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField()
    case = serializers.IntegerField(required=False, help_text="The case that decided it.")


def _body(request) -> dict:
    return request.data if isinstance(request.data, dict) else {}


class MarketListView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Gig markets, with the open cases you may see",
        description="All matching markets (not paginated: the map draws them all). "
        "`jurisdiction` includes the jurisdictions below it. Unknown filter values are "
        "ignored.",
        parameters=[
            OpenApiParameter("status", str, OpenApiParameter.QUERY),
            OpenApiParameter("kind", str, OpenApiParameter.QUERY),
            OpenApiParameter("jurisdiction", str, OpenApiParameter.QUERY),
            OpenApiParameter("q", str, OpenApiParameter.QUERY, description="Name contains."),
        ],
        responses={200: MarketRowSerializer(many=True)},
    )
    def get(self, request):
        markets = list(market_list_for_user(request.user, filters=clean_filters(request.GET)))
        counts = open_case_counts(request.user)
        return Response([market_row(m, counts.get(m.pk, 0)) for m in markets])

    @extend_schema(
        summary="Register a market",
        request=MarketWriteSerializer,
        responses={201: MarketDetailSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN},
    )
    def post(self, request):
        market = market_create(actor=request.user, data=dict(_body(request)))
        return Response(market_detail_data(request.user, market), status=status.HTTP_201_CREATED)


class MarketDetailView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="One market: registry data, status history and the cases you may see",
        responses={200: MarketDetailSerializer, 404: NOT_FOUND},
    )
    def get(self, request, market_id: int):
        market = market_get_for_user(request.user, market_id)
        return Response(market_detail_data(request.user, market))

    @extend_schema(
        summary="Update a market's registry data",
        description="Only the fields sent change. A status change needs `reason` and is "
        "written to the status history.",
        request=MarketWriteSerializer(partial=True),
        responses={200: MarketDetailSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request, market_id: int):
        market_get_for_user(request.user, market_id)
        market = market_update(actor=request.user, market_id=market_id, data=dict(_body(request)))
        return Response(market_detail_data(request.user, market))


class MarketStatusView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Change a market's status",
        request=MarketStatusSerializer,
        responses={
            200: MarketDetailSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="Already in that status."),
        },
    )
    def post(self, request, market_id: int):
        body = _body(request)
        market = market_set_status(
            actor=request.user,
            market_id=market_id,
            status=str(body.get("status") or ""),
            reason=str(body.get("reason") or ""),
            case=body.get("case") or None,
        )
        return Response(market_detail_data(request.user, market))


urlpatterns = [
    path("public/markets/", PublicMarketsView.as_view(), name="api-public-markets"),
    path("markets/", MarketListView.as_view(), name="api-markets"),
    path("markets/<id:market_id>/", MarketDetailView.as_view(), name="api-market-detail"),
    path("markets/<id:market_id>/status/", MarketStatusView.as_view(), name="api-market-status"),
]
