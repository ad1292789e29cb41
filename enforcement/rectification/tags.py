"""The rectification panel of the case page and the patrol link of the main navigation
(loaded in templates as `rectification_tags`)."""

from __future__ import annotations

from django import template

from permissions.selectors import org_of

from .patrols.models import MarketWatch
from .patrols.selectors import (
    PATROL_ROLES,
    can_end_watch,
    can_start_watch,
    patrols_for,
    watches_for_case,
)
from .payloads import item_label, problem_label

register = template.Library()


def _rows(record: dict | None) -> list[dict]:
    if not record:
        return []
    return [
        {
            "code": r["item"],
            "label": item_label(r["item"]),
            "passed": r["passed"],
            "note": r.get("note", ""),
        }
        for r in record.get("results", [])
    ]


def _notices(case, details: dict) -> list[dict]:
    """Each rectification order with the 整改通知书 issued for it (its 文号 and name), the
    latest first. A notice is issued for every order, in order; orders recorded before
    notices were issued have none, so the two lists are matched from the latest."""
    orders = details.get("notices") or []
    documents = list(
        case.documents.filter(code="rectification_notice", transition="issue_notice").order_by(
            "created_at", "id"
        )
    )
    rows = []
    for k, order in enumerate(reversed(orders)):
        document = documents[-1 - k] if k < len(documents) else None
        rows.append({**order, "document": document})
    return rows


def _penalty_by(case, penalty: dict | None) -> str:
    """The unit that decided the penalty: the lead unit, or the participating market
    supervision unit when the case was referred to it."""
    if not penalty:
        return ""
    if penalty.get("by") == "market":
        row = case.participants.filter(unit__department__code="market").select_related("unit")
        unit = row.first()
        if unit is not None:
            return unit.unit.name
    return case.lead_unit.name


@register.simple_tag
def rectification_panel(case, user) -> dict:
    details = case.details or {}
    watches = list(watches_for_case(user, case).prefetch_related("visits__officer"))
    return {
        "problem": problem_label(details.get("problem", "")),
        "verification": details.get("verification"),
        "verification_rows": _rows(details.get("verification")),
        "reinspection": details.get("reinspection"),
        "reinspection_rows": _rows(details.get("reinspection")),
        "notices": _notices(case, details),
        "penalty": details.get("penalty"),
        "penalty_by": _penalty_by(case, details.get("penalty")),
        "ban": details.get("ban"),
        "referral": details.get("market_referral"),
        "watches": [
            {"watch": w, "can_end": can_end_watch(user, w), "visits": list(w.visits.all())[-10:]}
            for w in watches
        ],
        "can_start_watch": can_start_watch(user, case)
        and not MarketWatch.objects.filter(
            market_id=case.market_id, ended_at__isnull=True
        ).exists(),
    }


@register.simple_tag
def patrol_nav(user) -> dict:
    """Shown to members of a unit that runs (or ran) a watch; `due` counts open visits."""
    units = org_of(user).units(*PATROL_ROLES)
    if not units or not MarketWatch.objects.filter(unit_id__in=units).exists():
        return {"show": False, "due": 0}
    return {"show": True, "due": patrols_for(user).count()}
