"""API routes: exporting the case list as CSV or XLSX, and the background exports' status
and files (docs/exports.md).

`?format=` names the file format here, so DRF's own use of that parameter (choosing a
renderer) is switched off on these views: they answer JSON, or the file itself.
"""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions.exports import (
    background_threshold,
    cases_export,
    export_file_open,
    export_for_download,
    export_job_create,
    export_size,
)
from casework.models import CaseExport, ExportFormat, ExportStatus

from .case_filters import CaseFilterSerializer
from .serializers import ErrorSerializer


class ExportParamsSerializer(CaseFilterSerializer):
    """The case list's filters (as `GET /api/v1/cases/`) and the file format."""

    format = serializers.ChoiceField(
        choices=ExportFormat.choices, help_text="`csv` (UTF-8 with BOM) or `xlsx`."
    )

    def filters(self) -> dict:
        out = super().filters()
        out.pop("format", None)
        return out


class ExportStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    format = serializers.CharField()
    status = serializers.ChoiceField(choices=ExportStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    total = serializers.IntegerField(help_text="Rows to write.")
    done = serializers.IntegerField(help_text="Rows written so far.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField(
        help_text="Where to fetch the file once `status` is `finished`, else null."
    )

    def get_download_url(self, job: CaseExport) -> str | None:
        if job.status != ExportStatus.FINISHED:
            return None
        return reverse("api-export-download", args=[job.pk])


class IgnoreFormatParam(DefaultContentNegotiation):
    """Always JSON: `?format=` is the export's file format, not a renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CaseExportView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = IgnoreFormatParam

    @extend_schema(
        summary="Export the case list (CSV or XLSX)",
        description=(
            "The rows `GET /api/v1/cases/` lists for the same filters, in the same order, "
            "with the columns of docs/exports.md. Parties are masked unless the caller "
            "handles the case. Up to `EXPORT_BACKGROUND_ROWS` rows (2,000 by default) the "
            "file is the answer; above, 202 with the background export's status (and a "
            "`Location` header): poll it, then fetch `download_url`. Every export is audited."
        ),
        parameters=[ExportParamsSerializer],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
            202: ExportStatusSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description='Field errors, e.g. `{"format": ["..."]}`.'
            ),
        },
    )
    def get(self, request):
        params = ExportParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        fmt = params.validated_data["format"]
        filters = params.filters()
        total = export_size(actor=request.user, filters=filters)
        if total > background_threshold():
            job = export_job_create(actor=request.user, filters=filters, fmt=fmt, total=total)
            url = reverse("api-export-status", args=[job.pk])
            return Response(
                ExportStatusSerializer(job).data,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": url},
            )
        made = cases_export(actor=request.user, filters=filters, fmt=fmt)
        return file_response(made.content, made.filename, made.content_type)


NOT_YOURS = OpenApiResponse(ErrorSerializer, description="No such export, or not yours.")


class ExportStatusView(APIView):
    @extend_schema(
        summary="A background export's progress",
        responses={200: ExportStatusSerializer, 404: NOT_YOURS},
    )
    def get(self, request, pk: int):
        job = export_for_download(actor=request.user, export_id=pk)
        return Response(ExportStatusSerializer(job).data)


class ExportDownloadView(APIView):
    @extend_schema(
        summary="Download a background export's file",
        description="Only the user who asked for the export may fetch it; each download is "
        "audited. 409 while it is still being built.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment."
            ),
            404: NOT_YOURS,
            409: OpenApiResponse(ErrorSerializer, description="Not ready (or failed)."),
        },
    )
    def get(self, request, pk: int):
        job = export_for_download(actor=request.user, export_id=pk)
        return export_file_response(request.user, job)


def export_file_response(user, job: CaseExport) -> FileResponse:
    handle, filename, content_type = export_file_open(actor=user, job=job)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


urlpatterns = [
    path("cases/export/", CaseExportView.as_view(), name="api-case-export"),
    path("exports/<id:pk>/", ExportStatusView.as_view(), name="api-export-status"),
    path("exports/<id:pk>/download/", ExportDownloadView.as_view(), name="api-export-download"),
]
