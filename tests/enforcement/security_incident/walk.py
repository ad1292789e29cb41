"""Putting a security incident into a state by firing real transitions, never by writing
the status column, plus the table of what each transition needs and does."""

from __future__ import annotations

from dataclasses import dataclass

from casework.actions import case_open, case_transition
from casework.models import Case
from enforcement.models import IncidentStatus
from permissions.models import Jurisdiction

STATES = [s.value for s in IncidentStatus]


@dataclass
class Actors:
    officer: object
    supervisor: object
    parent: object  # the city police unit's supervisor: approves extensions

    def for_role(self, role: str):
        return {"officer": self.officer, "supervisor": self.supervisor, "parent": self.parent}[role]


# name -> (legal sources, target, who fires it); target None: the state does not change.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None, str]] = {
    "dispatch": (("reported",), "dispatched", "officer"),
    "arrive": (("dispatched",), "on_scene", "officer"),
    "extend_review": (("reported", "dispatched", "on_scene"), None, "supervisor"),
    "open_case": (("on_scene",), "case_opened", "officer"),
    "no_case": (("on_scene",), "closure_pending", "officer"),
    "start_investigation": (("case_opened",), "investigating", "officer"),
    "request_extension": (("investigating",), "extension_pending", "officer"),
    "approve_extension": (("extension_pending",), "investigating", "parent"),
    "deny_extension": (("extension_pending",), "investigating", "parent"),
    "decide": (("investigating",), "decided", "officer"),
    "transfer_criminal": (("investigating",), "transferred_criminal", "supervisor"),
    "propose_closure": (("decided", "transferred_criminal"), "closure_pending", "officer"),
    "approve_closure": (("closure_pending",), "closed", "supervisor"),
}


def payload(name: str) -> dict:
    return {
        "dispatch": {"comment": "指派民警出警"},
        "arrive": {"scene": "双方已被控制，现场无人员重伤"},
        "extend_review": {"reason": "涉案人员多，需核实身份和现场视频"},
        "open_case": {"comment": "予以受案"},
        "no_case": {"reason": "属民事纠纷，已现场调解"},
        "start_investigation": {"comment": "调取监控，询问证人"},
        "request_extension": {"reason": "等待伤情鉴定"},
        "approve_extension": {"comment": "同意延长30日"},
        "deny_extension": {"comment": "不同意延期"},
        "decide": {
            "decision": "penalty",
            "penalty": "行政拘留五日",
            "legal_basis": "《治安管理处罚法》第四十三条",
        },
        "transfer_criminal": {"charge": "敲诈勒索罪", "reason": "数额达到刑事立案标准"},
        "propose_closure": {"summary": "处罚已执行"},
        "approve_closure": {"comment": "同意结案"},
    }[name]


_PATHS: dict[str, list[str]] = {
    "reported": [],
    "dispatched": ["dispatch"],
    "on_scene": ["dispatch", "arrive"],
    "case_opened": ["dispatch", "arrive", "open_case"],
    "investigating": ["dispatch", "arrive", "open_case", "start_investigation"],
    "extension_pending": [
        "dispatch",
        "arrive",
        "open_case",
        "start_investigation",
        "request_extension",
    ],
    "decided": ["dispatch", "arrive", "open_case", "start_investigation", "decide"],
    "transferred_criminal": [
        "dispatch",
        "arrive",
        "open_case",
        "start_investigation",
        "transfer_criminal",
    ],
    "closure_pending": ["dispatch", "arrive", "no_case"],
    "closed": ["dispatch", "arrive", "no_case", "approve_closure"],
}


def open_incident(actor, *, jurisdiction: str = "xuecheng", incident_type: str = "assault"):
    case, _code = case_open(
        actor=actor,
        kind="security_incident",
        jurisdiction=Jurisdiction.objects.get(code=jurisdiction),
        description="零工市场内两人因争抢活计互相殴打。",
        details={"incident_type": incident_type, "location": "市场东门"},
    )
    return case


def fire(case_id: int, name: str, actors: Actors, data: dict | None = None, **kw) -> Case:
    return case_transition(
        actor=actors.for_role(TRANSITIONS[name][2]),
        case_id=case_id,
        name=name,
        data=payload(name) if data is None else data,
        **kw,
    )


def walk_to(case, state: str, actors: Actors) -> Case:
    for name in _PATHS[state]:
        fire(case.pk, name, actors)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == state
    return fresh
