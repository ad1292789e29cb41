"""API routes: duplicate suggestions, links between cases, and merging a case into another."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions.duplicates import (
    case_link,
    case_merge,
    case_unlink,
    duplicate_suggestions,
    links_for,
    merged_into,
)
from casework.models import Case, CaseLink
from casework.selectors import case_get_for_user

from .parsers import JSONFallbackNegotiation, JSONParser
from .responses import CASE_NOT_FOUND, FIELD_ERRORS, errors_naming
from .serializers import ErrorSerializer

FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Visible, but you do not handle it.")
LINK_NOT_FOUND = errors_naming(
    "LinkNotFoundSerializer",
    "case",
    description="No such case, or not visible to you; `case` when the other one is neither.",
)
LINK_CONFLICT = errors_naming(
    "LinkConflictSerializer",
    "case",
    description="A merged or closed case, or already linked (`case` names the other one).",
)
UNLINK_NOT_FOUND = errors_naming(
    "UnlinkNotFoundSerializer",
    "link",
    description="No such case, or not visible to you; `link` when the link is not this case's.",
)
MERGE_NOT_FOUND = errors_naming(
    "MergeNotFoundSerializer",
    "into",
    description="No such case, or not visible to you; `into` when the other one is neither.",
)
MERGE_CONFLICT = errors_naming(
    "MergeConflictSerializer",
    "version",
    "into",
    description="Stale `version`, or a case that cannot be merged now (`into`).",
)


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    lead_unit = serializers.CharField()
    submitted_at = serializers.DateTimeField()


def _ref(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "kind": case.kind,
        "status": case.status,
        "status_display": case.get_status_display(),
        "lead_unit": case.lead_unit.name,
        "submitted_at": case.submitted_at,
    }


class SuggestionSerializer(serializers.Serializer):
    case = CaseRefSerializer()
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="`employer` and/or `market`"
    )
    reasons_display = serializers.ListField(child=serializers.CharField())
    days_apart = serializers.IntegerField()
    mergeable = serializers.BooleanField(
        help_text="Same kind and lead unit, both open: this case could be merged into it."
    )


class LinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = CaseRefSerializer(help_text="The other case of the link.")
    reason = serializers.CharField()
    created_by = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()


def _link_data(link: CaseLink, other: Case) -> dict:
    return {
        "id": link.pk,
        "case": _ref(other),
        "reason": link.reason,
        "created_by": link.created_by.username if link.created_by else None,
        "created_at": link.created_at,
    }


class LinkCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The id of the case to link to."
    )
    reason = serializers.CharField(max_length=500)


class MergeSerializer(serializers.Serializer):
    into = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The id of the case that survives."
    )
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class MergeResultSerializer(serializers.Serializer):
    merged = CaseRefSerializer()
    into = CaseRefSerializer()
    aliases = serializers.ListField(
        child=serializers.CharField(),
        help_text="Numbers and tracking numbers that now lead to the surviving case.",
    )


class DuplicatesView(APIView):
    @extend_schema(
        summary="Possible duplicates of a case",
        description="Cases you may see against the same employer (credit code, or name when "
        "either has no code) or about the same market, submitted within 90 days of this one. "
        "Merged and already linked cases are left out.",
        responses={200: SuggestionSerializer(many=True), 404: CASE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        rows = [
            {
                "case": _ref(s.case),
                "reasons": s.reasons,
                "reasons_display": s.reason_labels,
                "days_apart": s.days_apart,
                "mergeable": s.mergeable,
            }
            for s in duplicate_suggestions(request.user, case)
        ]
        return Response(SuggestionSerializer(rows, many=True).data)


class LinkListView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="The cases linked to a case",
        description="Links to cases you may not see are not listed.",
        responses={200: LinkSerializer(many=True), 404: CASE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        rows = [_link_data(link, other) for link, other in links_for(request.user, case)]
        return Response(LinkSerializer(rows, many=True).data)

    @extend_schema(
        summary="Link a case to another",
        description="A symmetric relation with a reason. You must handle this case and see "
        "the other one.",
        request=LinkCreateSerializer,
        responses={
            201: LinkSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: LINK_NOT_FOUND,
            409: LINK_CONFLICT,
        },
    )
    def post(self, request: Request, pk: int):
        body = LinkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        link = case_link(
            actor=request.user,
            case_id=pk,
            other_id=body.validated_data["case"],
            reason=body.validated_data["reason"],
        )
        other = Case.objects.select_related("lead_unit").get(pk=link.other(pk)).as_kind()
        return Response(_link_data(link, other), status=status.HTTP_201_CREATED)


class LinkDetailView(APIView):
    @extend_schema(
        summary="Remove a link",
        responses={204: None, 403: FORBIDDEN, 404: UNLINK_NOT_FOUND},
    )
    def delete(self, request: Request, pk: int, link_id: int):
        case_unlink(actor=request.user, case_id=pk, link_id=link_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MergeView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Merge a case into another",
        description="The case ends in the state `merged`; the case `into` (same kind and lead "
        "unit, open) takes over its parties, and the merged case's number and tracking number "
        "lead to it from then on (public status lookup, case list search).",
        request=MergeSerializer,
        responses={
            200: MergeResultSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: MERGE_NOT_FOUND,
            409: MERGE_CONFLICT,
        },
    )
    def post(self, request: Request, pk: int):
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        survivor = case_merge(
            actor=request.user,
            case_id=pk,
            into_id=data["into"],
            version=data.get("version"),
            reason=data["reason"],
        )
        merged = Case.objects.select_related("lead_unit").get(pk=pk).as_kind()
        survivor = Case.objects.select_related("lead_unit").get(pk=survivor.pk).as_kind()
        alias = merged_into(merged)
        result = {
            "merged": _ref(merged),
            "into": _ref(survivor),
            "aliases": [alias.number, alias.tracking_number] if alias else [],
        }
        return Response(MergeResultSerializer(result).data)


urlpatterns = [
    path("cases/<id:pk>/duplicates/", DuplicatesView.as_view(), name="api-case-duplicates"),
    path("cases/<id:pk>/links/", LinkListView.as_view(), name="api-case-links"),
    path(
        "cases/<id:pk>/links/<id:link_id>/",
        LinkDetailView.as_view(),
        name="api-case-link-detail",
    ),
    path("cases/<id:pk>/merge/", MergeView.as_view(), name="api-case-merge"),
]
