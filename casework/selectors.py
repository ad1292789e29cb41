"""Permission-scoped reads of cases."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from .errors import CaseNotFound
from .models import Case
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


def _final_states() -> set[str]:
    from .kinds import all_kinds

    out: set[str] = set()
    for spec in all_kinds():
        out |= set(spec.final_states)
    return out


def _states_with_role(role: str, side: str = "lead") -> set[tuple[str, str]]:
    """(kind, status) pairs from which a transition of `role` on `side` can be fired."""
    from django_fsm import get_all_FIELD_transitions  # noqa: F401

    from .kinds import all_kinds

    pairs: set[tuple[str, str]] = set()
    for spec in all_kinds():
        field = spec.model._meta.get_field("status")
        for t in field.get_all_transitions(spec.model):
            tspec = spec.transitions.get(t.name)
            if tspec and tspec.role == role and tspec.side == side and t.source not in ("*", "+"):
                pairs.add((spec.code, t.source))
    return pairs


def _pairs_q(pairs: set[tuple[str, str]]) -> Q:
    q = Q(pk__in=[])
    for kind, status in pairs:
        q |= Q(kind=kind, status=status)
    return q


def inbox_for(user) -> QuerySet[Case]:
    """Open cases assigned to the user (their personal inbox)."""
    return (
        case_policy.scope(user, "view", Case.objects.filter(assignee_id=user.pk))
        .exclude(status__in=_final_states())
        .select_related("lead_unit", "jurisdiction")
        .order_by("deadline", "-priority", "id")
    )


def queue_for(user) -> QuerySet[Case]:
    """Unassigned open cases of the units where the user is an officer or clerk."""
    from permissions.models import Role
    from permissions.selectors import org_of

    units = org_of(user).units(Role.OFFICER, Role.CLERK, Role.SUPERVISOR)
    return (
        Case.objects.filter(lead_unit_id__in=units, assignee__isnull=True)
        .exclude(status__in=_final_states())
        .select_related("lead_unit", "jurisdiction")
        .order_by("deadline", "-priority", "id")
    )


def approvals_for(user) -> QuerySet[Case]:
    """Cases waiting for a supervisor's decision in the units where the user supervises."""
    from permissions.models import Role
    from permissions.selectors import org_of

    units = org_of(user).units(Role.SUPERVISOR)
    pairs = _states_with_role(Role.SUPERVISOR) - {
        (k, s) for k, s in _states_with_role(Role.OFFICER)
    }
    return (
        Case.objects.filter(lead_unit_id__in=units)
        .filter(_pairs_q(pairs))
        .select_related("lead_unit", "jurisdiction", "assignee")
        .order_by("deadline", "id")
    )
