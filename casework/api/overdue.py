"""API route: the supervisor's overdue list (超期督办), the same rows as `/overdue/`.

`GET /api/v1/cases/?overdue=true` stays the plain filter over visible cases whose binding
deadline has passed; this route answers the supervisor's question "what was escalated to
me", from the alerts of the deadline watch.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.clocks import local_today
from casework.deadline_selectors import OverdueRow, overdue_rows_for


class OverdueRowSerializer(serializers.Serializer):
    case = serializers.SerializerMethodField()
    level = serializers.CharField(help_text="`overdue`, `escalated_parent` or `transfer_overdue`.")
    level_display = serializers.CharField(source="badge")
    clock = serializers.SerializerMethodField()
    transfer = serializers.SerializerMethodField()
    title = serializers.CharField()
    due_date = serializers.DateField()
    overdue_working_days = serializers.IntegerField(source="overdue_days")
    alerted_at = serializers.DateTimeField()

    def get_case(self, row: OverdueRow) -> dict:
        c = row.case
        return {
            "id": c.pk,
            "number": c.number,
            "kind": c.kind,
            "status": c.status,
            "lead_unit": c.lead_unit.name,
            "assignee": c.assignee.username if c.assignee_id else None,
        }

    def get_clock(self, row: OverdueRow) -> dict | None:
        clock = row.alert.clock
        if clock is None:
            return None
        return {"id": clock.pk, "code": clock.code, "day_unit": clock.day_unit}

    def get_transfer(self, row: OverdueRow) -> int | None:
        return row.alert.transfer_id


class OverdueListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = OverdueRowSerializer(many=True)


class OverdueListView(APIView):
    @extend_schema(
        summary="The supervisor's overdue list",
        description=(
            "Clocks of cases led by the units you supervise that are overdue (督办), clocks of "
            "the units one level below yours still overdue after 5 working days (escalated to "
            "you), and transfers to your units left unanswered past their answer date. Only "
            "cases you may see; empty for users who supervise no unit."
        ),
        responses={200: OverdueListSerializer},
    )
    def get(self, request: Request) -> Response:
        rows = overdue_rows_for(request.user, local_today())
        return Response({"count": len(rows), "results": OverdueRowSerializer(rows, many=True).data})


urlpatterns = [
    path("cases/overdue/", OverdueListView.as_view(), name="api-case-overdue"),
]
