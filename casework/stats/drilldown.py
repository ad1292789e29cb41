"""The case list's filters that the statistics' numbers link to (docs/statistics.md,
Drill-down): each lists exactly the cases behind one figure, built from the same query
expressions as the figure itself (measures.py).

Each takes a period in the statistics' syntax (periods.py): `period` the cases received in
it (`received`), `late` / `on_time` those received with / without a missed clock
(`overdue` / `on_time`), `closed` / `resolved` those closed in it / and resolved
(`resolution`), `response_due` / `response_timely` those whose response clock started in it
is due / was stopped in time (`response`), `follow_up` / `satisfied` those with a follow-up
answer / a satisfied one recorded in it (`satisfaction`), `wages` those of a wage-tracking
kind received in it (`wages_owed`, `wages_recovered`), `helped` those of a public kind closed
resolved in it (`workers_helped`), `paid` those with a wage payment dated in it
(`wages_paid`). The page and the API validate them (`period_of`); `narrow` applies them.

The sums are the sums of a list: under `wages`, `helped` and `paid` the list adds up the
amounts, workers or payments of the cases it lists (`totals`), and with no other filter that
sum is the figure the link came from.

The lists list cases. The rates count clocks and answers: a case has one response clock
(each kind starts it once, when the case opens), so the response lists count what the rate
counts; a case followed up twice in the period (after a reopening) is two answers of the
satisfaction rate and one case of its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from casework.errors import InvalidInput
from casework.models import LegalClock, Payment, TimelineEntry

from . import measures
from .periods import Period, parse_period

NOTHING = Q(pk__in=[])


def _late(p: Period, today: date) -> Q:
    return Q(pk__in=LegalClock.objects.filter(measures.missed_clock(today)).values("case_id"))


def _responses(p: Period, today: date, *, timely: bool) -> Q:
    which = measures.response_clocks()
    if which is None:
        return NOTHING
    clocks = LegalClock.objects.filter(which, measures.response_due(p, today))
    if timely:
        clocks = clocks.filter(measures.response_timely())
    return Q(pk__in=clocks.values("case_id"))


def _answers(p: Period, *, satisfied: bool) -> Q:
    which = measures.follow_ups(*p.bounds())
    if which is None:
        return NOTHING
    entries = TimelineEntry.objects.filter(which)
    if satisfied:
        entries = entries.filter(measures.SATISFIED)
    return Q(pk__in=entries.values("case_id"))


def _paid_cases(p: Period, today: date) -> Q:
    return Q(pk__in=Payment.objects.filter(measures.paid(p)).values("case_id"))


def _case_sums(qs: QuerySet, **sums) -> dict:
    return qs.order_by().aggregate(**{name: Sum(field) for name, field in sums.items()})


def _paid_sum(qs: QuerySet, p: Period) -> dict:
    paid = Payment.objects.filter(measures.paid(p), case_id__in=qs.order_by().values("pk"))
    return paid.aggregate(wages_paid=Sum("amount"))


@dataclass(frozen=True)
class FigureFilter:
    name: str  # the query parameter, on the page and the API
    label: str  # named above the list (lazy Chinese)
    help: str  # the API schema's description
    cases: Callable[[Period, date], Q]  # the cases behind the figure
    note: str = ""  # said under the list when the filter is in force
    # The figures that add up over the listed cases: their field → sum (None for none).
    sums: Callable[[QuerySet, Period], dict] | None = None


# What a list's sums are called on the page (the dashboard's words).
SUM_LABELS = {
    "wages_owed": _("涉及欠薪（元）"),
    "wages_recovered": _("追回工资（元）"),
    "workers_helped": _("帮助劳动者（人）"),
    "wages_paid": _("期间支付工资（元）"),
}


COUNTS_CASES = _("按案件列出：同一案件在期间内多次回访只列一次，统计的回访次数按次计。")

FILTERS: tuple[FigureFilter, ...] = (
    FigureFilter(
        "period",
        _("受理期间"),
        "Received (submitted) in the period: the statistics' `received`.",
        lambda p, today: measures.received(*p.bounds()),
    ),
    FigureFilter(
        "late",
        _("超时（受理期间）"),
        "Received in the period with a missed legal clock: the statistics' `overdue`.",
        lambda p, today: measures.received(*p.bounds()) & _late(p, today),
    ),
    FigureFilter(
        "on_time",
        _("按时（受理期间）"),
        "Received in the period without a missed legal clock: the statistics' `on_time`.",
        lambda p, today: measures.received(*p.bounds()) & ~_late(p, today),
    ),
    FigureFilter(
        "closed",
        _("办结期间"),
        "Closed in the period (a merge is not a closure): `closed`, `resolution.closed`.",
        lambda p, today: measures.closed(*p.bounds()),
    ),
    FigureFilter(
        "resolved",
        _("已解决（办结期间）"),
        "Closed in the period in a state the kind counts as resolved: `resolved`, "
        "`resolution.resolved`.",
        lambda p, today: measures.closed(*p.bounds()) & measures.resolved(),
    ),
    FigureFilter(
        "response_due",
        _("应响应（时限起算期间）"),
        "Whose response clock started in the period and was decided or ran out: `response.due`.",
        lambda p, today: _responses(p, today, timely=False),
    ),
    FigureFilter(
        "response_timely",
        _("按时响应（时限起算期间）"),
        "Whose response clock started in the period was stopped by its due date: "
        "`response.timely`.",
        lambda p, today: _responses(p, today, timely=True),
    ),
    FigureFilter(
        "follow_up",
        _("已回访（回访期间）"),
        "With a follow-up answer recorded in the period: `satisfaction.asked` counts the "
        "answers, this the cases.",
        lambda p, today: _answers(p, satisfied=False),
        COUNTS_CASES,
    ),
    FigureFilter(
        "satisfied",
        _("回访满意（回访期间）"),
        "With a satisfied follow-up answer recorded in the period: `satisfaction.satisfied` "
        "counts the answers, this the cases.",
        lambda p, today: _answers(p, satisfied=True),
        COUNTS_CASES,
    ),
    FigureFilter(
        "wages",
        _("涉及工资（受理期间）"),
        "Received in the period, of a kind that tracks wages: the cases whose amounts make "
        "up `wages_owed` and `wages_recovered` (the list's `totals`).",
        lambda p, today: measures.received(*p.bounds()) & measures.wage_kinds(),
        sums=lambda qs, p: _case_sums(
            qs, wages_owed="amount_owed", wages_recovered="amount_recovered"
        ),
    ),
    FigureFilter(
        "helped",
        _("帮助劳动者（办结期间）"),
        "Closed resolved in the period, of a kind workers file: the cases whose workers make "
        "up `workers_helped` (the list's `totals`).",
        lambda p, today: (
            measures.closed(*p.bounds()) & measures.resolved() & measures.public_kinds()
        ),
        sums=lambda qs, p: _case_sums(qs, workers_helped="workers_count"),
    ),
    FigureFilter(
        "paid",
        _("支付工资（支付期间）"),
        "With a wage payment (or its correction) dated in the period: the cases whose payments "
        "in the period make up `wages_paid` (the list's `totals`).",
        _paid_cases,
        sums=_paid_sum,
    ),
)
NAMES = tuple(f.name for f in FILTERS)


def period_of(name: str, text: str, today: date) -> Period:
    """The period `text` given to filter `name`; InvalidInput (400) naming `name`."""
    try:
        return parse_period(text, today)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=name) from None


def read_periods(values: dict, today: date) -> tuple[dict[str, str], dict[str, str]]:
    """The figure filters given in `values` (a form's or a query's), each normalised to its
    period's text, and the message of each one that is not a period. Filters left empty are
    in neither."""
    periods, refused = {}, {}
    for spec in FILTERS:
        text = (values.get(spec.name) or "").strip()
        if not text:
            continue
        try:
            periods[spec.name] = period_of(spec.name, text, today).text
        except InvalidInput as exc:
            refused[spec.name] = exc.message
    return periods, refused


def narrow(qs: QuerySet, filters: dict, today: date) -> QuerySet:
    """`qs` narrowed by the figure filters given in `filters` (period texts; empty ones are
    not given)."""
    for spec in FILTERS:
        if filters.get(spec.name):
            qs = qs.filter(spec.cases(period_of(spec.name, filters[spec.name], today), today))
    return qs


def notes(filters: dict) -> list[str]:
    """What the list says of the filters in force (how it counts)."""
    return list(dict.fromkeys(str(f.note) for f in FILTERS if f.note and filters.get(f.name)))


def sums_asked(filters: dict) -> bool:
    """Whether a filter whose list adds up (`wages`, `helped`, `paid`) is in force."""
    return any(spec.sums is not None and filters.get(spec.name) for spec in FILTERS)


def totals(qs: QuerySet, filters: dict, today: date) -> dict[str, str | int]:
    """The sums of the listed cases `qs` under the summing filters in force (`wages`,
    `helped`, `paid`), by the statistics' field names: money as a string with two
    decimals, workers as an integer. Empty when none is in force."""
    out: dict[str, str | int] = {}
    for spec in FILTERS:
        if spec.sums is None or not filters.get(spec.name):
            continue
        for name, value in spec.sums(qs, period_of(spec.name, filters[spec.name], today)).items():
            if name == "workers_helped":
                out[name] = int(value or 0)
            else:
                out[name] = f"{value or Decimal('0'):.2f}"
    return out
