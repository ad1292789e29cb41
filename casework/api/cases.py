"""API routes: cases — the list, one case, its transitions, timeline and attachments.

Reads go through `casework.selectors`, writes through `casework.actions`; a case the caller
may not see is a 404 on every route, never a 403.
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, QueryDict
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions import (
    available_transitions,
    case_attach,
    case_open_internal,
    case_transition,
    record_download,
)
from casework.errors import UnknownTransition
from casework.kinds import all_kinds
from casework.models import Attachment, Case
from casework.presenters import clocks_for, parties_for, payments_for
from casework.selectors import CASE_SHOWN_WITH, case_get_for_user, case_list_for_user
from casework.stats import drilldown

from .case_filters import CaseFilterSerializer
from .errors import PayloadTooLarge
from .parsers import JSONFallbackNegotiation, JSONParser
from .request_schemas import OPEN_CASE_REQUEST, TRANSITION_REQUEST
from .responses import CASE_NOT_FOUND, PAGE_NOT_FOUND
from .serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CaseDetailSerializer,
    CaseRowSerializer,
    ErrorSerializer,
    TimelineEntrySerializer,
    TransitionSerializer,
)

FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Field errors, e.g. `{"amount": ["..."]}`, or `{"detail": "..."}` for a '
    "malformed body.",
)


def case_detail_data(request: Request, case: Case) -> dict:
    """The case as the caller sees it (unmasked parties are audited by `parties_for`)."""
    payments_for(case)
    context = {
        "request": request,
        "parties": parties_for(request.user, case, channel="api"),
        "clocks": clocks_for(case, pauses=False),
        "available_transitions": available_transitions(request.user, case),
    }
    return CaseDetailSerializer(case, context=context).data


OPEN_CASE_DESCRIPTION = (
    "Body: `kind` (an internal kind: `market_rectification`, `security_incident`, "
    "`inspection`, `joint_operation`), `jurisdiction` (code), `market`? (id), `occurred_on`?, "
    "`description`, and the kind's own fields (`KindSpec.open_serializer`), e.g. "
    "`incident_type` and `location`? for `security_incident`. A complaint the unit received "
    "in person, by letter or by phone (`wage_arrears`, `discrimination`) is recorded with the "
    "public complaint's body plus `received_on`? (YYYY-MM-DD, default today), "
    "`violation_continuing`? and `violation_ended_on`? (劳动保障监察条例 第二十条); its 201 "
    "adds `access_code`, shown once, for the complainant. Other public kinds are refused on "
    "`kind` (filed through `POST /api/v1/public/complaints/`). 400 names each bad field; "
    "403 when your unit may not lead the kind in that jurisdiction. Returns the case as "
    "`GET /api/v1/cases/{id}/` does."
)


class CasePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema: dict) -> dict:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["totals"] = {
            "type": "object",
            "description": (
                "Only under the `wages`, `helped` or `paid` filters: the sums over every "
                "listed case (all pages), by the statistics' field names: `wages_owed`, "
                "`wages_recovered`, `wages_paid` (decimal strings), `workers_helped`."
            ),
            "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        }
        return out


class CaseListView(generics.ListAPIView):
    serializer_class = CaseRowSerializer
    pagination_class = CasePagination

    def get_queryset(self):
        params = CaseFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        self.filters = params.filters()
        self.listed = case_list_for_user(self.request.user, filters=self.filters)
        return self.listed

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        # The sums behind the statistics' money and workers figures, over the whole list
        # (the queryset the page was cut from).
        if drilldown.sums_asked(self.filters):
            response.data["totals"] = drilldown.totals(
                self.listed, self.filters, timezone.localdate()
            )
        return response

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    @extend_schema(
        summary="Cases visible to the caller",
        parameters=[CaseFilterSerializer],
        responses={200: CaseRowSerializer(many=True), 400: FIELD_ERRORS, 404: PAGE_NOT_FOUND},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Open a case of an internal kind, or record a complaint received by the unit",
        description=OPEN_CASE_DESCRIPTION,
        request=OPEN_CASE_REQUEST,
        responses={
            201: CaseDetailSerializer,
            400: FIELD_ERRORS,
            403: OpenApiResponse(
                ErrorSerializer,
                description="Your unit may not lead this kind in this jurisdiction.",
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        body = request.data
        if not isinstance(body, dict):
            raise ValidationError({"non_field_errors": [_("请求体必须是 JSON 对象。")]})
        opened = case_open_internal(actor=request.user, data=dict(body))
        case = case_get_for_user(request.user, opened.pk)
        data = case_detail_data(request, case)
        if getattr(opened, "access_code", ""):
            # A complaint recorded by an officer: the code the complainant follows it with,
            # shown this once (only its HMAC is stored).
            data["access_code"] = opened.access_code
        return Response(data, status=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    @extend_schema(
        summary="One case",
        description="Parties' ID numbers and phones are masked unless the caller handles the "
        "case; each unmasked view is audited.",
        responses={200: CaseDetailSerializer, 404: CASE_NOT_FOUND},
    )
    def get(self, request, pk: int):
        case = case_get_for_user(request.user, pk)
        return Response(case_detail_data(request, case))


class TransitionSchema(AutoSchema):
    """Lists each kind's transitions and their fields, read from the kind registry."""

    def get_description(self) -> str:
        lines = [
            "Fire transition `name`. The body is a JSON object: `comment`, optional `version` "
            "(stale → 409) and the transition's own fields:",
            "",
        ]
        for spec in all_kinds():
            lines.append(f"**{spec.code}**")
            lines.append("")
            for name, tspec in spec.transitions.items():
                fields = []
                if tspec.serializer is not None:
                    for fname, field in tspec.serializer().fields.items():
                        fields.append(f"`{fname}`" + ("" if field.required else "?"))
                lines.append(f"- `{name}` ({tspec.role}): {', '.join(fields) or '—'}")
            lines.append("")
        lines.append(
            "400: bad payload (field errors), malformed JSON or a body that is not an object; "
            "403: visible but not permitted; 404: invisible case or unknown transition; "
            "409: not available from the current state, or stale `version`."
        )
        return "\n".join(lines)


