"""API of the employer registry's wage totals and the dishonesty-list procedure
(docs/dishonesty.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.parsers import JSONFallbackNegotiation, JSONParser
from casework.api.serializers import ErrorSerializer
from casework.errors import NotPermitted
from casework.models import Employer
from permissions.selectors import org_of

from .actions import (
    listing_decide,
    listing_propose,
    listing_record_service,
    listing_record_statement,
    listing_repair,
)
from .errors import EmployerNotFound
from .models import DishonestyListing, ListingStatus
from .selectors import employer_wage_totals, listings_for_user

FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Field errors, e.g. `{"reason": ["..."]}`.'
)
ERRORS = {
    400: FIELD_ERRORS,
    403: OpenApiResponse(ErrorSerializer, description="Not an officer/supervisor of the unit."),
    404: OpenApiResponse(ErrorSerializer, description="No such case or listing (or invisible)."),
    409: OpenApiResponse(ErrorSerializer, description="Wrong state or period not over."),
}


def _body(request) -> dict:
    return request.data if isinstance(request.data, dict) else {}


def listing_data(listing: DishonestyListing) -> dict:
    def d(value):
        return value.isoformat() if value else None

    def money(value):
        return str(value) if value is not None else None

    return {
        "id": listing.pk,
        "employer": listing.employer_id,
        "employer_name": listing.employer.name,
        "case": listing.case_id,
        "case_number": listing.case.number,
        "status": listing.status,
        "status_display": listing.get_status_display(),
        "ground": listing.ground,
        "reason": listing.reason,
        "notice_on": d(listing.notice_on),
        "served_on": d(listing.served_on),
        "statement_due": d(listing.statement_due),
        "statement": listing.statement,
        "statement_received_on": d(listing.statement_received_on),
        "statement_at": d(listing.statement_at),
        "decided_on": d(listing.decided_on),
        "decision_reason": listing.decision_reason,
        "expires_on": d(listing.expires_on),
        "removed_on": d(listing.removed_on),
        "removal_basis": listing.removal_basis,
        "removal_reason": listing.removal_reason,
        "order_due_on": d(listing.order_due_on),
        "order_amount": money(listing.order_amount),
        "order_paid": money(listing.order_paid),
    }


class EmployerDetailView(APIView):
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="An employer of the registry with its wage totals across all units",
        description="Visible to any member of an hrss unit: registry data, no case details.",
        responses={200: OpenApiTypes.OBJECT, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, employer_id: int):
        if not any(s.department_code == "hrss" for s in org_of(request.user).seats):
            raise NotPermitted(_("仅人力资源社会保障部门可以查看用人单位信息。"))
        employer = Employer.objects.filter(pk=employer_id).first()
        if employer is None:
            raise EmployerNotFound(_("用人单位不存在。"))
        return Response(
            {
                "id": employer.pk,
                "name": employer.name,
                "credit_code": employer.credit_code,
                "dishonest": employer.dishonest,
                "totals": employer_wage_totals(employer).as_dict(),
            }
        )


class CaseDishonestyView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Propose listing the case's employer (拟列入告知)",
        description="Only for a wage-arrears case whose payment order (`order_payment`) went "
        "unpaid past its deadline (人社部令第45号 第五条; else 409). `ground`: `amount` "
        "(第五条第一项) or `incident` (第五条第二项); `reason`; `served_on` (optional, "
        "YYYY-MM-DD, today at most): the notice was served at once. `statement_due` is null "
        "until the service is recorded.",
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT, **ERRORS},
    )
    def post(self, request, case_id: int):
        listing = listing_propose(actor=request.user, case_id=case_id, data=dict(_body(request)))
        return Response(listing_data(listing), status=status.HTTP_201_CREATED)


STEPS = {
    "serve": listing_record_service,
    "statement": listing_record_statement,
    "decide": listing_decide,
    "repair": listing_repair,
}


class ListingStepView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="A step of a dishonesty listing: serve, statement, decide or repair",
        description="`serve`: `{served_on, comment?}` (送达; starts the 5-working-day "
        "statement period); `statement`: `{statement, received_on?}` (received within the "
        "period; `received_on` defaults to today); `decide`: `{decision: list|not_list, "
        "reason}` (only after the statement period); `repair`: `{reason, wages_paid, "
        "commitment, corrected_on}` (the last three for an early removal before the 3-year "
        "term ends).",
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
    )
    def post(self, request, listing_id: int, step: str):
        action = STEPS[step]
        listing = action(actor=request.user, listing_id=listing_id, data=dict(_body(request)))
        return Response(listing_data(listing))


class ListingListView(APIView):
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Dishonesty listings in your hrss jurisdictions",
        parameters=[OpenApiParameter("status", str, OpenApiParameter.QUERY)],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        wanted = request.GET.get("status", "")
        if wanted and wanted not in ListingStatus.values:
            wanted = ""  # unknown filter values are ignored, as in the other lists
        return Response([listing_data(x) for x in listings_for_user(request.user, wanted)])
