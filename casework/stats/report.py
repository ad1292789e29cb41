"""The statistics as the API returns them and the dashboard draws them."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from casework.kinds import get_kind, has_kind
from casework.markets.models import MarketStatus
from permissions.models import Jurisdiction

from .figures import finish, statistics, unit_names
from .periods import Period, parse_period
from .scope import jurisdiction_for, within_reach


def _kind_label(code: str) -> str:
    return str(get_kind(code).label) if has_kind(code) else code


# The drill-down link of each figure of a row: its field → the case list's filters of that
# figure (casework.stats.drilldown; `{p}` the period), added to the row's own scope (its
# kind, unit or jurisdiction).
FIGURE_LINKS = {
    "cases": {"period": "{p}"},  # received
    "received_open_cases": {"period": "{p}", "open": "on"},  # open
    "on_time_cases": {"on_time": "{p}"},  # on_time
    "late_cases": {"late": "{p}"},  # overdue (a missed clock)
    "closed_cases": {"closed": "{p}"},  # closed, resolution.closed
    "resolved_cases": {"resolved": "{p}"},  # resolved, resolution.resolved
    "response_due_cases": {"response_due": "{p}"},  # response.due
    "response_timely_cases": {"response_timely": "{p}"},  # response.timely
    "follow_up_cases": {"follow_up": "{p}"},  # satisfaction.asked (cases, not answers)
    "satisfied_cases": {"satisfied": "{p}"},  # satisfaction.satisfied (cases)
    "open_cases": {"open": "on"},  # backlog_open
    "overdue_cases": {"overdue": "on"},  # backlog_overdue
    "wages_cases": {"wages": "{p}"},  # wages_owed, wages_recovered (the list's totals)
    "helped_cases": {"helped": "{p}"},  # workers_helped (the list's totals)
    "paid_cases": {"paid": "{p}"},  # wages_paid (the list's totals)
}


class Links:
    """The drill-down links: the case list filtered to the cases behind a number, and a
    district's own dashboard. The routes are reversed and each figure's part of the query
    encoded once per report, not once per row (a city of a thousand units has twelve
    thousand links)."""

    def __init__(self, period: str, enabled: bool = True) -> None:
        self.enabled = enabled
        self.case_list = reverse("casework:case_list") if enabled else ""
        self.dashboard_page = reverse("casework:dashboard") if enabled else ""
        self.parts = {
            name: urlencode({k: v.format(p=period) for k, v in query.items()})
            for name, query in FIGURE_LINKS.items()
        }

    def cases(self, **filters) -> str | None:
        if not self.enabled:
            return None
        query = {k: v for k, v in filters.items() if v not in (None, "", False)}
        return self.case_list + ("?" + urlencode(query) if query else "")

    def figures(self, **scope) -> dict[str, str | None]:
        """Every figure's link for a row whose cases are `scope` (empty values dropped)."""
        if not self.enabled:
            return dict.fromkeys(self.parts)
        own = urlencode({k: v for k, v in scope.items() if v not in (None, "", False)})
        head = self.case_list + "?" + (own + "&" if own else "")
        return {name: head + part for name, part in self.parts.items()}

    def dashboard(self, **params) -> str | None:
        return self.dashboard_page + "?" + urlencode(params) if self.enabled else None


def build_report(
    user,
    *,
    jurisdiction: str | None,
    period: str | None,
    today: date | None = None,
    links: bool = True,
    series: bool = True,
) -> dict:
    """The statistics of `jurisdiction` (a code; the caller's widest when empty) over
    `period` (periods.parse_period). Raises InvalidInput (400) or OutOfReach (404).
    Without `links` the drill-down links are None, without `series` `by_period` is empty
    (the PDF report prints neither)."""
    today = today or timezone.localdate()
    parsed: Period = parse_period(period, today)
    place: Jurisdiction = jurisdiction_for(user, jurisdiction)
    data = statistics(user, place, parsed, today, series=series)
    tally = data["tally"]
    p = parsed.text
    link = Links(p, links)

    by_kind = [
        {
            "kind": code,
            "label": _kind_label(code),
            **finish(b),
            **link.figures(kind=code, within=place.code),
        }
        for code, b in sorted(tally.kinds.items(), key=lambda kv: -kv[1]["received"])
    ]
    units = unit_names(tally.units)
    by_unit = [
        {
            "unit": unit_id,
            "name": units[unit_id][0] if unit_id in units else str(unit_id),
            "jurisdiction": units[unit_id][1] if unit_id in units else None,
            **finish(b),
            # Within the asked jurisdiction: a unit of the city counts here only the cases
            # it leads in this subtree.
            **link.figures(unit=unit_id, within=place.code),
        }
        for unit_id, b in sorted(tally.units.items(), key=lambda kv: (-kv[1]["received"], kv[0]))
    ]
    by_jurisdiction = []
    for area_id, b in sorted(tally.areas.items(), key=lambda kv: tally.nodes[kv[0]].path):
        node = tally.nodes[area_id]
        own = area_id == place.pk
        by_jurisdiction.append(
            {
                "code": node.code,
                "name": node.name,
                "division_code": node.division_code,
                # The asked jurisdiction's own cases (本级), not its children's.
                "own_level": own,
                **finish(b),
                "dashboard": None if own else link.dashboard(jurisdiction=node.code, period=p),
                **link.figures(
                    jurisdiction=node.code if own else "", within="" if own else node.code
                ),
            }
        )
    by_status = [
        {
            "kind": kind,
            "kind_label": _kind_label(kind),
            "status": status,
            "label": get_kind(kind).status_label(status) if has_kind(kind) else status,
            "count": n,
            "cases": link.cases(kind=kind, status=status, within=place.code, period=p),
        }
        for (kind, status), n in sorted(data["statuses"].items())
    ]
    markets = [
        {"status": value, "label": str(label), "count": data["markets"].get(value, 0)}
        for value, label in MarketStatus.choices
    ]
    parent = place.parent if place.parent_id and within_reach(user, place.parent) else None
    children = sorted((n for pk, n in tally.nodes.items() if pk != place.pk), key=lambda n: n.path)
    return {
        "jurisdiction": {
            "code": place.code,
            "name": place.name,
            "division_code": place.division_code,
            "parent": {"code": parent.code, "name": parent.name} if parent else None,
            # Every child, with cases or not: the areas the report covers (the map).
            "children": [{"code": c.code, "name": c.name} for c in children],
        },
        "period": {
            "text": p,
            "first": parsed.first.isoformat(),
            "last": parsed.last.isoformat(),
            "step": parsed.step,
        },
        "today": today.isoformat(),
        "totals": {
            **finish(tally.total),
            **link.figures(within=place.code),
        },
        "by_kind": by_kind,
        "by_unit": by_unit,
        "by_jurisdiction": by_jurisdiction,
        "by_status": by_status,
        "by_period": data["series"],
        "markets": markets,
    }