def transition_body(request: Request) -> tuple[dict | QueryDict, int | None]:
    """The transition's fields and the optional `version` of a transition's body; 400 (or
    415) for a body that is not an object or a bad `version`."""
    body = request.data
    if isinstance(body, QueryDict):
        # Form posts keep their multi-valued fields (e.g. `evidence`) for the serializer.
        data = body.copy()
        has_version = "version" in data
        raw_version = data.pop("version", [None])[-1]
    elif isinstance(body, dict):
        data = dict(body)
        has_version = "version" in data
        raw_version = data.pop("version", None)
    else:
        raise ValidationError({"non_field_errors": [_("请求体必须是 JSON 对象。")]})
    if not has_version:
        return data, None
    checked = TransitionSerializer(data={"version": raw_version})
    checked.is_valid(raise_exception=True)
    return data, checked.validated_data.get("version")


@extend_schema(
    summary="Fire a transition",
    request=TRANSITION_REQUEST,
    responses={
        200: CaseDetailSerializer,
        400: FIELD_ERRORS,
        403: OpenApiResponse(ErrorSerializer, description="Visible but not permitted."),
        404: OpenApiResponse(
            ErrorSerializer, description="No such case, not visible, or unknown transition."
        ),
        409: OpenApiResponse(
            ErrorSerializer, description="Not available from this state, or stale version."
        ),
    },
)
class CaseTransitionView(APIView):
    # Decorated at class level so that the generated description of TransitionSchema stays.
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    content_negotiation_class = JSONFallbackNegotiation
    schema = TransitionSchema()

    def post(self, request, pk: int, name: str):
        try:
            data, version = transition_body(request)
        except APIException:
            # A case the caller may not see, or a name its kind lacks, is 404 whatever was
            # sent: only then is a bad body theirs to hear about.
            case = case_get_for_user(request.user, pk)
            if name not in case.spec.transitions:
                raise UnknownTransition(
                    _("该类案件没有此操作：%(name)s") % {"name": name}
                ) from None
            raise
        # The action checks visibility and the name (404) before the payload, as above. The
        # answer is the case as the transition left it (also when it handed the case out of
        # the caller's sight: they see what they did), not a second read of it.
        fired = case_transition(
            actor=request.user,
            case_id=pk,
            name=name,
            data=data,
            version=version,
            related=CASE_SHOWN_WITH,
        )
        return Response(case_detail_data(request, fired))


