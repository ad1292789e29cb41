"""Security-incident demo cases, opened and walked through the real actions by the demo
police users (`police.officer.<district>`, its supervisor, and the city police supervisor
for extensions), then moved into the past with `casework.demo.backdate`.

Plans come from one seeded stream before the database is looked at; a plan whose
`demo_key` exists is skipped, so a second run is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.actions import case_open, case_transition, clock_pause
from casework.demo import DemoContext, Walk, backdate, rng_for
from casework.models import Case, Market, PauseReason
from permissions.models import Jurisdiction

from .models import IncidentType

KIND = "security_incident"
DEFAULT_CASES = 42
DISTRICTS = ("shizhong", "xuecheng", "yicheng", "taierzhuang", "shanting", "tengzhou", "gaoxin")

_OPENED = ("dispatch", "arrive", "open_case")
_INVESTIGATING = (*_OPENED, "start_investigation")
_DECIDED = (*_INVESTIGATING, "decide")
SCENARIOS: dict[str, tuple[str, ...]] = {
    "reported": (),
    "dispatched": ("dispatch",),
    "on_scene": ("dispatch", "arrive"),
    "no_case": ("dispatch", "arrive", "no_case"),
    "no_case_closed": ("dispatch", "arrive", "no_case", "approve_closure"),
    "case_opened": _OPENED,
    "investigating": _INVESTIGATING,
    "appraisal": (*_INVESTIGATING, "pause_appraisal"),
    "extension_pending": (*_INVESTIGATING, "request_extension"),
    "extended": (*_INVESTIGATING, "request_extension", "approve_extension"),
    "decided": _DECIDED,
    "transferred": (*_INVESTIGATING, "transfer_criminal"),
    "closure_pending": (*_DECIDED, "propose_closure"),
    "closed": (*_DECIDED, "propose_closure", "approve_closure"),
}
SUPERVISOR_STEPS = {"transfer_criminal", "approve_closure"}
PARENT_STEPS = {"approve_extension"}

DESCRIPTIONS = {
    IncidentType.ASSAULT: "零工市场内两名务工人员因争抢活计发生口角，继而互相殴打。",
    IncidentType.PROVOKING_TROUBLE: "数名男子在零工市场随意拦截、辱骂务工人员，扰乱市场秩序。",
    IncidentType.EXTORTION: "有人以“介绍活计”为名向务工人员索要“保护费”，不给即威胁。",
    IncidentType.FORCED_TRADING: "包工头强行压低工价并扣押务工人员身份证，迫使其接受。",
    IncidentType.FRAUD: "务工人员被收取“中介费”后，对方失联，所称工地并不存在。",
    IncidentType.TRAFFIC_HAZARD: "清晨务工人员聚集占用机动车道，接送车辆随意停靠，存在交通安全隐患。",
}
PLACES = ("市场东门", "市场北侧路口", "市场停车场", "市场服务站门前", "市场西侧人行道")


@dataclass
class Plan:
    key: str
    jurisdiction: str
    incident_type: str
    scenario: str
    place: str
    age_days: int  # how long ago the incident was reported
    gap_days: int  # days between steps


def plan_cases(n: int) -> list[Plan]:
    rng = rng_for("security_incident")
    # Numbers carry the year: an incident is not backdated into the previous one.
    today = timezone.localdate()
    year_age = (today - date(today.year, 1, 1)).days
    names = list(SCENARIOS)
    plans = []
    for i in range(n):
        scenario = names[i % len(names)]
        steps = len(SCENARIOS[scenario])
        gap = rng.choice((1, 2, 3))
        age = min(steps * gap + rng.randrange(1, 40), year_age)
        gap = min(gap, age // (steps + 1))
        plans.append(
            Plan(
                key=f"incident-{i:04d}",
                jurisdiction=DISTRICTS[i % len(DISTRICTS)],
                incident_type=rng.choice(IncidentType.values),
                scenario=scenario,
                place=rng.choice(PLACES),
                age_days=age,
                gap_days=gap,
            )
        )
    return plans


def _payload(name: str, plan: Plan) -> dict:
    return {
        "dispatch": {"comment": "接警后指派民警出警"},
        "arrive": {"scene": f"民警到达{plan.place}，现场秩序已控制，双方带回询问。"},
        "open_case": {"comment": "符合受案条件，予以受案"},
        "no_case": {"reason": "经现场核实，属民事纠纷，已现场调解，不予受案。"},
        "start_investigation": {"comment": "调取市场监控，询问当事人及证人"},
        "request_extension": {"reason": "涉案人员多，需等待伤情鉴定意见"},
        "approve_extension": {"comment": "同意延长办案期限30日"},
        "decide": {
            "decision": "penalty",
            "penalty": "行政拘留五日，并处罚款二百元",
            "legal_basis": "《治安管理处罚法》第四十三条",
        },
        "transfer_criminal": {"charge": "敲诈勒索罪", "reason": "涉案金额达到刑事立案标准"},
        "propose_closure": {"summary": "处罚决定已执行，案件办结。"},
        "approve_closure": {"comment": "同意结案"},
    }[name]


def walk_case(plan: Plan, users: dict, jurisdictions: dict, markets: dict) -> Case:
    officer = users[f"police.officer.{plan.jurisdiction}"]
    supervisor = users[f"police.supervisor.{plan.jurisdiction}"]
    city = users["police.supervisor.city"]
    market = markets.get(plan.jurisdiction)
    walk = Walk()
    case, _code = walk.step(
        case_open,
        actor=officer,
        kind=KIND,
        jurisdiction=jurisdictions[plan.jurisdiction],
        description=DESCRIPTIONS[plan.incident_type],
        occurred_on=timezone.localdate() - timedelta(days=plan.age_days),
        market=market,
        details={
            "incident_type": plan.incident_type,
            "location": f"{market.name}{plan.place}" if market else plan.place,
            "demo_key": plan.key,
        },
    )
    for name in SCENARIOS[plan.scenario]:
        if name == "pause_appraisal":
            walk.step(
                clock_pause,
                actor=officer,
                case_id=case.pk,
                code="handling",
                reason=PauseReason.APPRAISAL,
                note="委托司法鉴定机构进行伤情鉴定",
            )
            continue
        actor = (
            city if name in PARENT_STEPS else supervisor if name in SUPERVISOR_STEPS else officer
        )
        walk.step(
            case_transition, actor=actor, case_id=case.pk, name=name, data=_payload(name, plan)
        )
    start = timezone.now() - timedelta(days=plan.age_days)
    times = [start + timedelta(days=k * plan.gap_days) for k in range(walk.steps)]
    backdate(walk, times)
    return case


def seed(ctx: DemoContext) -> int:
    """Open the missing security-incident demo cases; returns how many were created."""
    n = DEFAULT_CASES if ctx.cases is None else ctx.cases
    plans = plan_cases(n)
    done = {
        d.get("demo_key")
        for d in Case.objects.filter(kind=KIND, details__has_key="demo_key").values_list(
            "details", flat=True
        )
    }
    todo = [p for p in plans if p.key not in done]
    if not todo:
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="police.")}
    needed = {f"police.officer.{p.jurisdiction}" for p in todo} | {"police.supervisor.city"}
    if needed - set(users):
        raise LookupError("seed the organisation and users before the security incidents")
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    markets: dict[str, Market] = {}
    for m in Market.objects.select_related("jurisdiction").order_by("pk"):
        markets.setdefault(m.jurisdiction.code, m)
    for i, plan in enumerate(todo, start=1):
        walk_case(plan, users, jurisdictions, markets)
        if i % 20 == 0:
            ctx.log(f"  security_incident: {i}/{len(todo)} cases")
    return len(todo)
