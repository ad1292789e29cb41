"""What each figure of the statistics counts, as the query expressions that both the
aggregates (figures.py) and the case list's drill-down filters (drilldown.py) are built
from, so that the list reached from a number lists exactly the cases behind it
(docs/statistics.md).

`received`, `closed`, `still_open`, `resolved`, `wage_kinds` and `public_kinds` filter
cases; `binds_lead`, `missed_clock` and the `response_*` expressions filter legal clocks;
`follow_ups` and `SATISFIED` filter timeline entries; `paid` filters wage payments. A period's timestamps are
[start, end) in local time (`Period.bounds`), its days `first`..`last` both included.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import F, Q

from casework.kinds import MERGED, all_kinds, get_kind, has_kind
from casework.models.clocks import ClockStatus

from .periods import Period


def received(start: datetime, end: datetime) -> Q:
    """Cases submitted in the period."""
    return Q(submitted_at__gte=start, submitted_at__lt=end)


def closed(start: datetime, end: datetime) -> Q:
    """Cases closed in the period; a merge into another case is not a closure."""
    return Q(closed_at__gte=start, closed_at__lt=end) & ~Q(status=MERGED)


def still_open() -> Q:
    """Cases not closed (yet)."""
    return Q(closed_at__isnull=True)


def is_resolved(kind: str, status: str) -> bool:
    """Whether a (kind, status) group of the statistics' grouped pass is resolved."""
    return has_kind(kind) and status in get_kind(kind).resolved_states


def resolved() -> Q:
    """Cases in a final state their kind declares as resolved (`KindSpec.resolved_states`):
    the case list's form of `is_resolved`."""
    which = Q(pk__in=[])
    for spec in all_kinds():
        if spec.resolved_states:
            which |= Q(kind=spec.code, status__in=sorted(spec.resolved_states))
    return which


def wage_kinds() -> Q:
    """Cases of the kinds that track wages (`KindSpec.tracks_wages`): the only ones whose
    `amount_owed` and `amount_recovered` make up `wages_owed` and `wages_recovered`."""
    return Q(kind__in=sorted(spec.code for spec in all_kinds() if spec.tracks_wages))


def public_kinds() -> Q:
    """Cases of the kinds workers file (`KindSpec.public`): the only ones whose
    `workers_count`, when resolved, makes up `workers_helped`."""
    return Q(kind__in=sorted(spec.code for spec in all_kinds() if spec.public))


def paid(period: Period) -> Q:
    """Wage payments (and their corrections) dated in the period: `wages_paid`."""
    return Q(paid_on__gte=period.first, paid_on__lte=period.last)


def binds_lead() -> Q:
    """Legal clocks of a period the law sets for the lead unit: declared with a length of
    their own by the case's kind (not a date an order or a plan fixes, `fixed_due`: the
    employer's 限期支付 and 限期改正, the party's 整改期限, the inspection, re-inspection and
    operation dates) and owned by the lead unit's department (the police's answer to a
    transfer binds the police, not the labour bureau that leads the case). The query form
    of `casework.clocks.binds_lead`."""
    return Q(fixed_due__isnull=True) & (
        Q(owner="") | Q(owner=F("case__lead_unit__department__code"))
    )


def missed_clock(today: date) -> Q:
    """Legal clocks the lead unit missed (`binds_lead`): stopped after their due date, or
    running past it (a paused clock is not late)."""
    return binds_lead() & (
        Q(status=ClockStatus.STOPPED, stopped_at__date__gt=F("due_date"))
        | Q(status=ClockStatus.RUNNING, due_date__lt=today)
    )


def response_clocks() -> Q | None:
    """The clocks that measure each kind's response (`KindSpec.response_clock`); None when
    no kind has one."""
    which = None
    for spec in all_kinds():
        if spec.response_clock:
            one = Q(case__kind=spec.code, code=spec.response_clock)
            which = one if which is None else which | one
    return which


def response_due(period: Period, today: date) -> Q:
    """Response clocks started in the period that were decided (stopped) or ran out."""
    return Q(start_date__gte=period.first, start_date__lte=period.last) & (
        Q(status=ClockStatus.STOPPED) | Q(due_date__lt=today)
    )


def response_timely() -> Q:
    """Of those due, the clocks stopped on or before their due date."""
    return Q(status=ClockStatus.STOPPED, stopped_at__date__lte=F("due_date"))


def follow_ups(start: datetime, end: datetime) -> Q | None:
    """Follow-up answers (回访, `KindSpec.follow_up`: timeline entries of that transition)
    recorded in the period; None when no kind follows up."""
    which = None
    for spec in all_kinds():
        if spec.follow_up:
            one = Q(case__kind=spec.code, verb=spec.follow_up)
            which = one if which is None else which | one
    return None if which is None else which & Q(at__gte=start, at__lt=end)


# Of the follow-up answers, those whose recorded payload says the complainant is satisfied.
SATISFIED = Q(payload__satisfied=True)
