"""The statistics of one jurisdiction and period, for one caller (docs/statistics.md).

Every figure comes from a GROUP BY over the caller's visible cases in the jurisdiction's
subtree, grouped by (kind, lead unit, jurisdiction[, status]); the rows, bounded by the
number of kinds × units × statuses and never by the number of cases, are then folded into
the totals and the breakdowns here. The number of statements is fixed, and the scope is
read once: a series by month is counted in the same pass (one filtered count per month), a
series by day (periods up to 62 days) by its own statement over the few cases received or
closed in the period, which the date indexes find.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case as SqlCase
from django.db.models import Count, Q, QuerySet, Sum, When
from django.db.models.functions import TruncDay

from casework.kinds import get_kind, has_kind
from casework.models import Case, LegalClock, Market, Payment, TimelineEntry
from casework.selectors import case_list_for_user
from permissions.models import Jurisdiction, Unit

from . import measures
from .periods import Period
from .planning import report_planning

COUNTS = (
    "received",
    "open",
    "on_time",
    "overdue",
    "closed",
    "resolved",
    "workers_helped",
    "response_due",
    "response_timely",
    "follow_ups",
    "satisfied",
    "backlog_open",
    "backlog_overdue",
)
MONEY = ("wages_owed", "wages_recovered", "wages_paid")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


_EMPTY = {**dict.fromkeys(COUNTS, 0), **dict.fromkeys(MONEY, Decimal("0"))}


def _bucket() -> dict:
    return dict(_EMPTY)


# The counts shown as they are; the others make up the rates.
SHOWN = tuple(k for k in COUNTS if not k.startswith(("response_", "follow_", "satisfied")))


def finish(b: dict) -> dict:
    """A bucket as the API shows it: counts, money as strings, the three rates (三率)."""
    out = {k: b[k] for k in SHOWN}
    out.update({m: f"{b[m]:.2f}" for m in MONEY})
    out["response"] = {
        "due": b["response_due"],
        "timely": b["response_timely"],
        "rate": _rate(b["response_timely"], b["response_due"]),
    }
    out["resolution"] = {
        "closed": b["closed"],
        "resolved": b["resolved"],
        "rate": _rate(b["resolved"], b["closed"]),
    }
    out["satisfaction"] = {
        "asked": b["follow_ups"],
        "satisfied": b["satisfied"],
        "rate": _rate(b["satisfied"], b["follow_ups"]),
    }
    return out


@dataclass
class Tally:
    """Buckets for the total, each kind, each lead unit and each child jurisdiction.

    The passes `add` their rows to one bucket per (kind, lead unit, jurisdiction) group;
    `fold` then adds each group to its four buckets once, rather than every row of every
    pass four times (a city's grouped pass has a row per unit and status)."""

    jurisdiction: Jurisdiction

    def __post_init__(self) -> None:
        self.total = _bucket()
        self.kinds: dict[str, dict] = defaultdict(_bucket)
        self.units: dict[int, dict] = defaultdict(_bucket)
        self.areas: dict[int, dict] = defaultdict(_bucket)
        self.groups: dict[tuple[str, int, int], dict] = {}
        # The rows of the breakdown by jurisdiction: the asked one and its children.
        here = self.jurisdiction
        self.nodes = {j.pk: j for j in Jurisdiction.objects.filter(parent=here)}
        self.nodes[here.pk] = here
        children = [(c.path, c.pk) for c in self.nodes.values() if c.pk != here.pk]
        # Each jurisdiction of the subtree counts for the child it lies in (the asked one
        # itself for its own cases); a city has a thousand streets, read as (id, path) pairs.
        below = Jurisdiction.objects.filter(path__startswith=here.path).values_list("pk", "path")
        self.area_of = {}
        for pk, path in below:
            self.area_of[pk] = next((c for p, c in children if path.startswith(p)), here.pk)

    def add(self, kind: str, unit_id: int, jurisdiction_id: int, **values) -> None:
        key = (kind, unit_id, jurisdiction_id)
        bucket = self.groups.get(key)
        if bucket is None:
            bucket = self.groups[key] = _bucket()
        for name, value in values.items():
            if value:
                bucket[name] += value

    def fold(self) -> None:
        """Add every group to the total, its kind, its unit and its area; once, at the end."""
        for (kind, unit_id, jurisdiction_id), group in self.groups.items():
            area = self.area_of.get(jurisdiction_id, self.jurisdiction.pk)
            given = [(name, value) for name, value in group.items() if value]
            for bucket in (self.total, self.kinds[kind], self.units[unit_id], self.areas[area]):
                for name, value in given:
                    bucket[name] += value
        self.groups.clear()


def visible_cases(user, jurisdiction: Jurisdiction) -> QuerySet[Case]:
    """The caller's visible cases in the jurisdiction's subtree (its materialised path)."""
    return (
        case_list_for_user(user).filter(jurisdiction_path__startswith=jurisdiction.path).order_by()
    )


def _late(tally: Tally, ids, got: Q, today: date) -> None:
    """Received cases with a missed clock — stopped after its due date, or running past it —
    moved from on time to overdue. Driven from the clocks: the scan of the cases is not
    repeated per case."""
    received = Case.objects.filter(got, pk__in=ids).values("pk")
    on = ("case__kind", "case__lead_unit_id", "case__jurisdiction_id")
    for row in (
        LegalClock.objects.filter(measures.missed_clock(today), case_id__in=received)
        .values(*on)
        .annotate(n=Count("case_id", distinct=True))
    ):
        tally.add(*(row[g] for g in on), overdue=row["n"], on_time=-row["n"])


def statistics(
    user, jurisdiction: Jurisdiction, period: Period, today: date, *, series: bool = True
) -> dict:
    """The figures of the caller's visible cases in the jurisdiction's subtree over the
    period; without `series` no received/closed series is counted (a report that prints
    none). The statements run in one transaction planned for reporting (planning.py)."""
    with report_planning():
        return _figures(user, jurisdiction, period, today, series=series)


def _figures(
    user, jurisdiction: Jurisdiction, period: Period, today: date, *, series: bool
) -> dict:
    cases = visible_cases(user, jurisdiction)
    ids = cases.values("pk")
    start, end = period.bounds()
    tally = Tally(jurisdiction)
    statuses: dict[tuple[str, str], int] = defaultdict(int)
    group = ("kind", "lead_unit_id", "jurisdiction_id")

    # One pass over the scope, grouped by (kind, lead unit, jurisdiction, status): the cases
    # received in the period (still open, on time or overdue, wages), those closed in it (a
    # merge is not a closure: resolution, workers helped) and the backlog now.
    got = measures.received(start, end)
    shut = measures.closed(start, end)
    pending = measures.still_open()
    figures = {
        "n": Count("pk", filter=got),
        "still_open": Count("pk", filter=got & pending),
        "owed": Sum("amount_owed", filter=got),
        "recovered": Sum("amount_recovered", filter=got),
        "closed": Count("pk", filter=shut),
        "workers": Sum("workers_count", filter=shut),
        "backlog": Count("pk", filter=pending),
        "backlog_late": Count("pk", filter=pending & Q(deadline__lt=today)),
    }
    # A series by month comes out of the same pass: cases received and closed in each month.
    months = period.months() if series and period.step == "month" else []
    for i, (_first, lo, hi) in enumerate(months):
        figures[f"got_{i}"] = Count("pk", filter=measures.received(lo, hi))
        figures[f"shut_{i}"] = Count("pk", filter=measures.closed(lo, hi))
    points: dict[date, dict] = defaultdict(lambda: {"received": 0, "closed": 0})
    rows = cases.filter(got | shut | pending).values(*group, "status").annotate(**figures)
    traits: dict[tuple[str, str], tuple[bool, bool, bool]] = {}
    for row in rows:
        key = (row["kind"], row["status"])
        if key not in traits:
            spec = get_kind(row["kind"]) if has_kind(row["kind"]) else None
            resolved = measures.is_resolved(*key)
            traits[key] = (
                spec is not None and spec.tracks_wages,
                resolved,
                resolved and spec is not None and spec.public,
            )
        wages, resolved, helps = traits[key]
        if row["n"]:
            statuses[(row["kind"], row["status"])] += row["n"]
        tally.add(
            *(row[g] for g in group),
            received=row["n"],
            open=row["still_open"],
            on_time=row["n"],
            wages_owed=row["owed"] if wages else 0,
            wages_recovered=row["recovered"] if wages else 0,
            closed=row["closed"],
            resolved=row["closed"] if resolved else 0,
            workers_helped=row["workers"] if helps else 0,
            backlog_open=row["backlog"],
            backlog_overdue=row["backlog_late"],
        )
        for i, (first, _lo, _hi) in enumerate(months):
            if row[f"got_{i}"] or row[f"shut_{i}"]:
                points[first]["received"] += row[f"got_{i}"]
                points[first]["closed"] += row[f"shut_{i}"]

    _late(tally, ids, got, today)
    _responses(tally, ids, period, today)
    _follow_ups(tally, ids, start, end)
    on = ("case__kind", "case__lead_unit_id", "case__jurisdiction_id")
    for row in (
        Payment.objects.filter(measures.paid(period), case_id__in=ids)
        .values(*on)
        .annotate(paid=Sum("amount"))
    ):
        tally.add(*(row[g] for g in on), wages_paid=row["paid"])

    tally.fold()
    if series and period.step == "day":
        points = _days(cases, got, shut)
    return {
        "tally": tally,
        "statuses": statuses,
        "series": _series(period, points, today) if series else [],
        "markets": _markets(jurisdiction),
    }


def _series(period: Period, points: dict[date, dict], today: date) -> list[dict]:
    """Every day (or month) of the period up to today, those without a case at zero: a
    chart on a category axis spaces its points evenly, so a missing bucket would join the
    days on either side of it. Days still to come are left out, not drawn as zeros."""
    if period.step == "day":
        last = min(period.last, today)
        steps = [period.first + timedelta(days=n) for n in range((last - period.first).days + 1)]
    else:
        steps = [first for first, _lo, _hi in period.months() if first <= today]
    return [{"period": d.isoformat(), **points.get(d, {"received": 0, "closed": 0})} for d in steps]


def _responses(tally: Tally, ids, period: Period, today: date) -> None:
    """Response clocks started in the period that ran out or stopped: in time or not."""
    which = measures.response_clocks()
    if which is None:
        return
    on = ("case__kind", "case__lead_unit_id", "case__jurisdiction_id")
    for row in (
        LegalClock.objects.filter(which, measures.response_due(period, today), case_id__in=ids)
        .values(*on)
        .annotate(due=Count("pk"), timely=Count("pk", filter=measures.response_timely()))
    ):
        tally.add(*(row[g] for g in on), response_due=row["due"], response_timely=row["timely"])


def _follow_ups(tally: Tally, ids, start, end) -> None:
    """Follow-up answers (回访) recorded in the period, and how many were satisfied."""
    which = measures.follow_ups(start, end)
    if which is None:
        return
    on = ("case__kind", "case__lead_unit_id", "case__jurisdiction_id")
    for row in (
        TimelineEntry.objects.filter(which, case_id__in=ids)
        .values(*on)
        .annotate(asked=Count("pk"), yes=Count("pk", filter=measures.SATISFIED))
    ):
        tally.add(*(row[g] for g in on), follow_ups=row["asked"], satisfied=row["yes"])


def _days(cases, got: Q, shut: Q) -> dict[date, dict]:
    """Cases received and closed per day, in one statement over the cases received or closed
    in the period (found by the indexes on submitted_at and closed_at): grouped by (day
    received or null, day closed or null), at most (days + 1)² rows for up to 62 days."""
    points: dict[date, dict] = defaultdict(lambda: {"received": 0, "closed": 0})
    rows = (
        cases.filter(got | shut)
        .annotate(
            got_on=SqlCase(When(got, then=TruncDay("submitted_at"))),
            shut_on=SqlCase(When(shut, then=TruncDay("closed_at"))),
        )
        .values("got_on", "shut_on")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        for name, at in (("received", row["got_on"]), ("closed", row["shut_on"])):
            if at is not None:
                points[at.date() if hasattr(at, "date") else at][name] += row["n"]
    return points


def _markets(jurisdiction: Jurisdiction) -> dict[str, int]:
    """Gig markets of the subtree by registry status (the registry is public)."""
    rows = (
        Market.objects.filter(jurisdiction__path__startswith=jurisdiction.path)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def unit_names(ids) -> dict[int, tuple[str, str]]:
    """Each unit's name and its jurisdiction's code (rows, not models: a city has a
    thousand units)."""
    rows = Unit.objects.filter(pk__in=list(ids)).values_list("pk", "name", "jurisdiction__code")
    return {pk: (name, code) for pk, name, code in rows}
