"""The dishonesty API's bodies, as named schemas of the OpenAPI document.

`ListingSerializer` is what every endpoint answers with. The request classes describe the
bodies only: the actions read and check them (`inputs.py`), for the pages as for the API,
and `tests/api/test_dishonesty_api.py` holds the two to the same required fields.
"""

from __future__ import annotations

from rest_framework import serializers

from casework.payloads import TEXT_MAX

from .actions.common import GROUNDS, STATEMENT_MAX
from .models import ListingStatus

MONEY = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class ListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    employer = serializers.IntegerField(source="employer_id")
    employer_name = serializers.CharField(source="employer.name")
    case = serializers.IntegerField(source="case_id")
    case_number = serializers.CharField(source="case.number")
    status = serializers.ChoiceField(choices=ListingStatus.choices)
    status_display = serializers.CharField(source="get_status_display")
    ground = serializers.ChoiceField(choices=GROUNDS.ALL, help_text="第五条第一项 or 第二项.")
    reason = serializers.CharField()
    notice_on = serializers.DateField(help_text="The day the notice (拟列入告知书) was issued.")
    served_on = serializers.DateField(allow_null=True)
    statement_due = serializers.DateField(
        allow_null=True, help_text="The statement period's last day; null until served."
    )
    statement = serializers.CharField()
    statement_received_on = serializers.DateField(allow_null=True)
    statement_at = serializers.DateTimeField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_reason = serializers.CharField()
    expires_on = serializers.DateField(
        allow_null=True, help_text="The 3-year term's last day, once listed."
    )
    removed_on = serializers.DateField(allow_null=True)
    removal_basis = serializers.ChoiceField(
        choices=["term_expired", "early_repair"], allow_blank=True, help_text="Empty while listed."
    )
    removal_reason = serializers.CharField()
    order_due_on = serializers.DateField(allow_null=True)
    order_amount = serializers.DecimalField(**MONEY)
    order_paid = serializers.DecimalField(**MONEY)


class WageTotalsSerializer(serializers.Serializer):
    owed = serializers.DecimalField(max_digits=14, decimal_places=2)
    recovered = serializers.DecimalField(max_digits=14, decimal_places=2)
    workers = serializers.IntegerField()
    open_cases = serializers.IntegerField()
    closed_cases = serializers.IntegerField()
    collective = serializers.BooleanField(help_text="At the collective-case threshold.")
    criminal_threshold = serializers.BooleanField(
        help_text="At the threshold of 拒不支付劳动报酬罪 (docs/dishonesty.md)."
    )


class EmployerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField(allow_null=True)
    dishonest = serializers.BooleanField(help_text="On the wage-arrears dishonesty list now.")
    totals = WageTotalsSerializer(help_text="Across the cases of every unit.")


class ListingProposeSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(
        choices=GROUNDS.ALL, help_text="`amount` (第五条第一项) or `incident` (第五条第二项)."
    )
    reason = serializers.CharField(max_length=TEXT_MAX)
    served_on = serializers.DateField(
        required=False, allow_null=True, help_text="Today, when the notice was served at once."
    )


class ListingServeSerializer(serializers.Serializer):
    served_on = serializers.DateField(
        help_text="送达: from the notice's day to today; starts the 5-working-day period."
    )
    comment = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class ListingStatementSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=STATEMENT_MAX)
    received_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The day it reached the department (default today), within the period.",
    )


class ListingDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["list", "not_list"])
    reason = serializers.CharField(max_length=TEXT_MAX)


class ListingRepairSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_MAX)
    wages_paid = serializers.BooleanField(
        required=False, help_text="Early removal only: the wages are paid in full."
    )
    commitment = serializers.BooleanField(
        required=False, help_text="Early removal only: the written commitment (信用承诺)."
    )
    corrected_on = serializers.DateField(
        required=False, allow_null=True, help_text="Early removal only: the day of correction."
    )
