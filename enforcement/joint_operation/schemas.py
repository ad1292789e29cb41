"""What the joint operation's routes answer, as a named schema of the OpenAPI document.

`operation_data` (api.py) builds the answer; these classes describe it, and
`tests/enforcement/joint_operation/test_web.py` checks real answers against the schema.
"""

from __future__ import annotations

from rest_framework import serializers

from .models import UnitReportStatus
from .payloads import RESULT_CODES


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OperationTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="The workflow task's status (NEW, ASSIGNED, DONE).")
    owner = serializers.CharField(allow_null=True, help_text="Who claimed it.")


OperationResultsSerializer = type(
    "OperationResultsSerializer",
    (serializers.Serializer,),
    {code: serializers.IntegerField(min_value=0) for code in RESULT_CODES},
)

OperationTotalsSerializer = type(
    "OperationTotalsSerializer",
    (serializers.Serializer,),
    {
        **{code: serializers.IntegerField(min_value=0) for code in RESULT_CODES},
        "cases": serializers.IntegerField(min_value=0, help_text="Linked cases."),
    },
)


class OperationUnitSerializer(serializers.Serializer):
    unit = NamedRefSerializer()
    department = serializers.CharField(help_text="Department code.")
    status = serializers.ChoiceField(choices=UnitReportStatus.choices)
    task = OperationTaskSerializer(allow_null=True)
    results = OperationResultsSerializer(allow_null=True, help_text="Null until reported.")
    text = serializers.CharField(allow_blank=True)
    reported_at = serializers.DateTimeField(allow_null=True)
    reported_by = serializers.CharField(allow_null=True)
    can_claim = serializers.BooleanField()
    can_report = serializers.BooleanField()


class OperationLinkedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()


class OperationSummarySerializer(serializers.Serializer):
    text = serializers.CharField()
    by = serializers.CharField(help_text="Who wrote it (username).")
    on = serializers.DateField()
    totals = OperationTotalsSerializer(help_text="The totals when it was written.")


class OperationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    markets = NamedRefSerializer(many=True)
    units = OperationUnitSerializer(many=True)
    cases = OperationLinkedCaseSerializer(many=True, help_text="Linked cases you may see.")
    totals = OperationTotalsSerializer(help_text="The reported results, summed.")
    summary = OperationSummarySerializer(allow_null=True, help_text="Null until written.")
