"""Reads of joint operations: the participating units and their results, the linked cases a
reader may see, who may claim or report for a unit, and the report tasks that join the unit
queues and inboxes (`KindSpec.task_lists`, declared in `kind.py`)."""

from __future__ import annotations

from django.db.models import F, QuerySet, Value
from viewflow.workflow.status import STATUS

from casework.models import Case
from permissions.models import Role
from permissions.selectors import org_of

from .flows import OperationFlow
from .models import KIND, OperationLink, OperationUnit, UnitReportStatus
from .payloads import RESULT_CODES


def pending_units(case) -> list[int]:
    return list(
        OperationUnit.objects.filter(case_id=case.pk, status=UnitReportStatus.PENDING).values_list(
            "unit_id", flat=True
        )
    )


def totals(case) -> dict[str, int]:
    """The results of every unit that has reported, summed per count."""
    out = dict.fromkeys(RESULT_CODES, 0)
    for results in OperationUnit.objects.filter(
        case_id=case.pk, status=UnitReportStatus.REPORTED
    ).values_list("results", flat=True):
        for code in RESULT_CODES:
            out[code] += int((results or {}).get(code) or 0)
    out["cases"] = OperationLink.objects.filter(operation_id=case.pk).count()
    return out


def may_report(user, row: OperationUnit) -> bool:
    """An officer of the unit while nobody else holds its task, or a supervisor of the unit."""
    org = org_of(user)
    if org.has_role(row.unit_id, Role.SUPERVISOR):
        return True
    if not org.has_role(row.unit_id, Role.OFFICER):
        return False
    owner = row.task.owner_id if row.task_id else None
    return owner in (None, user.pk)


def may_claim(user, row: OperationUnit) -> bool:
    return (
        row.task_id is not None
        and row.task.status == STATUS.NEW
        and org_of(user).has_role(row.unit_id, Role.OFFICER)
    )


def operation_units(case) -> QuerySet[OperationUnit]:
    return (
        OperationUnit.objects.filter(case_id=case.pk)
        .select_related("unit__department", "task__owner", "reported_by")
        .order_by("pk")
    )


def linked_cases_for(user, case) -> list[Case]:
    """The cases opened during the operation that the user may see (the others are counted
    in the totals but not shown)."""
    from casework.selectors import case_list_for_user

    ids = OperationLink.objects.filter(operation_id=case.pk).values("case_id")
    return list(case_list_for_user(user).filter(pk__in=ids).order_by("submitted_at", "id"))


def operation_of(case) -> Case | None:
    link = OperationLink.objects.filter(case_id=case.pk).select_related("operation").first()
    return link.operation if link else None


def _report_steps(status: str, **where) -> QuerySet[Case]:
    """Operations with an open report task of `status`, annotated like the CaseFlow steps of
    `casework.selectors._steps` (one row per task)."""
    lookups = {f"operation_units__{key}": value for key, value in where.items()}
    return Case.objects.filter(
        kind=KIND,
        operation_units__task__status=status,
        operation_units__task__flow_task=OperationFlow.report,
        **lookups,
    ).annotate(
        step_task_id=F("operation_units__task__id"),
        step_role=Value(Role.OFFICER),
        step_unit_id=F("operation_units__unit_id"),
        step_since=F("operation_units__task__created"),
        step_data=F("operation_units__task__data"),
    )


def report_queue(units) -> QuerySet[Case]:
    """Operations whose report task of one of `units` nobody holds yet."""
    return _report_steps(STATUS.NEW, unit_id__in=list(units))


def report_inbox(user) -> QuerySet[Case]:
    """Operations whose report task the user holds."""
    return _report_steps(STATUS.ASSIGNED, task__owner_id=user.pk)
