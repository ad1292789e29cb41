"""API routes: transferring a case to another unit (移送/转办) and bulk reassignment."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.actions.reassign import (
    reassignment_create,
    reassignment_run,
    reassignment_start,
)
from casework.actions.transfer import (
    case_transfer_accept,
    case_transfer_propose,
    case_transfer_return,
)
from casework.errors import CaseNotFound
from casework.models import CaseTransfer, ReassignmentJob
from casework.selectors import case_get_for_user
from permissions.models import Role, Unit
from permissions.selectors import org_of

from .parsers import JSONFallbackNegotiation, JSONParser
from .responses import CASE_NOT_FOUND, FIELD_ERRORS, FORBIDDEN
from .serializers import ErrorSerializer

CONFLICT = OpenApiResponse(
    ErrorSerializer, description="Stale `version`, final case, or transfer not pending."
)


class TransferSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="`refer` or `reassign_jurisdiction`")
    status = serializers.CharField(read_only=True, help_text="`pending`, `accepted`, `returned`")
    from_unit = serializers.SerializerMethodField()
    to_unit = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = CaseTransfer
        fields = [
            "id",
            "case",
            "from_unit",
            "to_unit",
            "kind",
            "kind_display",
            "reason",
            "status",
            "status_display",
            "proposed_by",
            "proposed_at",
            "due_on",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]

    def get_from_unit(self, obj: CaseTransfer) -> dict:
        return {"id": obj.from_unit_id, "name": obj.from_unit.name}

    def get_to_unit(self, obj: CaseTransfer) -> dict:
        return {"id": obj.to_unit_id, "name": obj.to_unit.name}


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1
    )


class ProposeSerializer(VersionSerializer):
    to_unit = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    # Plain text, checked by the action: a ChoiceField would add a second "kind" enum to the
    # schema next to the case kinds.
    kind = serializers.CharField(
        max_length=30,
        help_text="`refer` (to another department) or `reassign_jurisdiction` (same "
        "department, another jurisdiction).",
    )
    reason = serializers.CharField(max_length=2000)


class DecisionSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _transfer_data(transfer: CaseTransfer) -> dict:
    transfer = CaseTransfer.objects.select_related(
        "from_unit", "to_unit", "proposed_by", "decided_by"
    ).get(pk=transfer.pk)
    return TransferSerializer(transfer).data


class TransferListView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="The transfers of a case",
        responses={200: TransferSerializer(many=True), 404: CASE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        rows = CaseTransfer.objects.filter(case=case).select_related(
            "from_unit", "to_unit", "proposed_by", "decided_by"
        )
        return Response(TransferSerializer(rows, many=True).data)

    @extend_schema(
        summary="Propose to transfer a case to another unit",
        description="`kind` is `refer` (移送, to another department) or "
        "`reassign_jurisdiction` (转办, same department, other jurisdiction). The receiving "
        "unit must be able to lead the case's kind and answers within 3 calendar days.",
        request=ProposeSerializer,
        responses={
            201: TransferSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int):
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        transfer = case_transfer_propose(
            actor=request.user,
            case_id=pk,
            to_unit_id=data["to_unit"],
            kind=data["kind"],
            reason=data["reason"],
            version=data.get("version"),
        )
        return Response(_transfer_data(transfer), status=status.HTTP_201_CREATED)


class _DecisionView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation
    decide = staticmethod(case_transfer_accept)

    def post(self, request: Request, pk: int, tid: int):
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        transfer = self.decide(
            actor=request.user,
            case_id=pk,
            transfer_id=tid,
            reason=body.validated_data["reason"],
            version=body.validated_data.get("version"),
        )
        return Response(_transfer_data(transfer))


class TransferAcceptView(_DecisionView):
    decide = staticmethod(case_transfer_accept)

    @extend_schema(
        summary="Accept a transfer: the receiving unit leads the case",
        request=DecisionSerializer,
        responses={
            200: TransferSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int, tid: int):
        return super().post(request, pk, tid)


class TransferReturnView(_DecisionView):
    decide = staticmethod(case_transfer_return)

    @extend_schema(
        summary="Return a transfer with a reason: the case stays where it was",
        request=DecisionSerializer,
        responses={
            200: TransferSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int, tid: int):
        return super().post(request, pk, tid)


class JobSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    from_user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    to_user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReassignmentJob
        fields = [
            "id",
            "actor",
            "from_user",
            "to_user",
            "unit",
            "total",
            "done",
            "failed",
            "status",
            "created_at",
            "started_at",
            "finished_at",
            "errors",
        ]


class ReassignSerializer(serializers.Serializer):
    from_user = serializers.CharField(max_length=150)
    unit = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    to_user = serializers.CharField(max_length=150, required=False, allow_blank=True)


class ReassignmentListView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Reassign every open case of an officer in a unit",
        description="A supervisor of the unit hands over the officer's open cases, to "
        "`to_user` or each to the least loaded other officer. Runs in the background; "
        "`?wait=true` runs it before answering.",
        parameters=[OpenApiParameter("wait", OpenApiTypes.BOOL, required=False)],
        request=ReassignSerializer,
        responses={202: JobSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN},
    )
    def post(self, request: Request):
        body = ReassignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        users = get_user_model().objects
        to_name = data.get("to_user") or ""
        job = reassignment_create(
            actor=request.user,
            from_user=users.filter(username=data["from_user"]).first(),
            unit=Unit.objects.filter(pk=data["unit"]).first(),
            to_user=users.filter(username=to_name).first() if to_name else None,
            to_user_given=bool(to_name),
        )
        if request.query_params.get("wait", "").lower() in ("1", "true", "yes"):
            reassignment_run(job)
        else:
            reassignment_start(job)
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ReassignmentDetailView(APIView):
    @extend_schema(
        summary="Progress of a bulk reassignment",
        responses={200: JobSerializer, 404: CASE_NOT_FOUND},
    )
    def get(self, request: Request, job_id: int):
        job = ReassignmentJob.objects.filter(pk=job_id).first()
        # Visible to the supervisors of its unit only; anyone else gets the same 404.
        if job is None or job.unit_id not in org_of(request.user).units(Role.SUPERVISOR):
            raise CaseNotFound()
        return Response(JobSerializer(job).data)


urlpatterns = [
    path("cases/<id:pk>/transfers/", TransferListView.as_view(), name="api-case-transfers"),
    path(
        "cases/<id:pk>/transfers/<id:tid>/accept/",
        TransferAcceptView.as_view(),
        name="api-transfer-accept",
    ),
    path(
        "cases/<id:pk>/transfers/<id:tid>/return/",
        TransferReturnView.as_view(),
        name="api-transfer-return",
    ),
    path("reassignments/", ReassignmentListView.as_view(), name="api-reassignments"),
    path(
        "reassignments/<id:job_id>/",
        ReassignmentDetailView.as_view(),
        name="api-reassignment-detail",
    ),
]
