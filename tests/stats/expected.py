"""The statistics recomputed here from the rows, case by case in Python, the way a clerk
would count them, sharing nothing with casework.stats but the definitions of
docs/statistics.md. Visibility is the policy's per-case rule (`case_policy.can`), not the
SQL filters the statistics use."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from casework.models import Case, Market, Payment, TimelineEntry
from casework.policies import case_policy

# The final states that mean "resolved", and the clocks that measure the response, as the
# kinds' procedures (docs/domain.md) have them.
RESOLVED = {
    "wage_arrears": {"closed"},
    "discrimination": {"closed"},
    "labour_dispute": {"agreed"},
    "security_incident": {"closed"},
    "inspection": {"closed"},
    "joint_operation": {"closed"},
    "market_rectification": {"closed"},
}
RESPONSE_CLOCK = {
    "wage_arrears": "acceptance",
    "discrimination": "acceptance",
    "market_rectification": "verification",
}
WORKER_KINDS = {"wage_arrears", "discrimination", "labour_dispute"}


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


def local(dt: datetime) -> date:
    return timezone.localtime(dt).date()


def count(user, path: str, first: date, last: date, today: date, key=lambda c: "all") -> dict:
    """Figures per `key(case)` for the cases `user` may see under jurisdiction `path`."""
    start, end = bounds(first, last)
    out: dict = defaultdict(Counter)
    money: dict = defaultdict(lambda: defaultdict(Decimal))
    cases = [
        c.as_kind()
        for c in Case.objects.prefetch_related("clocks").select_related("lead_unit__department")
        if c.jurisdiction_path.startswith(path)
    ]
    cases = [c for c in cases if case_policy.can(user, "view", c)]
    for c in cases:
        k = key(c)
        f = out[k]
        if start <= c.submitted_at < end:
            f["received"] += 1
            # Late: the lead unit missed a period the law sets for it, not a date an order
            # sets for a party (fixed) nor another department's clock.
            lead = c.lead_unit.department.code
            late = any(
                (clock.status == "stopped" and local(clock.stopped_at) > clock.due_date)
                or (clock.status == "running" and clock.due_date < today)
                for clock in c.clocks.all()
                if clock.fixed_due is None and clock.owner in ("", lead)
            )
            f["overdue" if late else "on_time"] += 1
            if c.closed_at is None:
                f["open"] += 1
            if c.kind == "wage_arrears":
                money[k]["owed"] += c.amount_owed
                money[k]["recovered"] += c.amount_recovered
        if c.closed_at is not None and start <= c.closed_at < end and c.status != "merged":
            f["closed"] += 1
            if c.status in RESOLVED[c.kind]:
                f["resolved"] += 1
                if c.kind in WORKER_KINDS:
                    f["workers_helped"] += c.workers_count
        if c.closed_at is None:
            f["backlog_open"] += 1
            if c.deadline is not None and c.deadline < today:
                f["backlog_overdue"] += 1
        for clock in c.clocks.all():
            if clock.code != RESPONSE_CLOCK.get(c.kind) or not first <= clock.start_date <= last:
                continue
            if clock.status == "stopped":
                f["response_due"] += 1
                f["response_timely"] += local(clock.stopped_at) <= clock.due_date
            elif clock.due_date < today:
                f["response_due"] += 1
        for entry in TimelineEntry.objects.filter(case=c, verb="record_feedback"):
            if start <= entry.at < end and c.kind in ("wage_arrears", "discrimination"):
                f["asked"] += 1
                f["satisfied"] += entry.payload.get("satisfied") is True
        for payment in Payment.objects.filter(case=c):
            if first <= payment.paid_on <= last:
                money[k]["paid"] += payment.amount
    return {"figures": out, "money": money, "cases": cases}


def markets(path: str) -> Counter:
    return Counter(m.status for m in Market.objects.all() if m.jurisdiction.path.startswith(path))
