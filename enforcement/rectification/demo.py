"""Market-rectification demo cases, opened and walked through the real actions by the demo
users of 住建 (`housing.officer.<district>`, `housing.supervisor.<district>`) and, for the
referred case, of 市场监管 (`market.officer.<district>`), plus one running fixed-point watch.

Every step happens today (verification and notice dates are validated against today), so the
demo shows rectifications at every stage; before a market is found not rectified, its
notice's deadline is moved to yesterday, as that finding may only follow the deadline. A plan whose `demo_key` exists is skipped, so a
second run is a no-op.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.actions import case_attach, case_open, case_transition
from casework.demo import DemoContext
from casework.models import Case, LegalClock, Market
from permissions.models import Jurisdiction

KIND = "market_rectification"
DEFAULT_CASES = 11
DISTRICTS = ("shizhong", "xuecheng", "yicheng", "taierzhuang", "shanting", "tengzhou", "gaoxin")
CHECKLIST = ["parking", "order", "road_clear", "sanitation"]
FAILING = ("road_clear", "parking")
NOTES = {"road_clear": "摊位和候工人员占用人行道", "parking": "接送车辆占用机动车道停放"}

_VERIFIED = ("verify",)
_NOTICE = (*_VERIFIED, "issue_notice")
_REINSPECTION = (*_NOTICE, "schedule_reinspection")
_NOT_RECTIFIED = (*_REINSPECTION, "confirm_not_rectified")
SCENARIOS: dict[str, tuple[str, ...]] = {
    "reported": (),
    "verified": _VERIFIED,
    "notice_issued": _NOTICE,
    "reinspection": _REINSPECTION,
    "rectified": (*_REINSPECTION, "confirm_rectified"),
    "closed": (*_REINSPECTION, "confirm_rectified", "propose_closure", "approve_closure"),
    "not_rectified": _NOT_RECTIFIED,
    "penalty": (*_NOT_RECTIFIED, "file_penalty", "impose_penalty"),
    "market_filed": (*_NOT_RECTIFIED, "refer_to_market", "market_file"),
    "banned": (*_NOT_RECTIFIED, "ban"),
    "penalty_filed": (*_NOT_RECTIFIED, "file_penalty"),
}
# The scenario whose market is put under fixed-point watch.
WATCHED = "banned"


def demo_photo() -> bytes:
    """A small valid PNG (a grey square): site photos must be images by content."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    width = height = 8
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@dataclass
class Plan:
    key: str
    jurisdiction: str
    scenario: str


def plan_cases(n: int) -> list[Plan]:
    names = list(SCENARIOS)
    return [
        Plan(
            key=f"rectification-{i:04d}",
            jurisdiction=DISTRICTS[i % len(DISTRICTS)],
            scenario=names[i % len(names)],
        )
        for i in range(n)
    ]


def _results(passed: bool) -> list[dict]:
    return [
        {
            "item": code,
            "passed": passed or code not in FAILING,
            "note": "" if passed or code not in FAILING else NOTES[code],
        }
        for code in CHECKLIST
    ]


def _payload(name: str, market: Market) -> dict:
    today = timezone.localdate()
    return {
        "verify": {
            "inspected_on": today,
            "lon": market.lon,
            "lat": market.lat,
            "results": _results(False),
            "findings": "早高峰时段候工人员和接送车辆占用道路，影响通行。",
        },
        "issue_notice": {
            "deadline": today + timedelta(days=10),
            "requirements": "划定候工区域，清理占道摊位，规范车辆停放。",
        },
        "schedule_reinspection": {"scheduled_for": today + timedelta(days=11)},
        "confirm_rectified": {"inspected_on": today, "results": _results(True)},
        "confirm_not_rectified": {"inspected_on": today, "results": _results(False)},
        "file_penalty": {"filing_number": "住建立〔2026〕8号"},
        "impose_penalty": {
            "decision": "罚款二千元，责令限期改正",
            "amount": "2000",
            "legal_basis": "《城市道路管理条例》第四十二条",
            "market_status": "rectifying",
        },
        "ban": {
            "reason": "逾期拒不整改，擅自占道举办零工市场",
            "legal_basis": "《城市市容和环境卫生管理条例》第三十六条",
        },
        "refer_to_market": {"reason": "涉嫌无照经营，移送市场监管部门查处"},
        "market_file": {"filing_number": "枣市监立〔2026〕15号"},
        "propose_closure": {"summary": "占道问题已整改到位，复查合格。"},
        "approve_closure": {"comment": "同意结案"},
    }[name]


