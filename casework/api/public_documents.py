"""API routes: the documents addressed to a complainant, by tracking number and access code.

The same lookup as the public status (`casework.api.public`): any miss — unknown number,
wrong or missing code, a document not addressed to the complainant, an unknown name — is
the same 404, and misses are throttled per client. Each download is audited.
"""

from __future__ import annotations

from django.http import FileResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.documents.access import (
    is_document_name,
    open_document,
    public_documents,
    record_document_download,
)

from .public import complainant_case
from .serializers import ErrorSerializer

MISS = OpenApiResponse(ErrorSerializer, description="Not found, or wrong code.")
CODE = OpenApiParameter("access_code", str, OpenApiParameter.QUERY, required=True)


class PublicDocumentSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    number = serializers.CharField()
    created_at = serializers.DateTimeField()
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="Add `?access_code=` to download it.")


class _PublicLookup(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class PublicDocumentsView(_PublicLookup):
    @extend_schema(
        summary="Documents addressed to the complainant",
        parameters=[CODE],
        responses={200: PublicDocumentSerializer(many=True), 404: MISS},
    )
    def get(self, request, tracking_number: str):
        case, _throttle = complainant_case(self, request, tracking_number)
        rows = [
            {
                "name": d.name,
                "title": d.title,
                "number": d.number,
                "created_at": d.created_at,
                "sha256": d.sha256,
                "url": reverse("api-public-document", args=[case.tracking_number, d.name]),
            }
            for d in public_documents(case)
        ]
        return Response(PublicDocumentSerializer(rows, many=True).data)


class PublicDocumentDownloadView(_PublicLookup):
    @extend_schema(
        summary="Download a document addressed to the complainant (PDF)",
        operation_id="public_complaints_document_download",
        parameters=[CODE, OpenApiParameter("name", str, OpenApiParameter.PATH)],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), 404: MISS},
    )
    def get(self, request, tracking_number: str, name: str):
        case, throttle = complainant_case(self, request, tracking_number)
        document = None
        if is_document_name(name):
            document = public_documents(case).filter(name=name).first()
        if document is None:
            throttle.failed()
            raise NotFound(_("文书不存在。"))
        handle = open_document(document)
        record_document_download(actor=None, document=document, channel="public")
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{document.title}-{document.name}.pdf",
            content_type="application/pdf",
        )


urlpatterns = [
    path(
        "public/complaints/<str:tracking_number>/documents/",
        PublicDocumentsView.as_view(),
        name="api-public-documents",
    ),
    path(
        "public/complaints/<str:tracking_number>/documents/<str:name>.pdf",
        PublicDocumentDownloadView.as_view(),
        name="api-public-document",
    ),
]
