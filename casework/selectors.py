"""Permission-scoped reads of cases."""

from __future__ import annotations

from django.db import connections
from django.db.models import Case as SqlCase
from django.db.models import F, Q, QuerySet, Value, When
from django.utils import timezone
from viewflow.workflow.status import STATUS

from casework.stats import drilldown
from permissions.models import Jurisdiction, Role
from permissions.selectors import org_of

from .errors import CaseNotFound
from .flows import CaseFlow
from .kinds import MERGED, all_kinds
from .models import Case, CaseAlias, Priority, TimelineEntry
from .policies import case_policy


def _scoped(user, qs: QuerySet[Case]) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    visibility = case_policy.visibility(user, connections[qs.db].vendor)
    listed = qs.filter(visibility.q())
    # The pieces of the scope are disjoint: their counts add up to the list's (see
    # `CaseQuerySet.count`).
    listed.count_pieces = [qs.filter(piece) for piece in visibility.pieces()]
    return listed


# The orders the case list offers besides its own (newest first, `Case.Meta.ordering`):
# `deadline`, the binding deadline first, cases without one (closed, or no clock running)
# last, for an officer working through what falls due.
LIST_ORDERS = {
    "deadline": (F("deadline").asc(nulls_last=True), "-submitted_at", "-id"),
}


def case_list_for_user(user, *, filters: dict | None = None) -> QuerySet[Case]:
    """Cases the user may see, with the list filters of the API and the pages applied, in
    the order `filters["sort"]` names (`LIST_ORDERS`), newest first by default.

    The queryset's own `count()` (what the paginators call) adds up the disjoint pieces
    of the permission scope in one statement; any further filter counts the usual way."""
    qs = Case.objects.all()
    f = filters or {}
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("status"):
        # One code, or several separated by commas (statuses of different kinds that
        # read the same, e.g. 待受理: `submitted` and `applied`).
        qs = qs.filter(status__in=f["status"].split(","))
    if f.get("jurisdiction"):
        qs = qs.filter(jurisdiction__code=f["jurisdiction"])
    if f.get("unit"):
        qs = qs.filter(lead_unit_id=f["unit"])
    if f.get("assignee") == "me":
        qs = qs.filter(assignee_id=user.pk)
    if f.get("overdue"):
        qs = qs.filter(deadline__lt=timezone.localdate(), closed_at__isnull=True)
    # The drill-down from the statistics (docs/statistics.md): a jurisdiction's whole
    # subtree, the cases still open, and the cases behind each figure of a period
    # (received, late, closed, resolved, response due, follow-up answered, ...).
    if f.get("within"):
        path = Jurisdiction.objects.filter(code=f["within"]).values_list("path", flat=True).first()
        qs = qs.filter(jurisdiction_path__startswith=path) if path else qs.none()
    if f.get("open"):
        qs = qs.filter(closed_at__isnull=True)
    qs = drilldown.narrow(qs, f, timezone.localdate())
    if f.get("q"):
        term = f["q"].strip()
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(tracking_number__iexact=term)
            | Q(description__icontains=term)
            | Q(employer__name__icontains=term)
            | Q(pk__in=Case.objects.filter(parties__person__name__icontains=term).values("pk"))
            # A merged case's number or tracking number finds the case it lives on in.
            | Q(
                pk__in=CaseAlias.objects.filter(
                    Q(number__iexact=term) | Q(tracking_number__iexact=term)
                ).values("case_id")
            )
        )
    if f.get("sort") in LIST_ORDERS:
        qs = qs.order_by(*LIST_ORDERS[f["sort"]])
    return _scoped(user, qs.select_related("lead_unit", "assignee", "jurisdiction"))


# What a case's page and its API representation read with the case row.
CASE_SHOWN_WITH = (
    "lead_unit__department",
    "lead_unit__jurisdiction",
    "jurisdiction",
    "assignee",
    "employer",
    "market",
)


def case_get_for_user(user, case_id) -> Case:
    """The case, or CaseNotFound when it does not exist or the user may not see it."""
    try:
        case = Case.objects.select_related(*CASE_SHOWN_WITH).get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound() from None
    if not case_policy.can(user, "view", case):
        raise CaseNotFound()
    return case.as_kind()


