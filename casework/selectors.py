"""Permission-scoped reads of cases."""

from __future__ import annotations

from django.db.models import Case as SqlCase
from django.db.models import F, Q, QuerySet, Value, When
from django.utils import timezone
from viewflow.workflow.status import STATUS

from permissions.models import Role
from permissions.selectors import org_of

from .errors import CaseNotFound
from .flows import CaseFlow
from .models import Case, Priority
from .policies import case_policy


def case_list_for_user(user, *, filters: dict | None = None) -> QuerySet[Case]:
    """Cases the user may see, with the list filters of the API and the pages applied."""
    qs = case_policy.scope(user, "view", Case.objects.all())
    f = filters or {}
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("jurisdiction"):
        qs = qs.filter(jurisdiction__code=f["jurisdiction"])
    if f.get("unit"):
        qs = qs.filter(lead_unit_id=f["unit"])
    if f.get("assignee") == "me":
        qs = qs.filter(assignee_id=user.pk)
    if f.get("overdue"):
        qs = qs.filter(deadline__lt=timezone.localdate(), closed_at__isnull=True)
    if f.get("q"):
        term = f["q"].strip()
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(tracking_number__iexact=term)
            | Q(description__icontains=term)
            | Q(employer__name__icontains=term)
            | Q(pk__in=Case.objects.filter(parties__person__name__icontains=term).values("pk"))
        )
    return qs.select_related("lead_unit", "assignee", "jurisdiction")


def case_get_for_user(user, case_id) -> Case:
    """The case, or CaseNotFound when it does not exist or the user may not see it."""
    try:
        case = Case.objects.select_related(
            "lead_unit__department",
            "lead_unit__jurisdiction",
            "jurisdiction",
            "assignee",
            "employer",
            "market",
        ).get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound() from None
    if not case_policy.can(user, "view", case):
        raise CaseNotFound()
    return case.as_kind()


def case_by_tracking(tracking_number: str) -> Case | None:
    return Case.objects.filter(tracking_number=(tracking_number or "").strip().upper()).first()


def _steps(status: str, **where) -> QuerySet[Case]:
    """Cases whose open CaseFlow step has task status `status` (NEW: nobody holds it;
    ASSIGNED: its owner does) and matches `where` (lookups on the running process, or on
    the step task prefixed `task__`), with the step annotated for the lists.

    One running process per case and one open step per process: no duplicate rows.
    """
    lookups = {f"processes__{key}": value for key, value in where.items()}
    return (
        Case.objects.filter(
            processes__running=True,
            processes__task__flow_task=CaseFlow.step,
            processes__task__status=status,
            **lookups,
        )
        .annotate(
            step_task_id=F("processes__task__id"),
            step_role=F("processes__role"),
            step_unit_id=F("processes__unit_id"),
            step_since=F("processes__task__created"),
            step_data=F("processes__task__data"),
        )
        .select_related("lead_unit", "jurisdiction", "assignee")
        .order_by(
            F("deadline").asc(nulls_last=True),
            SqlCase(When(priority=Priority.HIGH, then=Value(0)), default=Value(1)),
            "id",
        )
    )


def inbox_for(user) -> QuerySet[Case]:
    """Cases whose next step is the user's own (their personal inbox): open CaseFlow tasks
    owned by the user, on cases they may still see."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return case_policy.scope(user, "view", _steps(STATUS.ASSIGNED, task__owner_id=user.pk))


def queue_for(user) -> QuerySet[Case]:
    """Unassigned officers' steps of the user's units (the unit queue): new complaints to
    take, and cases handed to the unit as a participant (e.g. a transfer to the police).
    Officers take them; clerks and supervisors of the unit see them to dispatch them."""
    units = org_of(user).units(Role.OFFICER, Role.CLERK, Role.SUPERVISOR)
    if not units:
        return Case.objects.none()
    return _steps(STATUS.NEW, unit_id__in=units, role=Role.OFFICER)


def approvals_for(user) -> QuerySet[Case]:
    """Supervisors' steps (extension, closure and other decisions put to them) of the units
    where the user supervises."""
    units = org_of(user).units(Role.SUPERVISOR)
    if not units:
        return Case.objects.none()
    return _steps(STATUS.NEW, unit_id__in=units, role=Role.SUPERVISOR)
