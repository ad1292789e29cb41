"""Permission-scoped reads of deadline alerts: a supervisor's overdue list (超期督办清单)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from permissions.models import Role, Unit
from permissions.selectors import org_of

from .actions.deadlines import overdue_working_days
from .clocks import local_today
from .models import AlertLevel, Case, ClockAlert, ClockStatus
from .models.transfer import TransferStatus
from .policies import case_policy

LIST_LEVELS = (AlertLevel.OVERDUE, AlertLevel.ESCALATED_PARENT, AlertLevel.TRANSFER_OVERDUE)


@dataclass
class OverdueRow:
    """The most serious active alert of one clock (or one pending transfer) of a case."""

    alert: ClockAlert
    case: Case
    title: str
    due_date: date
    overdue_days: int
    alerted_at: datetime

    @property
    def level(self) -> str:
        return self.alert.level

    @property
    def badge(self) -> str:
        return self.alert.badge


def _child_units_q(units: list[Unit]) -> Q:
    """Cases led by a unit one level below one of `units`, in the same department."""
    q = Q(pk__in=[])
    for unit in units:
        q |= Q(
            case__lead_unit__department_id=unit.department_id,
            case__lead_unit__jurisdiction__parent_id=unit.jurisdiction_id,
        )
    return q


def overdue_alerts_for(user):
    """Active overdue / escalation / transfer-answer alerts for the units the user supervises.

    A supervisor sees the overdue and escalated clocks of cases their unit leads, the
    escalations of the units one level below theirs (督办 to the parent unit), and the
    transfers to their unit left unanswered. Always intersected with the cases the user may
    see (`case_policy`), so the list never names a case the user could not open.
    """
    units = org_of(user).units(Role.SUPERVISOR)
    if not units:
        return ClockAlert.objects.none()
    supervised = list(Unit.objects.filter(pk__in=units))
    scope = (
        Q(case__lead_unit_id__in=units, level__in=[AlertLevel.OVERDUE, AlertLevel.ESCALATED_PARENT])
        | (Q(level=AlertLevel.ESCALATED_PARENT) & _child_units_q(supervised))
        | Q(level=AlertLevel.TRANSFER_OVERDUE, transfer__to_unit_id__in=units)
    )
    live = Q(clock__isnull=False, clock__status__in=[ClockStatus.RUNNING, ClockStatus.PAUSED]) | Q(
        transfer__isnull=False, transfer__status=TransferStatus.PENDING
    )
    visible = case_policy.scope(user, "view", Case.objects.all()).values("pk")
    return (
        ClockAlert.objects.filter(scope, live, level__in=LIST_LEVELS, case__closed_at__isnull=True)
        .filter(case_id__in=visible)
        .select_related("case__lead_unit", "case__assignee", "clock", "transfer__to_unit", "unit")
        .order_by("-severity", "due_date", "id")
    )


def overdue_rows_for(user, today: date | None = None) -> list[OverdueRow]:
    """One row per clock or transfer: its most serious active alert, most serious first."""
    today = today or local_today()
    rows: dict[tuple[str, int], OverdueRow] = {}
    for alert in overdue_alerts_for(user):
        key = ("clock", alert.clock_id) if alert.clock_id else ("transfer", alert.transfer_id)
        if key in rows:
            continue  # ordered by severity: the first one seen is the most serious
        if alert.clock_id:
            title, due = alert.clock.title, alert.clock.due_date
        else:
            title, due = str(AlertLevel.TRANSFER_OVERDUE.label), alert.transfer.due_on
        rows[key] = OverdueRow(
            alert=alert,
            case=alert.case,
            title=title,
            due_date=due,
            overdue_days=overdue_working_days(due, today),
            alerted_at=alert.created_at,
        )
    return sorted(rows.values(), key=lambda r: (-r.alert.severity, r.due_date, r.case.pk))
