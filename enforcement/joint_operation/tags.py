"""The joint-operation panel of the case page: units, reports, linked cases, totals (loaded in
templates as `operation_tags`)."""

from __future__ import annotations

from django import template

from casework.forms import fields_for
from permissions.models import Role
from permissions.selectors import org_of

from .models import OperationLink, OperationStatus, UnitReportStatus
from .payloads import RESULT_FIELDS, LinkPayload, ReportPayload
from .selectors import (
    linked_cases_for,
    may_claim,
    may_report,
    operation_of,
    operation_units,
    totals,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def operation_panel(context, case) -> dict:
    user = context["request"].user
    form = context.get("operation_form") or {}
    in_progress = case.status == OperationStatus.IN_PROGRESS
    rows = []
    member_units = []
    working = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
    org = org_of(user)
    for row in operation_units(case):
        if org.has_role(row.unit_id, *working):
            member_units.append(row.unit_id)
        reporting = in_progress and row.status == UnitReportStatus.PENDING
        can_report = reporting and may_report(user, row)
        mine = form.get("form") == "report" and str(form.get("unit")) == str(row.unit_id)
        rows.append(
            {
                "row": row,
                "reported": row.status == UnitReportStatus.REPORTED,
                "owner": row.task.owner if row.task_id and row.task.owner_id else None,
                "results": [
                    (label, (row.results or {}).get(code, 0)) for code, label in RESULT_FIELDS
                ],
                "can_claim": reporting and may_claim(user, row),
                "can_report": can_report,
                "form_open": mine,
                "errors": (form.get("errors") or {}).get("non_field", []) if mine else [],
                "fields": fields_for(
                    ReportPayload,
                    values=form.get("values") if mine else {},
                    errors=form.get("errors") if mine else {},
                    id_prefix=f"report-{row.unit_id}",
                )
                if can_report
                else [],
            }
        )
    can_link = case.status in (OperationStatus.IN_PROGRESS, OperationStatus.REPORTING_DONE) and (
        bool(member_units) or org.has_role(case.lead_unit_id, *working)
    )
    linking = form.get("form") == "link"
    shown = linked_cases_for(user, case)
    sums = totals(case)
    return {
        "rows": rows,
        "reported": sum(1 for r in rows if r["reported"]),
        "cases": shown,
        "hidden_cases": OperationLink.objects.filter(operation_id=case.pk).count() - len(shown),
        "totals": [(label, sums.get(code, 0)) for code, label in RESULT_FIELDS],
        "total_cases": sums["cases"],
        "can_link": can_link,
        "link_open": linking,
        "link_errors": (form.get("errors") or {}).get("non_field", []) if linking else [],
        "link_fields": fields_for(
            LinkPayload,
            values=form.get("values") if linking else {},
            errors=form.get("errors") if linking else {},
            id_prefix="link",
        )[:1]
        if can_link
        else [],
        "summary": (case.details or {}).get("summary"),
    }


@register.simple_tag(takes_context=True)
def operation_parent(context, case):
    """The operation the case was opened during, when the reader may see it."""
    from casework.policies import case_policy

    parent = operation_of(case)
    if parent is None or not case_policy.can(context["request"].user, "view", parent):
        return None
    return parent
