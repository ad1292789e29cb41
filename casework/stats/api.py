"""API routes: `GET /api/v1/stats/?jurisdiction=&period=` and the monthly report as a PDF,
`GET /api/v1/stats/report.pdf?jurisdiction=&period=` (docs/statistics.md)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.exports import IgnoreFormatParam

from .bulletin import bulletin_download
from .report import build_report
from .schemas import StatsSerializer

JURISDICTION_PARAM = OpenApiParameter(
    "jurisdiction",
    OpenApiTypes.STR,
    description="A jurisdiction code; default: the caller's widest jurisdiction.",
)


class StatsView(APIView):
    @extend_schema(
        summary="Statistics of a jurisdiction over a period",
        description=(
            "Counts over the cases the caller may see in the jurisdiction's subtree: totals, "
            "by kind, lead unit, child jurisdiction, status and day or month; on time vs "
            "overdue; wages owed, recovered and paid; workers helped; markets by status; the "
            "response, resolution and satisfaction rates (三率). Each row links every count "
            "to the case list of the cases behind it (`cases`, `received_open_cases`, "
            "`on_time_cases`, `late_cases`, `closed_cases`, `resolved_cases`, "
            "`response_due_cases`, `response_timely_cases`, `follow_up_cases`, "
            "`satisfied_cases`, `open_cases`, `overdue_cases`: the page's address; the same "
            "query on `GET /api/v1/cases/` lists the same cases). Definitions in "
            "docs/statistics.md. 400 for a period that makes no sense or an unknown "
            "jurisdiction; 404 for a jurisdiction outside the caller's reach."
        ),
        parameters=[
            JURISDICTION_PARAM,
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description=(
                    "`2026`, `2026-Q4`, `2026-11`, `2026-11-05` or `2026-10-01..2026-12-31` "
                    "(both days included, at most 366 days); default: the current month."
                ),
            ),
        ],
        responses={200: StatsSerializer},
    )
    def get(self, request: Request) -> Response:
        report = build_report(
            request.user,
            jurisdiction=request.query_params.get("jurisdiction"),
            period=request.query_params.get("period"),
        )
        return Response(report)


class StatsReportView(APIView):
    # The answer is the PDF, or a JSON error: whatever the client accepts, errors are JSON.
    renderer_classes = [JSONRenderer]
    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        summary="The monthly statistics report (统计通报) as a PDF",
        description=(
            "The figures of `GET /api/v1/stats/` for one month, scoped the same way, laid out "
            "as an official document (GB/T 9704 page, embedded Chinese font, 文号, issuing "
            "unit, date, page numbers): headline figures, the three rates, a ranking of the "
            "jurisdictions and of the lead units by missed clocks, the kinds, the markets. "
            "Rendered on each request from the recorded data, never stored; every download "
            "is audited with the SHA-256 of the file. 400 for a period that is not a month "
            "that has begun, or an unknown jurisdiction; 404 for a jurisdiction outside the "
            "caller's reach."
        ),
        parameters=[
            JURISDICTION_PARAM,
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="A month, `2026-11`; default: the last complete month.",
            ),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The report, as an attachment."
            ),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description='Field errors, e.g. `{"period": ["..."]}`.'
            ),
            404: OpenApiResponse(
                OpenApiTypes.OBJECT, description="A jurisdiction outside the caller's reach."
            ),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        made = bulletin_download(
            request.user,
            jurisdiction=request.query_params.get("jurisdiction"),
            period=request.query_params.get("period"),
            channel="api",
        )
        return pdf_response(made.content, made.filename)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns = [
    path("stats/", StatsView.as_view(), name="api-stats"),
    path("stats/report.pdf", StatsReportView.as_view(), name="api-stats-report"),
]
