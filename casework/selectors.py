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
