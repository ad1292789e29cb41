"""Inspection demo cases, opened and walked through the real actions by the demo users of
人社 and 卫健 (`hrss.officer.<district>`, `health.officer.<district>` and their supervisors).

Every step happens today (the checklist dates are validated against today), so the demo
shows inspections at every stage rather than a history. A plan whose `demo_key` exists is
skipped, so a second run is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.actions import case_open, case_transition
from casework.demo import DemoContext, rng_for
from casework.models import Case, Market
from permissions.models import Jurisdiction

KIND = "inspection"
DEFAULT_CASES = 28
DISTRICTS = ("shizhong", "xuecheng", "yicheng", "taierzhuang", "shanting", "tengzhou", "gaoxin")
DEPARTMENTS = ("hrss", "health")

_FAILED = ("record_inspection:fail",)
_RECTIFYING = (*_FAILED, "require_rectification")
_REINSPECTING = (*_RECTIFYING, "schedule_reinspection")
SCENARIOS: dict[str, tuple[str, ...]] = {
    "scheduled": (),
    "passed": ("record_inspection:pass",),
    "passed_closed": ("record_inspection:pass", "approve_closure"),
    "failed": _FAILED,
    "rectifying": _RECTIFYING,
    "reinspection": _REINSPECTING,
    "reinspected_closed": (*_REINSPECTING, "record_reinspection:pass", "approve_closure"),
    "failed_again": (
        *_REINSPECTING,
        "record_reinspection:fail",
        "require_rectification",
    ),
}
CHECKLISTS = {
    "hrss": ["negotiation", "shelter", "heat_cold", "parking", "order", "hrss_station"],
    "health": ["drinking_water", "toilets", "waste", "disinfection", "fire_exit"],
}
NOTES = {
    "shelter": "遮雨棚破损漏雨",
    "heat_cold": "未配备防暑降温用品",
    "parking": "接送车辆占道停放",
    "order": "无专人维护秩序",
    "hrss_station": "服务站点无人值守",
    "negotiation": "洽谈区桌椅不足",
    "drinking_water": "饮水机滤芯过期",
    "toilets": "卫生间无人保洁，异味明显",
    "waste": "垃圾桶满溢未及时清运",
    "disinfection": "无消毒记录",
    "fire_exit": "消防通道堆放杂物",
}


@dataclass
class Plan:
    key: str
    jurisdiction: str
    department: str
    scenario: str
    mode: str
    failing: tuple[str, ...]


def plan_cases(n: int) -> list[Plan]:
    rng = rng_for(KIND)
    names = list(SCENARIOS)
    plans = []
    for i in range(n):
        dept = DEPARTMENTS[i % 2]
        checklist = CHECKLISTS[dept]
        plans.append(
            Plan(
                key=f"inspection-{i:04d}",
                jurisdiction=DISTRICTS[i % len(DISTRICTS)],
                department=dept,
                scenario=names[i % len(names)],
                mode=rng.choice(("scheduled", "ad_hoc")),
                failing=tuple(rng.sample(checklist, rng.choice((1, 2)))),
            )
        )
    return plans


def _results(plan: Plan, passed: bool) -> list[dict]:
    return [
        {
            "item": code,
            "passed": passed or code not in plan.failing,
            "note": "" if passed or code not in plan.failing else NOTES[code],
        }
        for code in CHECKLISTS[plan.department]
    ]


def _payload(step: str, plan: Plan) -> tuple[str, dict]:
    today = timezone.localdate()
    name, _sep, outcome = step.partition(":")
    if name in ("record_inspection", "record_reinspection"):
        return name, {"inspected_on": today, "results": _results(plan, outcome == "pass")}
    return name, {
        "require_rectification": {
            "deadline": today + timedelta(days=15),
            "requirements": "按检查意见逐项整改，整改完成后报告。",
        },
        "schedule_reinspection": {"scheduled_for": today + timedelta(days=16)},
        "approve_closure": {"comment": "检查合格，同意结案"},
    }[name]


def walk_case(plan: Plan, users: dict, jurisdictions: dict, market: Market) -> Case:
    officer = users[f"{plan.department}.officer.{plan.jurisdiction}"]
    supervisor = users[f"{plan.department}.supervisor.{plan.jurisdiction}"]
    today = timezone.localdate()
    case, _code = case_open(
        actor=officer,
        kind=KIND,
        jurisdiction=jurisdictions[plan.jurisdiction],
        description=f"对{market.name}开展安全与卫生检查。",
        market=market,
        details={
            "mode": plan.mode,
            "scheduled_for": today.isoformat() if plan.mode == "scheduled" else None,
            "checklist": CHECKLISTS[plan.department],
            "demo_key": plan.key,
        },
    )
    for step in SCENARIOS[plan.scenario]:
        name, data = _payload(step, plan)
        actor = supervisor if name == "approve_closure" else officer
        case = case_transition(actor=actor, case_id=case.pk, name=name, data=data)
    return case


def seed(ctx: DemoContext) -> int:
    """Open the missing inspection demo cases; returns how many were created."""
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
        u.username: u for u in get_user_model().objects.filter(username__regex=r"^(hrss|health)\.")
    }
    needed = {f"{p.department}.officer.{p.jurisdiction}" for p in todo}
    if needed - set(users):
        raise LookupError("seed the organisation and users before the inspections")
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    markets: dict[str, Market] = {}
    for m in Market.objects.select_related("jurisdiction").order_by("pk"):
        markets.setdefault(m.jurisdiction.code, m)
    created = 0
    for plan in todo:
        market = markets.get(plan.jurisdiction)
        if market is None:
            # An inspection is always of a market; a district without one has none.
            continue
        walk_case(plan, users, jurisdictions, market)
        created += 1
    return created
