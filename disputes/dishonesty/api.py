"""API of the employer registry's wage totals and the dishonesty-list procedure
(docs/dishonesty.md)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
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
from .models import ListingStatus
from .schemas import (
    EmployerSerializer,
    ListingDecideSerializer,
    ListingProposeSerializer,
    ListingRepairSerializer,
    ListingSerializer,
    ListingServeSerializer,
    ListingStatementSerializer,
)
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


class EmployerDetailView(APIView):
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="An employer of the registry with its wage totals across all units",
        description="Visible to any member of an hrss unit: registry data, no case details.",
        responses={200: EmployerSerializer, 403: ERRORS[403], 404: ERRORS[404]},
    )
    def get(self, request, employer_id: int):
        if not any(s.department_code == "hrss" for s in org_of(request.user).seats):
            raise NotPermitted(_("仅人力资源社会保障部门可以查看用人单位信息。"))
        employer = Employer.objects.filter(pk=employer_id).first()
        if employer is None:
            raise EmployerNotFound(_("用人单位不存在。"))
        return Response(
            EmployerSerializer(
                {
                    "id": employer.pk,
                    "name": employer.name,
                    "credit_code": employer.credit_code,
                    "dishonest": employer.dishonest,
                    "totals": employer_wage_totals(employer).as_dict(),
                }
            ).data
        )


class CaseDishonestyView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Propose listing the case's employer (拟列入告知)",
        description="Only for a wage-arrears case whose payment order (`order_payment`) went "
        "unpaid past its deadline (人社部令第45号 第五条; else 409). `served_on` (today at "
        "most) records a service made at once; `statement_due` is null until the service is "
        "recorded.",
        request=ListingProposeSerializer,
        responses={201: ListingSerializer, **ERRORS},
    )
    def post(self, request, case_id: int):
        listing = listing_propose(actor=request.user, case_id=case_id, data=dict(_body(request)))
        return Response(ListingSerializer(listing).data, status=status.HTTP_201_CREATED)


# A step of a listing. Each subclass names its action in `step` (`action` is a viewset's
# name) and, for the schema, its body. No docstring: the schema would show it as the steps'
# description.
class ListingStepView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation
    step = None

    def post(self, request, listing_id: int):
        listing = type(self).step(
            actor=request.user, listing_id=listing_id, data=dict(_body(request))
        )
        return Response(ListingSerializer(listing).data)


def _step(summary: str, description: str, body) -> dict:
    return {
        "post": extend_schema(
            summary=summary,
            description=description,
            request=body,
            responses={200: ListingSerializer, **ERRORS},
        )
    }


@extend_schema_view(
    **_step(
        "送达: the notice reached the employer (starts the statement period)",
        "`served_on`: from the notice's day to today. The 5-working-day statement period "
        "(陈述申辩期) runs from it; `statement_due` is its last day. An officer of the lead "
        "unit; 409 once recorded or after the decision.",
        ListingServeSerializer,
    )
)
class ListingServeView(ListingStepView):
    step = staticmethod(listing_record_service)


@extend_schema_view(
    **_step(
        "陈述申辩: the employer's statement, received within the period",
        "`received_on` (default today) must lie between the service and `statement_due`; a "
        "statement received in time and recorded later still counts. An officer of the lead "
        "unit; 409 before the service, after the period or once recorded.",
        ListingStatementSerializer,
    )
)
class ListingStatementView(ListingStepView):
    step = staticmethod(listing_record_statement)


@extend_schema_view(
    **_step(
        "列入决定 or 不予列入, once the statement period has ended",
        "`decision`: `list` (the 3-year term starts; the employer is flagged dishonest) or "
        "`not_list`, with `reason`. A supervisor of the lead unit; 409 before the service or "
        "while the statement period runs (a statement in does not shorten it).",
        ListingDecideSerializer,
    )
)
class ListingDecideView(ListingStepView):
    step = staticmethod(listing_decide)


@extend_schema_view(
    **_step(
        "信用修复: early removal on the order's conditions, or the end of the 3-year term",
        "Within the term: `wages_paid` and `commitment` true and `corrected_on` given (else 400 "
        "naming the field), and six months passed since both the correction and the listing "
        "(else 409). After the term: `reason` alone. A supervisor of the lead unit; 409 "
        "unless listed.",
        ListingRepairSerializer,
    )
)
class ListingRepairView(ListingStepView):
    step = staticmethod(listing_repair)


class ListingListView(APIView):
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Dishonesty listings in your hrss jurisdictions",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                OpenApiParameter.QUERY,
                enum=ListingStatus.values,
                description="Only listings in this state; an unknown value is ignored.",
            )
        ],
        responses={200: ListingSerializer(many=True)},
    )
    def get(self, request):
        wanted = request.GET.get("status", "")
        if wanted and wanted not in ListingStatus.values:
            wanted = ""  # unknown filter values are ignored, as in the other lists
        listings = listings_for_user(request.user, wanted)
        return Response(ListingSerializer(listings, many=True).data)
