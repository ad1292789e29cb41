"""Putting a market rectification into a state by firing real transitions, never by writing
the status column, plus the table of what each transition needs and does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.actions import case_attach, case_open_internal, case_transition
from casework.models import Case, LegalClock, Market, MarketKind, MarketStatus
from enforcement.models import RectificationStatus
from enforcement.rectification.demo import demo_photo
from permissions.models import Jurisdiction

STATES = [s.value for s in RectificationStatus]
CHECKLIST = ["parking", "road_clear", "sanitation"]
# Inside 薛城区 (its seat is at 117.263, 34.795) and far outside it.
INSIDE = ("117.270000", "34.800000")
OUTSIDE = ("120.000000", "30.000000")


@dataclass
class Actors:
    officer: object  # 薛城区住建局 officer
    supervisor: object  # 薛城区住建局 supervisor
    market_officer: object  # 薛城区市场监管局 officer (participant)
    market_supervisor: object  # 薛城区市场监管局 supervisor (participant)

    def for_role(self, role: str):
        return getattr(self, role)


# name -> (legal sources, target, who fires it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "verify": (("reported",), "verified", "officer"),
    "issue_notice": (("verified",), "notice_issued", "officer"),
    "schedule_reinspection": (("notice_issued",), "reinspection", "officer"),
    "confirm_rectified": (("reinspection",), "rectified", "officer"),
    "confirm_not_rectified": (("reinspection",), "not_rectified", "officer"),
    "file_penalty": (("not_rectified",), "not_rectified", "officer"),
    "impose_penalty": (("not_rectified",), "penalty", "officer"),
    "ban": (("not_rectified",), "banned", "supervisor"),
    "refer_to_market": (("not_rectified",), "not_rectified", "officer"),
    "market_file": (("not_rectified",), "not_rectified", "market_officer"),
    "market_pause": (("not_rectified",), "not_rectified", "market_officer"),
    "market_resume": (("not_rectified",), "not_rectified", "market_officer"),
    "market_extend": (("not_rectified",), "not_rectified", "market_supervisor"),
    "market_decide": (("not_rectified",), "penalty", "market_officer"),
    "propose_closure": (
        ("verified", "rectified", "penalty", "banned"),
        "closure_pending",
        "officer",
    ),
    "approve_closure": (("closure_pending",), "closed", "supervisor"),
}
# Steps a transition needs after reaching its source state (its business guard).
PREP: dict[str, list[str]] = {
    "impose_penalty": ["file_penalty"],
    "market_file": ["refer_to_market"],
    "market_pause": ["refer_to_market"],
    "market_resume": ["refer_to_market", "market_pause"],
    "market_extend": ["refer_to_market"],
    "market_decide": ["refer_to_market", "market_file"],
}


def results(*, failing: tuple[str, ...] = ()) -> list[dict]:
    return [
        {"item": code, "passed": code not in failing, "note": "占道" if code in failing else ""}
        for code in CHECKLIST
    ]


def payload(name: str, *, failing: tuple[str, ...] = ("road_clear",)) -> dict:
    today = timezone.localdate()
    return {
        "verify": {
            "inspected_on": today.isoformat(),
            "lon": INSIDE[0],
            "lat": INSIDE[1],
            "results": results(failing=failing),
            "findings": "候工人员占用人行道",
        },
        "issue_notice": {
            "deadline": (today + timedelta(days=10)).isoformat(),
            "requirements": "清理占道，划定候工区",
            "notice_number": "薛建整字〔2026〕3号",
        },
        "schedule_reinspection": {"scheduled_for": (today + timedelta(days=11)).isoformat()},
        "confirm_rectified": {"inspected_on": today.isoformat(), "results": results()},
        "confirm_not_rectified": {
            "inspected_on": today.isoformat(),
            "results": results(failing=("road_clear",)),
        },
        "file_penalty": {"filing_number": "薛建立〔2026〕2号"},
        "impose_penalty": {
            "decision": "罚款二千元",
            "amount": "2000",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "market_status": "rectifying",
        },
        "ban": {"reason": "拒不整改", "legal_basis": "《城市市容和环境卫生管理条例》第三十六条"},
        "refer_to_market": {"reason": "涉嫌无照经营"},
        "market_file": {"filing_number": "薛市监立〔2026〕7号"},
        "market_pause": {"reason": "testing", "comment": "委托检测"},
        "market_resume": {"comment": "检测完成"},
        "market_extend": {"reason": "案情复杂"},
        "market_decide": {
            "decision": "没收违法所得，罚款五千元",
            "amount": "5000",
            "legal_basis": "《无证无照经营查处办法》第十三条",
            "market_status": "closed",
        },
        "propose_closure": {"summary": "整改到位"},
        "approve_closure": {"comment": "同意结案"},
    }[name]


_NOT_RECTIFIED = [
    "verify",
    "issue_notice",
    "schedule_reinspection",
    "confirm_not_rectified",
]
_RECTIFIED = ["verify", "issue_notice", "schedule_reinspection", "confirm_rectified"]
_PATHS: dict[str, list[str]] = {
    "reported": [],
    "verified": ["verify"],
    "notice_issued": ["verify", "issue_notice"],
    "reinspection": ["verify", "issue_notice", "schedule_reinspection"],
    "rectified": _RECTIFIED,
    "not_rectified": _NOT_RECTIFIED,
    "penalty": [*_NOT_RECTIFIED, "file_penalty", "impose_penalty"],
    "banned": [*_NOT_RECTIFIED, "ban"],
    "closure_pending": [*_RECTIFIED, "propose_closure"],
    "closed": [*_RECTIFIED, "propose_closure", "approve_closure"],
}


def make_market(code: str = "xuecheng", name: str = "薛城区泰山路自发零工点") -> Market:
    return Market.objects.create(
        name=name,
        kind=MarketKind.INFORMAL,
        status=MarketStatus.REGISTERED,
        jurisdiction=Jurisdiction.objects.get(code=code),
        address="薛城区泰山路与黄河路路口",
        lon="117.263000",
        lat="34.795000",
    )


def open_body(market: Market | None, **overrides) -> dict:
    body = {
        "kind": "market_rectification",
        "jurisdiction": "xuecheng",
        "market": market.pk if market else None,
        "description": "群众反映早高峰候工人员占道。",
        "problem": "road_occupying",
        "lon": INSIDE[0],
        "lat": INSIDE[1],
        "checklist": list(CHECKLIST),
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def photo(name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_photo(), content_type="image/png")


def attach_photo(case: Case, actor) -> int:
    return case_attach(actor=actor, case_id=case.pk, upload=photo(), description="现场照片").pk


def open_rectification(actor, market: Market, *, with_photo: bool = True, **overrides) -> Case:
    case = case_open_internal(actor=actor, data=open_body(market, **overrides))
    if with_photo:
        attach_photo(case, actor)
    return case


def deadline_passed(case_id: int) -> None:
    """Time passes: the latest notice's deadline is yesterday, as a finding of 逾期未整改
    may only follow it (the notice itself must set a deadline after its day)."""
    case = Case.objects.get(pk=case_id)
    yesterday = timezone.localdate() - timedelta(days=1)
    notices = [*case.details["notices"][:-1], {**case.details["notices"][-1]}]
    notices[-1]["deadline"] = yesterday.isoformat()
    Case.objects.filter(pk=case_id).update(details={**case.details, "notices": notices})
    LegalClock.objects.filter(case_id=case_id, code="rectification").update(
        fixed_due=yesterday, due_date=yesterday
    )


def fire(case_id: int, name: str, actors: Actors, data: dict | None = None, **kw) -> Case:
    return case_transition(
        actor=actors.for_role(TRANSITIONS[name][2]),
        case_id=case_id,
        name=name,
        data=payload(name) if data is None else data,
        **kw,
    )


def walk_to(case: Case, state: str, actors: Actors, *, passed: bool = False) -> Case:
    """Walk to `state`; with `passed`, the verification finds nothing wrong."""
    for name in _PATHS[state]:
        data = payload(name, failing=()) if passed and name == "verify" else None
        if name == "confirm_not_rectified":
            deadline_passed(case.pk)
        fire(case.pk, name, actors, data)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == state
    return fresh