class CaseTimelineView(APIView):
    @extend_schema(
        summary="The case's timeline (officers' view)",
        responses={200: TimelineEntrySerializer(many=True), 404: CASE_NOT_FOUND},
    )
    def get(self, request, pk: int):
        case = case_get_for_user(request.user, pk)
        rows = case.timeline.select_related("actor").order_by("at", "id")
        return Response(TimelineEntrySerializer(rows, many=True).data)


def _upload_limit() -> int:
    # The file plus room for the multipart envelope and the description.
    return settings.ATTACHMENT_MAX_BYTES + 64 * 1024


class CaseAttachmentsView(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        summary="The case's evidence files",
        responses={200: AttachmentSerializer(many=True), 404: CASE_NOT_FOUND},
    )
    def get(self, request, pk: int):
        case = case_get_for_user(request.user, pk)
        rows = case.attachments.select_related("uploaded_by").order_by("created_at", "id")
        return Response(AttachmentSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Upload an evidence file",
        description="multipart/form-data with `file` and optional `description`. The type is "
        "recognised from the content; a file over `ATTACHMENT_MAX_BYTES` is 413 naming `file`.",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            400: FIELD_ERRORS,
            403: OpenApiResponse(ErrorSerializer, description="Visible but may not attach."),
            404: CASE_NOT_FOUND,
            413: OpenApiResponse(OpenApiTypes.OBJECT, description='`{"file": ["..."]}`'),
        },
    )
    def post(self, request, pk: int):
        case = case_get_for_user(request.user, pk)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > _upload_limit():
            # Refuse before reading the upload at all.
            raise PayloadTooLarge(
                {
                    "file": [
                        _("文件过大，单个文件不得超过 %(mb)s MB。")
                        % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                    ]
                }
            )
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        att = case_attach(
            actor=request.user,
            case_id=case.pk,
            upload=upload.validated_data["file"],
            description=upload.validated_data.get("description", ""),
        )
        att = Attachment.objects.select_related("uploaded_by").get(pk=att.pk)
        return Response(
            AttachmentSerializer(att, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class AttachmentDownloadView(APIView):
    @extend_schema(
        summary="Download an evidence file",
        description="Streams the file as an attachment; each download is audited.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, with Content-Disposition: attachment."
            ),
            404: CASE_NOT_FOUND,
        },
        parameters=[OpenApiParameter("att_id", int, OpenApiParameter.PATH)],
    )
    def get(self, request, pk: int, att_id: int):
        case = case_get_for_user(request.user, pk)
        att = Attachment.objects.filter(pk=att_id, case_id=case.pk).first()
        if att is None:
            raise NotFound(_("附件不存在。"))
        try:
            handle = att.file.open("rb")
        except (FileNotFoundError, OSError):
            raise NotFound(_("附件文件不存在。")) from None
        record_download(actor=request.user, attachment=att)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=att.original_name,
            content_type=att.content_type,
        )


urlpatterns = [
    path("cases/", CaseListView.as_view(), name="api-case-list"),
    path("cases/<id:pk>/", CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<id:pk>/transitions/<str:name>/",
        CaseTransitionView.as_view(),
        name="api-case-transition",
    ),
    path("cases/<id:pk>/timeline/", CaseTimelineView.as_view(), name="api-case-timeline"),
    path("cases/<id:pk>/attachments/", CaseAttachmentsView.as_view(), name="api-case-attachments"),
    path(
        "cases/<id:pk>/attachments/<id:att_id>/download/",
        AttachmentDownloadView.as_view(),
        name="api-attachment-download",
    ),
]
