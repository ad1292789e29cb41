"""API routes: public — what anyone may read without logging in.

A complaint's status is found by tracking number plus access code; any miss (unknown
number, wrong or missing code) is the same 404, and misses are throttled per client.
Filing complaints is the kinds' business (each app that owns public kinds routes it); the
public market map is the registry's (`casework.markets.api`).
"""

from __future__ import annotations

import re

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions import check_access_code
from casework.public_status import public_facts
from casework.selectors import case_by_tracking, public_timeline
from casework.validators import normalise_access_code, normalise_tracking_number

from .serializers import ErrorSerializer
from .throttling import LookupThrottles


class PublicHistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    event = serializers.CharField()


class PublicMoneySerializer(serializers.Serializer):
    owed = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="As complained.")
    ordered = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, help_text="The payment order's sum."
    )
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Paid so far.")
    still_owed = serializers.DecimalField(max_digits=14, decimal_places=2)


class PublicStatusSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    history = PublicHistorySerializer(many=True)
    deadline_label = serializers.CharField(
        help_text="Which deadline `deadline` is: the binding clock's title, as its kind names "
        "it (受理期限, 调查处理期限, 限期支付期限, ...); empty when none runs."
    )
    deadline_provisional = serializers.BooleanField(
        help_text="暂定: the deadline counts a year whose holiday notice is not loaded yet."
    )
    money = PublicMoneySerializer(
        allow_null=True,
        help_text="The case's wages as decimal strings, for kinds that track wages; else null.",
    )
    outcome = serializers.CharField(
        help_text="The result in plain words once the case is closed or rejected; else empty."
    )
    next_steps = serializers.CharField(
        help_text="What the complainant can do next (review, arbitration, court); may be empty."
    )
    rejection_reason = serializers.CharField(
        help_text="Why the complaint was not accepted, as the 不予受理通知书 states it; "
        "empty unless rejected with that notice."
    )


TRACKING_RE = re.compile(r"^[A-Za-z0-9]{1,20}$")
ACCESS_CODE_MAX = 32


def complainant_case(view, request, tracking_number: str):
    """The case a tracking number and its `access_code` open, and the lookup's throttle;
    404 for a wrong pair (the same whatever is wrong), 429 after too many misses from the
    client or on the number (`LookupThrottles`)."""
    # As typed on a phone: full-width digits, blanks (docs/api.md).
    tracking_number = normalise_tracking_number(tracking_number)
    throttle = LookupThrottles(tracking_number)
    if not throttle.allow_request(request, view):
        raise Throttled(throttle.wait())
    code = normalise_access_code(request.query_params.get("access_code", ""))
    case = None
    if TRACKING_RE.match(tracking_number) and 0 < len(code) <= ACCESS_CODE_MAX:
        case = case_by_tracking(tracking_number)
    if case is None or not check_access_code(case, code):
        throttle.failed()
        raise NotFound(_("未找到该投诉，请核对查询编号和查询码。"))
    return case, throttle


class PublicComplaintStatusView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A complaint's public status",
        description="No login. The tracking number and access code are those returned when "
        "the complaint was filed. A wrong or missing code, or an unknown number, is 404 (the "
        "same body); repeated misses from one client, or on one tracking number from any "
        "client, are throttled (429).",
        parameters=[
            OpenApiParameter("access_code", str, OpenApiParameter.QUERY, required=True),
        ],
        responses={
            200: PublicStatusSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Not found, or wrong code."),
            429: OpenApiResponse(ErrorSerializer, description="Too many failed lookups."),
        },
    )
    def get(self, request, tracking_number: str):
        case, _throttle = complainant_case(self, request, tracking_number)
        history = [
            {"at": at, "event": text}
            for at, text in public_timeline(case)
            .exclude(public_text="")
            .order_by("at", "id")
            .values_list("at", "public_text")
        ]
        data = {
            "tracking_number": case.tracking_number,
            "status": case.status,
            "status_display": case.get_status_display(),
            "deadline": case.deadline,
            "history": history,
            **public_facts(case).as_dict(),
        }
        return Response(PublicStatusSerializer(data).data)


urlpatterns = [
    path(
        "public/complaints/<str:tracking_number>/",
        PublicComplaintStatusView.as_view(),
        name="api-public-complaint-status",
    ),
]
