"""API routes: a case's official documents, their PDFs, and the dossier built on request.

A case the caller may not see is a 404 on every route, and so is a document they may not
read (an unmasked dossier, to whoever does not handle the case) or one that does not exist.
"""

from __future__ import annotations

from django.http import FileResponse
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.documents.access import (
    document_for_user,
    documents_for_user,
    open_document,
    record_document_download,
)
from casework.documents.jobs import dossier_request, dossier_start, job_data, job_for_user
from casework.models import Document, DossierStatus
from casework.selectors import case_get_for_user

from .serializers import ErrorSerializer

NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such case or document, or not visible to you."
)


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["name", "title", "created_at", "sha256", "number", "size", "url"]

    def get_url(self, document: Document) -> str:
        return reverse("api-case-document", args=[document.case_id, document.name])


class DossierJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=DossierStatus.choices)
    status_display = serializers.CharField()
    total = serializers.IntegerField(help_text="Flowables to lay out (an estimate).")
    done = serializers.IntegerField()
    error = serializers.CharField(help_text="Why the build failed (Chinese); empty otherwise.")
    document = serializers.CharField(
        allow_null=True, help_text="The dossier's name once stored (`/documents/{name}.pdf`)."
    )
    url = serializers.CharField(help_text="Where to poll the job.")


def _job_body(job) -> dict:
    return {
        **job_data(job),
        "url": reverse("api-case-dossier-job", args=[job.case_id, job.pk]),
    }


class CaseDocumentsView(APIView):
    @extend_schema(
        summary="The case's official documents",
        description="`{name, title, created_at, sha256}` (plus `number`, `size`, `url`) for "
        "each document the caller may read, oldest first.",
        responses={200: DocumentSerializer(many=True), 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        case = case_get_for_user(request.user, pk)
        return Response(DocumentSerializer(documents_for_user(request.user, case), many=True).data)


class DocumentDownloadView(APIView):
    @extend_schema(
        summary="Download a document (PDF)",
        operation_id="cases_document_download",
        description="Each download is audited. An unknown name is 404.",
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH)],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int, name: str):
        case = case_get_for_user(request.user, pk)
        document = document_for_user(request.user, case, name)
        handle = open_document(document)
        record_document_download(actor=request.user, document=document, channel="api")
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{case.number}-{document.title}-{document.name}.pdf",
            content_type="application/pdf",
        )


class DossierView(APIView):
    @extend_schema(
        summary="Build the case's dossier (案卷)",
        description="A small case's dossier is built at once (201, the job finished, "
        "`document` named); a large one in the background (202): poll `url` while `status` "
        "is `pending` or `running`; once `finished`, download `/documents/{document}.pdf`. "
        "A build that fails ends `failed`, with `error` saying so in Chinese (at once: 500, "
        "the job with `detail` the same message); nothing is stored.",
        request=None,
        responses={
            201: DossierJobSerializer,
            202: DossierJobSerializer,
            404: NOT_FOUND,
            500: DossierJobSerializer,
        },
    )
    def post(self, request, pk: int):
        case = case_get_for_user(request.user, pk)
        job = dossier_start(dossier_request(actor=request.user, case_id=case.pk))
        if job.status == DossierStatus.FAILED:
            return Response(
                {**_job_body(job), "detail": job.error},
                status=status.HTTP_500_INTERNAL_SERVER_ERROR,
            )
        done = job.document_id is not None
        return Response(
            _job_body(job), status=status.HTTP_201_CREATED if done else status.HTTP_202_ACCEPTED
        )


class DossierJobView(APIView):
    @extend_schema(
        summary="Progress of a dossier build",
        parameters=[OpenApiParameter("job_id", int, OpenApiParameter.PATH)],
        responses={200: DossierJobSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, job_id: int):
        case = case_get_for_user(request.user, pk)
        return Response(_job_body(job_for_user(request.user, case, job_id)))


urlpatterns = [
    path("cases/<id:pk>/documents/", CaseDocumentsView.as_view(), name="api-case-documents"),
    path("cases/<id:pk>/documents/dossier/", DossierView.as_view(), name="api-case-dossier"),
    path(
        "cases/<id:pk>/documents/jobs/<id:job_id>/",
        DossierJobView.as_view(),
        name="api-case-dossier-job",
    ),
    path(
        "cases/<id:pk>/documents/<str:name>.pdf",
        DocumentDownloadView.as_view(),
        name="api-case-document",
    ),
]
