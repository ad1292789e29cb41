"""The case list's filters that the statistics' numbers link to (docs/statistics.md,
Drill-down): each lists exactly the cases behind one figure, built from the same query
expressions as the figure itself (measures.py).

Each takes a period in the statistics' syntax (periods.py): `period` the cases received in
it (`received`), `late` / `on_time` those received with / without a missed clock
(`overdue` / `on_time`), `closed` / `resolved` those closed in it / and resolved
(`resolution`), `response_due` / `response_timely` those whose response clock started in it
is due / was stopped in time (`response`), `follow_up` / `satisfied` those with a follow-up
answer / a satisfied one recorded in it (`satisfaction`). The page and the API validate them
(`period_of`); `narrow` applies them.

The lists list cases. The rates count clocks and answers: a case has one response clock
(each kind starts it once, when the case opens), so the response lists count what the rate
counts; a case followed up twice in the period (after a reopening) is two answers of the
satisfaction rate and one case of its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from casework.errors import InvalidInput
from casework.models import LegalClock, TimelineEntry

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


@dataclass(frozen=True)
class FigureFilter:
    name: str  # the query parameter, on the page and the API
    label: str  # named above the list (lazy Chinese)
    help: str  # the API schema's description
    cases: Callable[[Period, date], Q]  # the cases behind the figure
    note: str = ""  # said under the list when the filter is in force


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