def _deadline_passed(case: Case) -> None:
    """Let the notice's deadline lie behind the demo's one day (yesterday)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    details = dict(case.details)
    details["notices"] = [*details["notices"][:-1], {**details["notices"][-1]}]
    details["notices"][-1]["deadline"] = yesterday.isoformat()
    Case.objects.filter(pk=case.pk).update(details=details)
    LegalClock.objects.filter(case=case, code="rectification").update(
        fixed_due=yesterday, due_date=yesterday
    )


def walk_case(plan: Plan, users: dict, jurisdictions: dict, market: Market) -> Case:
    officer = users[f"housing.officer.{plan.jurisdiction}"]
    supervisor = users[f"housing.supervisor.{plan.jurisdiction}"]
    market_officer = users.get(f"market.officer.{plan.jurisdiction}")
    case, _code = case_open(
        actor=officer,
        kind=KIND,
        jurisdiction=jurisdictions[plan.jurisdiction],
        description=f"群众反映{market.name}周边早高峰占道候工，影响交通。",
        market=market,
        details={
            "problem": "road_occupying",
            "lon": str(market.lon),
            "lat": str(market.lat),
            "checklist": CHECKLIST,
            "demo_key": plan.key,
        },
    )
    steps = SCENARIOS[plan.scenario]
    if steps:
        case_attach(
            actor=officer,
            case_id=case.pk,
            upload=SimpleUploadedFile("现场照片.png", demo_photo(), content_type="image/png"),
            description="现场核查照片",
        )
    for name in steps:
        if name == "confirm_not_rectified":
            _deadline_passed(case)
        if name in ("ban", "approve_closure"):
            actor = supervisor
        elif name.startswith("market_"):
            actor = market_officer
        else:
            actor = officer
        case = case_transition(actor=actor, case_id=case.pk, name=name, data=_payload(name, market))
    return case


def seed(ctx: DemoContext) -> int:
    """Open the missing rectification demo cases and the demo watch; returns the cases made."""
    from .patrols.actions import watch_start

    n = DEFAULT_CASES if ctx.cases is None else ctx.cases
    done = {
        d.get("demo_key")
        for d in Case.objects.filter(kind=KIND, details__has_key="demo_key").values_list(
            "details", flat=True
        )
    }
    todo = [p for p in plan_cases(n) if p.key not in done]
    if not todo:
        return 0
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__regex=r"^(housing|market)\.")
    }
    needed = {f"housing.officer.{p.jurisdiction}" for p in todo}
    if needed - set(users):
        raise LookupError("seed the organisation and users before the rectifications")
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    # The last market of each district: the first ones are the inspections' (and a ban
    # should not hide the district's main market from the other demos).
    markets: dict[str, Market] = {}
    for m in Market.objects.select_related("jurisdiction").order_by("-pk"):
        markets.setdefault(m.jurisdiction.code, m)
    created = 0
    for plan in todo:
        market = markets.get(plan.jurisdiction)
        if market is None:
            continue  # a rectification is always of a market
        case = walk_case(plan, users, jurisdictions, market)
        created += 1
        if plan.scenario == WATCHED:
            supervisor = users[f"housing.supervisor.{plan.jurisdiction}"]
            watch_start(
                actor=supervisor,
                case_id=case.pk,
                data={
                    "interval_days": 1,
                    "instructions": "每日早高峰（6:00—8:00）到场巡查，防止反弹。",
                },
            )
    return created