def case_by_tracking(tracking_number: str) -> Case | None:
    """The case a complainant's tracking number leads to.

    A merged case leads to the case it was merged into, carrying the merged case's tracking
    number and access-code hash (so the complainant's own code still opens it) and
    `merged_from`/`merged_at` for `public_timeline`. That instance is for reading only.
    """
    case = Case.objects.filter(tracking_number=(tracking_number or "").strip().upper()).first()
    if case is None or case.status != MERGED:
        return case
    alias = CaseAlias.objects.select_related("case").filter(merged_case_id=case.pk).first()
    if alias is None:
        return case
    survivor = alias.case
    survivor.tracking_number = case.tracking_number
    survivor.access_code_hash = case.access_code_hash
    survivor.merged_from = case
    survivor.merged_at = alias.merged_at
    return survivor


def public_timeline(case: Case) -> QuerySet[TimelineEntry]:
    """The timeline a complainant reads: the case's own, or for a case reached through a
    merged case's tracking number, the merged case's history up to the merge and the
    survivor's after it."""
    merged = getattr(case, "merged_from", None)
    if merged is None:
        return TimelineEntry.objects.filter(case=case)
    return TimelineEntry.objects.filter(Q(case=merged) | Q(case=case, at__gt=case.merged_at))


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


def _extra_steps() -> list[tuple]:
    """Steps of flows other than CaseFlow that a unit's members take, declared by the kinds
    (`KindSpec.task_lists`, e.g. the per-unit report tasks of a joint operation): `(queue,
    inbox)` pairs of callables, `queue(units)` and `inbox(user)`, returning Case querysets
    annotated like `_steps`, one row per open task."""
    return [pair for spec in all_kinds() for pair in spec.task_lists]


def _merged(qs: QuerySet[Case], extras: list[QuerySet[Case]]) -> QuerySet[Case]:
    """The CaseFlow steps and other flows' steps in one list, in the same order. The CaseFlow
    query is returned unchanged unless another flow has a step for this list."""
    extras = [extra for extra in extras if extra.exists()]
    if not extras:
        return qs
    urgency = SqlCase(When(priority=Priority.HIGH, then=Value(0)), default=Value(1))
    parts = [
        part.select_related("lead_unit", "jurisdiction", "assignee")
        .annotate(step_urgency=urgency)
        .order_by()
        for part in (qs, *extras)
    ]
    return (
        parts[0]
        .union(*parts[1:], all=True)
        .order_by(F("deadline").asc(nulls_last=True), "step_urgency", "id")
    )


def inbox_for(user) -> QuerySet[Case]:
    """Cases whose next step is the user's own (their personal inbox): open CaseFlow tasks
    owned by the user, on cases they may still see."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return _merged(
        case_policy.scope(user, "view", _steps(STATUS.ASSIGNED, task__owner_id=user.pk)),
        [case_policy.scope(user, "view", inbox(user)) for _queue, inbox in _extra_steps()],
    )


def queue_for(user) -> QuerySet[Case]:
    """Unassigned officers' steps of the user's units (the unit queue): new complaints to
    take, and cases handed to the unit as a participant (e.g. a transfer to the police).
    Officers take them; clerks and supervisors of the unit see them to dispatch them."""
    units = org_of(user).units(Role.OFFICER, Role.CLERK, Role.SUPERVISOR)
    if not units:
        return Case.objects.none()
    return _merged(
        _steps(STATUS.NEW, unit_id__in=units, role=Role.OFFICER),
        [queue(units) for queue, _inbox in _extra_steps()],
    )


def approvals_for(user) -> QuerySet[Case]:
    """Supervisors' steps (extension, closure and other decisions put to them) of the units
    where the user supervises."""
    units = org_of(user).units(Role.SUPERVISOR)
    if not units:
        return Case.objects.none()
    return _steps(STATUS.NEW, unit_id__in=units, role=Role.SUPERVISOR)
