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


class Links:
    """The drill-down links: the case list filtered to the cases behind a number, and a
    district's own dashboard. The routes are reversed once per report, not once per row (a
    city of a thousand units has three thousand links)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.case_list = reverse("casework:case_list") if enabled else ""
        self.dashboard_page = reverse("casework:dashboard") if enabled else ""

    def cases(self, **filters) -> str | None:
        if not self.enabled:
            return None
        query = {k: v for k, v in filters.items() if v not in (None, "", False)}
        return self.case_list + ("?" + urlencode(query) if query else "")

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
    link = Links(links)
    cases_link = link.cases

    by_kind = [
        {
            "kind": code,
            "label": _kind_label(code),
            **finish(b),
            "cases": cases_link(kind=code, within=place.code, period=p),
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
            "cases": cases_link(unit=unit_id, period=p),
            "open_cases": cases_link(unit=unit_id, open="on"),
            "overdue_cases": cases_link(unit=unit_id, overdue="on"),
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
                "cases": cases_link(
                    jurisdiction=node.code if own else "", within="" if own else node.code, period=p
                ),
                "open_cases": cases_link(
                    jurisdiction=node.code if own else "",
                    within="" if own else node.code,
                    open="on",
                ),
                "overdue_cases": cases_link(
                    jurisdiction=node.code if own else "",
                    within="" if own else node.code,
                    overdue="on",
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
            "cases": cases_link(kind=kind, status=status, within=place.code, period=p),
        }
        for (kind, status), n in sorted(data["statuses"].items())
    ]
    markets = [
        {"status": value, "label": str(label), "count": data["markets"].get(value, 0)}
        for value, label in MarketStatus.choices
    ]
    parent = place.parent if place.parent_id and within_reach(user, place.parent) else None
    return {
        "jurisdiction": {
            "code": place.code,
            "name": place.name,
            "division_code": place.division_code,
            "parent": {"code": parent.code, "name": parent.name} if parent else None,
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
            "cases": cases_link(within=place.code, period=p),
            "open_cases": cases_link(within=place.code, open="on"),
            "overdue_cases": cases_link(within=place.code, overdue="on"),
        },
        "by_kind": by_kind,
        "by_unit": by_unit,
        "by_jurisdiction": by_jurisdiction,
        "by_status": by_status,
        "by_period": data["series"],
        "markets": markets,
    }
