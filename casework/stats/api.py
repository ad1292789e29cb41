"""API route: `GET /api/v1/stats/?jurisdiction=&period=` (docs/statistics.md)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .report import build_report


class StatsView(APIView):
    @extend_schema(
        summary="Statistics of a jurisdiction over a period",
        description=(
            "Counts over the cases the caller may see in the jurisdiction's subtree: totals, "
            "by kind, lead unit, child jurisdiction, status and day or month; on time vs "
            "overdue; wages owed, recovered and paid; workers helped; markets by status; the "
            "response, resolution and satisfaction rates (三率). Definitions in "
            "docs/statistics.md. 400 for a period that makes no sense or an unknown "
            "jurisdiction; 404 for a jurisdiction outside the caller's reach."
        ),
        parameters=[
            OpenApiParameter(
                "jurisdiction",
                OpenApiTypes.STR,
                description="A jurisdiction code; default: the caller's widest jurisdiction.",
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description=(
                    "`2026`, `2026-Q4`, `2026-11`, `2026-11-05` or `2026-10-01..2026-12-31` "
                    "(both days included, at most 366 days); default: the current month."
                ),
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        report = build_report(
            request.user,
            jurisdiction=request.query_params.get("jurisdiction"),
            period=request.query_params.get("period"),
        )
        return Response(report)


urlpatterns = [path("stats/", StatsView.as_view(), name="api-stats")]
