"""API routes of joint operations: the units' reports, their tasks and the linked cases.

The operation itself is opened with `POST /api/v1/cases/` and moved with the generic
transitions; these routes carry the per-unit part (see docs/joint-operations.md).
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.parsers import JSONFallbackNegotiation, JSONParser
from casework.api.responses import FIELD_ERRORS, FORBIDDEN
from casework.api.serializers import ErrorSerializer
from casework.errors import CaseNotFound, InvalidInput
from casework.models import Market
from casework.selectors import case_get_for_user

from .actions import operation_claim, operation_link, operation_report
from .models import KIND
from .payloads import RESULT_CODES, ClaimPayload, ReportPayload
from .schemas import OperationSerializer
from .selectors import linked_cases_for, may_claim, may_report, operation_units, totals

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such operation, or not visible.")
CONFLICT = OpenApiResponse(
    ErrorSerializer,
    description="Not in progress, already reported or claimed, or stale `version`.",
)


def _operation(request: Request, pk: int):
    case = case_get_for_user(request.user, pk)
    if case.kind != KIND:
        raise CaseNotFound()
    return case


def operation_data(user, case) -> dict:
    """The operation's units (task, status, results), the linked cases the caller may see,
    and the totals."""
    units = []
    for row in operation_units(case):
        task = row.task
        units.append(
            {
                "unit": {"id": row.unit_id, "name": row.unit.name},
                "department": row.unit.department.code,
                "status": row.status,
                "task": None
                if task is None
                else {
                    "id": task.pk,
                    "status": str(task.status),
                    "owner": task.owner.username if task.owner_id else None,
                },
                "results": {code: row.results.get(code, 0) for code in RESULT_CODES}
                if row.results
                else None,
                "text": row.report,
                "reported_at": row.reported_at,
                "reported_by": row.reported_by.username if row.reported_by_id else None,
                "can_claim": may_claim(user, row),
                "can_report": row.status == "pending"
                and case.status == "in_progress"
                and may_report(user, row),
            }
        )
    return {
        "id": case.pk,
        "number": case.number,
        "status": case.status,
        "version": case.version,
        "title": case.details.get("title", ""),
        "starts_on": case.details.get("starts_on"),
        "ends_on": case.details.get("ends_on"),
        "markets": [
            {"id": m.pk, "name": m.name}
            for m in Market.objects.filter(pk__in=case.details.get("markets") or []).order_by("pk")
        ],
        "units": units,
        "cases": [
            {"id": c.pk, "number": c.number, "kind": c.kind, "status": c.status}
            for c in linked_cases_for(user, case)
        ],
        "totals": totals(case),
        "summary": case.details.get("summary"),
    }


class LinkBody(serializers.Serializer):
    case = serializers.CharField(help_text="Id or number of a case you can see.")
    unit = serializers.IntegerField(
        required=False, help_text="The participating unit it is reported for (default: yours)."
    )


class OperationView(APIView):
    @extend_schema(
        summary="A joint operation's units, reports and linked cases",
        responses={200: OperationSerializer, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        return Response(operation_data(request.user, _operation(request, pk)))


class _Write(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @staticmethod
    def body(request: Request) -> dict:
        if not isinstance(request.data, dict):
            raise InvalidInput(_("请求体必须是 JSON 对象。"), field="non_field_errors")
        return dict(request.data)

    @staticmethod
    def version(body: dict):
        checked = ClaimPayload(data={"version": body.pop("version", None)})
        if not checked.is_valid():
            raise InvalidInput(_("提交的内容有误。"), errors=checked.errors)
        return checked.validated_data.get("version")


class ClaimView(_Write):
    @extend_schema(
        summary="Claim a participating unit's report task",
        description="An officer of the unit takes the task: it leaves the unit queue for "
        "their inbox.",
        request=ClaimPayload,
        responses={200: OperationSerializer, 400: FIELD_ERRORS, 403: FORBIDDEN},
    )
    def post(self, request, pk: int, unit_id: int):
        body = self.body(request)
        operation_claim(actor=request.user, case_id=pk, unit_id=unit_id, version=self.version(body))
        return Response(operation_data(request.user, _operation(request, pk)))


class ReportView(_Write):
    @extend_schema(
        summary="Report a participating unit's results",
        description="Counts (`markets_inspected`, `persons_educated`, `persons_dispersed`, "
        "`stalls_cleared`, `vehicles_removed`?, `notices_issued`?), `text`, `cases`? (ids or "
        "numbers of cases opened during the operation, linked back to it), `version`?. The "
        "last unit's report fires the join: the operation becomes `reporting_done`.",
        request=ReportPayload,
        responses={
            200: OperationSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, pk: int, unit_id: int):
        body = self.body(request)
        version = self.version(body)
        operation_report(
            actor=request.user, case_id=pk, unit_id=unit_id, data=body, version=version
        )
        return Response(operation_data(request.user, _operation(request, pk)))


class LinkView(_Write):
    @extend_schema(
        summary="Link a case opened during the operation",
        request=LinkBody,
        responses={
            201: OperationSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, pk: int):
        operation_link(actor=request.user, case_id=pk, data=self.body(request))
        return Response(
            operation_data(request.user, _operation(request, pk)), status=status.HTTP_201_CREATED
        )


urlpatterns = [
    path("cases/<id:pk>/operation/", OperationView.as_view(), name="api-operation"),
    path(
        "cases/<id:pk>/operation/units/<id:unit_id>/claim/",
        ClaimView.as_view(),
        name="api-operation-claim",
    ),
    path(
        "cases/<id:pk>/operation/units/<id:unit_id>/report/",
        ReportView.as_view(),
        name="api-operation-report",
    ),
    path("cases/<id:pk>/operation/links/", LinkView.as_view(), name="api-operation-links"),
]
