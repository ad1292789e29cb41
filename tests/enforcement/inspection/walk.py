"""Putting an inspection into a state by firing real transitions, never by writing the
status column, plus the table of what each transition needs and does."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.actions import case_open_internal, case_transition
from casework.models import Case, Market, MarketKind, MarketStatus
from enforcement.models import InspectionStatus
from permissions.models import Jurisdiction

STATES = [s.value for s in InspectionStatus]
CHECKLIST = ["shelter", "fire_exit", "toilets"]

# name -> (legal sources, target, who fires it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "record_inspection": (("scheduled",), "inspected", "officer"),
    "require_rectification": (("inspected",), "rectification_required", "officer"),
    "schedule_reinspection": (("rectification_required",), "reinspection", "officer"),
    "record_reinspection": (("reinspection",), "inspected", "officer"),
    "approve_closure": (("inspected",), "closed", "supervisor"),
}


def results(*, failing: tuple[str, ...] = ()) -> list[dict]:
    return [
        {
            "item": code,
            "passed": code not in failing,
            "note": "通道堆放杂物" if code in failing else "",
        }
        for code in CHECKLIST
    ]


def payload(name: str, *, failing: tuple[str, ...] = ("fire_exit",)) -> dict:
    today = timezone.localdate()
    return {
        "record_inspection": {
            "inspected_on": today.isoformat(),
            "results": results(failing=failing),
        },
        "require_rectification": {
            "deadline": (today + timedelta(days=10)).isoformat(),
            "requirements": "清理消防通道",
        },
        "schedule_reinspection": {"scheduled_for": (today + timedelta(days=11)).isoformat()},
        "record_reinspection": {"inspected_on": today.isoformat(), "results": results()},
        "approve_closure": {"comment": "同意结案"},
    }[name]


# How each state is reached; `inspected` here has a failed item, so both of its exits are
# tried from the state they are legal in by `walk_to(..., passed=...)`.
_PATHS: dict[str, list[str]] = {
    "scheduled": [],
    "inspected": ["record_inspection"],
    "rectification_required": ["record_inspection", "require_rectification"],
    "reinspection": ["record_inspection", "require_rectification", "schedule_reinspection"],
    "closed": [
        "record_inspection",
        "require_rectification",
        "schedule_reinspection",
        "record_reinspection",
        "approve_closure",
    ],
}


def make_market(code: str = "xuecheng", name: str = "薛城区人力资源市场零工驿站") -> Market:
    return Market.objects.create(
        name=name,
        kind=MarketKind.PUBLIC_WELFARE,
        status=MarketStatus.REGISTERED,
        jurisdiction=Jurisdiction.objects.get(code=code),
        address="薛城区泰山路",
        lon="117.263000",
        lat="34.795000",
    )


def open_body(market: Market | None, **overrides) -> dict:
    body = {
        "kind": "inspection",
        "jurisdiction": "xuecheng",
        "market": market.pk if market else None,
        "description": "对零工驿站开展季度安全与卫生检查。",
        "mode": "scheduled",
        "scheduled_for": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "checklist": list(CHECKLIST),
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def open_inspection(actor, market: Market, **overrides) -> Case:
    return case_open_internal(actor=actor, data=open_body(market, **overrides))


def fire(case_id: int, name: str, actors, data: dict | None = None, **kw) -> Case:
    return case_transition(
        actor=actors.for_role(TRANSITIONS[name][2]),
        case_id=case_id,
        name=name,
        data=payload(name) if data is None else data,
        **kw,
    )


def walk_to(case, state: str, actors, *, passed: bool = False) -> Case:
    """Walk to `state`; with `passed`, `inspected` is reached by an all-pass inspection."""
    path = _PATHS[state]
    for name in path:
        data = payload(name, failing=()) if passed and name == "record_inspection" else None
        fire(case.pk, name, actors, data)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == state
    return fresh
