"""Wage-arrears demo cases, opened and walked through the real actions by the demo users.

Each case follows a scenario (a list of transitions) to one of the kind's states, then
`casework.demo.backdate` moves it into the past so that the demo shows old, overdue and
nearly due clocks. Plans are drawn from one seeded stream before the database is looked
at, so the same number of cases always gives the same cases; a case whose `demo_key`
exists is skipped, which makes a second run a no-op.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from casework import workdays
from casework.actions import (
    EmployerInput,
    PartyInput,
    case_assign,
    case_claim,
    case_open,
    case_transition,
    least_loaded_officer,
)
from casework.demo import (
    MARKETS,
    DemoContext,
    DemoEmployer,
    Moves,
    Walk,
    backdate,
    demo_employers,
    id_number,
    person_name,
    phone,
    rng_for,
)
from casework.models import Case, Market, PartyRole
from permissions.models import Jurisdiction, Unit

KIND = "wage_arrears"
DEFAULT_CASES = 300
DISTRICTS = {
    "tengzhou": 25,
    "shizhong": 18,
    "xuecheng": 18,
    "gaoxin": 13,
    "yicheng": 10,
    "taierzhuang": 8,
    "shanting": 8,
}

PAY_AND_CLOSE = ("accept", "order_payment", "record_payment", "propose_closure", "approve_closure")
SCENARIOS: dict[str, tuple[str, ...]] = {
    "queue": (),
    "claimed": ("claim",),
    "rejected": ("reject",),
    "investigating": ("accept",),
    "extension_pending": ("accept", "request_extension"),
    "extended": ("accept", "request_extension", "approve_extension"),
    "extension_denied": ("accept", "request_extension", "deny_extension"),
    "ordered": ("accept", "order_payment"),
    "ordered_paid": ("accept", "order_payment", "record_payment"),
    "transferred": ("accept", "order_payment", "transfer_to_police"),
    "police_accepted": ("accept", "order_payment", "transfer_to_police", "police_accept"),
    "police_returned": ("accept", "transfer_to_police", "police_return"),
    "closure_pending": ("accept", "order_payment", "record_payment", "propose_closure"),
    "closed": PAY_AND_CLOSE,
    "closed_feedback": ("accept", "propose_closure", "approve_closure", "record_feedback"),
    "closed_unsatisfied": (*PAY_AND_CLOSE, "record_feedback"),
    "reopened": (*PAY_AND_CLOSE, "record_feedback", "reopen"),
    "reworked": ("accept", "propose_closure", "return_for_rework"),
    "closed_police": (
        "accept",
        "order_payment",
        "transfer_to_police",
        "police_accept",
        "approve_closure",
        "record_feedback",
    ),
}
# Case i follows CYCLE[i % len(CYCLE)]: the first few cases already reach most states, and
# a few hundred give a plausible mix (about a quarter closed, a tenth still in the queue).
CYCLE = (
    "closed_feedback",
    "investigating",
    "queue",
    "ordered_paid",
    "transferred",
    "closure_pending",
    "extension_pending",
    "rejected",
    "reopened",
    "closed",
    "ordered",
    "claimed",
    "closed_feedback",
    "police_accepted",
    "investigating",
    "extended",
    "police_returned",
    "closed_unsatisfied",
    "reworked",
    "queue",
    "closed_police",
    "closed_feedback",
    "extension_denied",
    "investigating",
    "ordered_paid",
    "closed",
    "closed_feedback",
)
UNSATISFIED = {"closed_unsatisfied", "reopened"}

# Calendar days between one step and the next, drawn per case.
GAPS = {
    "claim": (0, 2),
    "assign": (0, 1),
    "accept": (1, 4),
    "reject": (2, 5),
    "request_extension": (55, 75),
    "approve_extension": (1, 3),
    "deny_extension": (1, 3),
    "order_payment": (7, 25),
    "record_payment": (3, 12),
    "transfer_to_police": (10, 25),
    "police_accept": (1, 3),
    "police_return": (2, 3),
    "propose_closure": (5, 25),
    "approve_closure": (1, 5),
    "return_for_rework": (1, 4),
    "record_feedback": (3, 12),
    "reopen": (1, 4),
}
# Calendar days since the last step, by scenario: chosen so that some clocks are overdue,
# some nearly due and most comfortably running.
IDLE = {
    "queue": (0, 9),
    "claimed": (0, 6),
    "rejected": (5, 220),
    "investigating": (0, 125),
    "extension_pending": (0, 6),
    "extended": (0, 45),
    "extension_denied": (0, 20),
    "ordered": (0, 35),
    "ordered_paid": (0, 25),
    "transferred": (0, 7),
    "police_accepted": (0, 8),
    "police_returned": (0, 60),
    "closure_pending": (0, 8),
    "closed": (5, 240),
    "closed_feedback": (5, 240),
    "closed_unsatisfied": (0, 4),
    "reopened": (0, 50),
    "reworked": (0, 30),
    "closed_police": (10, 240),
}

TRADES = {
    "construction": ("钢筋工", "木工", "瓦工", "架子工", "水电工", "电焊工", "小工"),
    "decoration": ("油漆工", "水电工", "贴砖工", "木工", "小工"),
    "logistics": ("装卸工", "分拣员", "货车司机", "搬运工"),
    "housekeeping": ("保洁员", "育儿嫂", "保姆", "护工"),
    "manufacturing": ("普工", "包装工", "车床工"),
    "agriculture": ("采摘工", "临时工"),
    "catering": ("服务员", "帮厨", "洗碗工"),
}
PROJECTS = (
    "御景华庭小区二期住宅楼",
    "实验学校改扩建工程",
    "老旧小区改造项目",
    "标准厂房项目",
    "道路管网改造工程",
    "乡村振兴示范点建设项目",
    "人民医院门诊楼装修工程",
    "商业综合体外墙保温工程",
    "安置房三期项目",
    "物流园仓库建设项目",
)
REJECT_REASONS = (
    "投诉事项已超过两年查处时效（《劳动保障监察条例》第二十条），不予受理，已告知可向劳动人事争议仲裁委员会申请仲裁。",
    "双方对劳动报酬数额存在争议，属于劳动争议，已告知向劳动人事争议仲裁委员会申请仲裁。",
    "投诉人未能提供用人单位名称、地址等基本信息，经告知补正后仍无法确定被投诉对象。",
    "用工地点不在本辖区，已告知投诉人向用工所在地劳动保障监察机构投诉。",
)
EXTENSION_REASONS = (
    "用人单位负责人长期在外，需调取项目工资专户银行流水，调查难以在期限内完成。",
    "涉及劳务分包多个层级，需逐级核实用工关系和工程款拨付情况。",
    "部分劳动者已返乡，需异地调查取证。",
)
FEEDBACK_OK = ("工资已全部到账，对处理结果满意。", "办理及时，感谢劳动监察大队。", "满意。")
FEEDBACK_BAD = (
    "只追回了一部分工资，剩余部分仍未支付。",
    "处理时间太长，老板至今没有联系我们。",
)
EVIDENCE = ["劳动关系证明材料", "工资欠条", "限期支付指令书及送达回证", "询问笔录", "考勤记录"]


@dataclass
class Plan:
    key: str
    jurisdiction: str
    scenario: str
    steps: list[str]
    gaps: list[int]
    idle: int
    clock_times: list[time]
    by_clerk: bool
    officer: str
    employer: DemoEmployer
    market: str | None
    parties: list[PartyInput]
    workers_count: int
    amount: Decimal
    occurred_before: int
    description: str
    payments: list[tuple[int, Decimal]] = field(default_factory=list)
    recovered: Decimal = Decimal("0")
    order_due_days: int = 15
    texts: dict[str, str] = field(default_factory=dict)


def _yuan(value: float) -> Decimal:
    return Decimal(int(value) // 100 * 100)


def _weighted_employer(rng: random.Random) -> DemoEmployer:
    """Listed employers and builders owe more often: they get more complaints."""

    def weight(e: DemoEmployer) -> int:
        if e.dishonest:
            return 4
        return {"construction": 3, "decoration": 2}.get(e.sector, 1)

    employers = demo_employers()
    return rng.choices(employers, [weight(e) for e in employers])[0]


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    if parts <= 1:
        return [total]
    cuts = sorted(rng.uniform(0.2, 0.8) for _ in range(parts - 1))
    shares = [_yuan(float(total) * (b - a)) for a, b in pairwise([0.0, *cuts])]
    return [*shares, total - sum(shares)]


def plan_cases(n: int, markets_by_district: dict[str, list[str]]) -> list[Plan]:
    """The first `n` demo cases; the same `n` always gives the same plans."""
    rng = rng_for(KIND)
    plans = []
    for i in range(n):
        scenario = CYCLE[i % len(CYCLE)]
        employer = _weighted_employer(rng)
        jur = (
            employer.jurisdiction
            if rng.random() < 0.75
            else rng.choices(list(DISTRICTS), list(DISTRICTS.values()))[0]
        )
        steps = list(SCENARIOS[scenario])
        mode = rng.choice(("claim", "assign", "direct"))
        if steps and steps[0] == "accept" and mode != "direct":
            steps.insert(0, mode)
        if scenario == "ordered_paid" and rng.random() < 0.5:
            steps.insert(steps.index("record_payment"), "record_payment")
        if "record_payment" in steps and scenario != "ordered_paid" and rng.random() < 0.4:
            steps.insert(steps.index("record_payment"), "record_payment")

        trade = rng.choice(TRADES[employer.sector])
        collective = rng.random() < 0.15
        daily = rng.choice((180, 200, 220, 250, 280, 300, 350))
        days = rng.randint(8, 120)
        if collective:
            workers_count = rng.randint(10, 48) if rng.random() < 0.75 else rng.randint(3, 9)
            per_worker = max(_yuan(daily * days), _yuan(100000 / workers_count) + 100)
            amount = per_worker * workers_count
        else:
            workers_count = 1
            per_worker = amount = _yuan(daily * days) if days > 10 else Decimal(daily * days)
        listed = 1 + min(workers_count - 1, 4)
        parties = []
        for j in range(listed):
            parties.append(
                PartyInput(
                    name=person_name(rng),
                    role=PartyRole.COMPLAINANT if j == 0 else PartyRole.WORKER,
                    id_number=id_number(rng),
                    phone=phone(rng),
                    amount_owed=per_worker,
                )
            )
        district_markets = markets_by_district.get(jur, [])
        market = (
            rng.choice(district_markets)
            if district_markets
            and employer.sector in ("construction", "decoration", "logistics", "housekeeping")
            and rng.random() < 0.55
            else None
        )
        project = rng.choice(PROJECTS)
        via = f"经{market}介绍，" if market else ""
        who = f"我们{workers_count}人" if workers_count > 1 else "本人"
        if employer.sector in ("construction", "decoration"):
            description = (
                f"{via}{who}在{employer.name}承接的{project}做{trade}，约定日工资{daily}元，"
                f"干了{days}天，完工后对方一直拖欠工资共计{amount}元，多次讨要无果。"
            )
        else:
            description = (
                f"{via}{who}在{employer.name}做{trade}，工资共计{amount}元至今未发，"
                f"对方以资金周转困难为由一再拖延，请求帮助追讨。"
            )

        n_payments = steps.count("record_payment")
        full = scenario not in UNSATISFIED and scenario != "ordered_paid"
        paid_total = amount if full else _yuan(float(amount) * rng.uniform(0.4, 0.8))
        if collective:
            paid_total = min(paid_total, per_worker * listed)
        shares = _split(paid_total, n_payments, rng)
        payments = [(k % listed, share) for k, share in enumerate(shares)] if n_payments else []

        gaps = [rng.randint(*GAPS[s]) for s in steps]
        idle = rng.randint(*IDLE[scenario])
        if scenario == "investigating" and rng.random() < 0.75:
            idle = rng.randint(0, 70)  # most running comfortably, a quarter near or over
        clock_times = [time(rng.randint(7, 21), rng.randrange(60))] + [
            time(rng.randint(8, 17), rng.randrange(60)) for _ in steps
        ]
        recovered = amount if full else sum((s for _, s in payments), Decimal("0"))
        how = (
            f"经下达限期支付指令，已追回工资{recovered}元"
            if "order_payment" in steps
            else f"经约谈，用人单位已支付工资{recovered}元"
        )
        texts = {
            "reject": rng.choice(REJECT_REASONS),
            "extension": rng.choice(EXTENSION_REASONS),
            "feedback": rng.choice(FEEDBACK_BAD if scenario in UNSATISFIED else FEEDBACK_OK),
            "summary": (
                f"经调查，{employer.name}拖欠{workers_count}名劳动者工资{amount}元属实。"
                f"{how}，案件调查终结。"
            ),
        }
        plans.append(
            Plan(
                key=f"{KIND}-{i + 1:04d}",
                jurisdiction=jur,
                scenario=scenario,
                steps=steps,
                gaps=gaps,
                idle=idle,
                clock_times=clock_times,
                by_clerk=rng.random() < 0.25,
                officer=rng.choice(("officer", "officer2")),
                employer=employer,
                market=market,
                parties=parties,
                workers_count=workers_count,
                amount=amount,
                occurred_before=rng.randint(5, 60),
                description=description,
                payments=payments,
                recovered=recovered,
                order_due_days=rng.randint(10, 30),
                texts=texts,
            )
        )
    return plans


OFFICER_STEPS = {
    "claim",
    "accept",
    "request_extension",
    "order_payment",
    "record_payment",
    "propose_closure",
    "record_feedback",
    # Labour-dispute mediation: the mediator acts alone.
    "start_mediation",
    "record_agreement",
    "record_failure",
    "withdraw",
}
POLICE_STEPS = {"police_accept", "police_return"}


def step_times(plan: Plan, now: datetime) -> list[datetime]:
    """When each step (the opening first) is to have happened: in the past, in order,
    officers' steps on working days; ages stay inside the current year so that case
    numbers (which carry the year) agree with their dates."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    gaps, idle = plan.gaps, plan.idle
    limit = (today - date(today.year, 1, 1)).days
    if sum(gaps) + idle > limit:
        factor = limit / (sum(gaps) + idle)
        gaps, idle = [int(g * factor) for g in gaps], int(idle * factor)
    day = today - timedelta(days=sum(gaps) + idle)
    days = [day]
    for gap in gaps:
        # Complaints come in any day; the staff act on working days.
        day = min(day + timedelta(days=gap), today)
        while not workdays.is_working_day(day) and day < today:
            day += timedelta(days=1)
        days.append(day)
    times = [datetime.combine(d, t, tzinfo=tz) for d, t in zip(days, plan.clock_times, strict=True)]
    # Latest first: nothing in the future, and each step at least a minute after the last.
    times[-1] = min(times[-1], now - timedelta(minutes=1))
    for k in range(len(times) - 2, -1, -1):
        times[k] = min(times[k], times[k + 1] - timedelta(minutes=1))
    return times


def _payload(plan: Plan, name: str, party_ids: list[int], paid: list[int]) -> dict:
    today = timezone.localdate()
    t = plan.texts
    if name == "accept":
        return {"comment": "材料齐全，符合受理条件，予以立案调查。"}
    if name == "reject":
        return {"reason": t["reject"]}
    if name == "request_extension":
        return {"reason": t["extension"]}
    if name == "approve_extension":
        return {"comment": "同意延长调查期限30个工作日。"}
    if name == "deny_extension":
        return {"comment": "现有证据已足以认定事实，请抓紧办理，不予延期。"}
    if name == "order_payment":
        return {
            "due_date": today + timedelta(days=plan.order_due_days),
            "amount": plan.amount,
            "comment": "责令用人单位限期支付拖欠的劳动报酬。",
        }
    if name == "record_payment":
        party, amount = plan.payments[len(paid)]
        paid.append(party)
        return {"amount": amount, "paid_on": today, "worker": party_ids[party]}
    if name == "transfer_to_police":
        return {
            "reason": "用人单位经责令限期支付后逾期仍不支付，涉嫌拒不支付劳动报酬罪。",
            "evidence": EVIDENCE,
        }
    if name == "police_accept":
        return {"comment": "经审查，符合立案条件，已立案侦查。"}
    if name == "police_return":
        return {"reason": "现有证据不足以证明行为人有能力支付而拒不支付，请补充调查后再行移送。"}
    if name == "propose_closure":
        return {"summary": t["summary"], "amount_recovered": plan.recovered}
    if name == "approve_closure":
        return {"comment": "同意结案。"}
    if name == "return_for_rework":
        return {"reason": t.get("rework", "结案材料缺少劳动者签收工资的凭证，请补充后再报。")}
    if name == "record_feedback":
        return {"satisfied": plan.scenario not in UNSATISFIED, "comment": t["feedback"]}
    if name == "reopen":
        return {"reason": t.get("reopen", "回访中投诉人反映仍有工资未支付，需重新调查核实。")}
    return _labour_payload(plan, name)


def _move_details(plan: Plan):
    """The dates this kind keeps in `details`, moved with the step that wrote them."""
    names = ["open", *plan.steps]
    last = {name: k for k, name in enumerate(names)}

    def move(details: dict, moves: Moves) -> dict:
        d = dict(details)

        def day(value: str, step: str) -> str:
            return moves.day(date.fromisoformat(value), last[step]).isoformat()

        if d.get("accepted_on") and "accept" in last:
            d["accepted_on"] = day(d["accepted_on"], "accept")
        if d.get("reopened_on") and "reopen" in last:
            d["reopened_on"] = day(d["reopened_on"], "reopen")
        if isinstance(d.get("transfer"), dict) and "transfer_to_police" in last:
            d["transfer"] = {**d["transfer"], "on": day(d["transfer"]["on"], "transfer_to_police")}
        if isinstance(d.get("feedback"), dict) and "record_feedback" in last:
            d["feedback"] = {**d["feedback"], "on": day(d["feedback"]["on"], "record_feedback")}
        if d.get("mediation_started_on") and "start_mediation" in last:
            d["mediation_started_on"] = day(d["mediation_started_on"], "start_mediation")
        for key, step in OUTCOMES.items():
            if isinstance(d.get(key), dict) and step in last:
                d[key] = {**d[key], "on": day(d[key]["on"], step)}
        if isinstance(d.get("payment_order"), dict) and "order_payment" in last:
            order = d["payment_order"]
            d["payment_order"] = {**order, "due_date": day(order["due_date"], "order_payment")}
        return d

    return move


def walk_case(
    plan: Plan, users: dict, jurisdictions: dict, markets: dict, *, kind: str = KIND
) -> Case:
    """Open the planned case and fire its steps as the demo users would, then age it."""
    now = timezone.now()
    times = step_times(plan, now)
    jur = plan.jurisdiction
    clerk = users[f"hrss.clerk.{jur}"]
    officer = users[f"hrss.{plan.officer}.{jur}"]
    supervisor = users[f"hrss.supervisor.{jur}"]
    police = users[f"police.officer.{jur}"]
    e = plan.employer
    walk = Walk()
    case, _access_code = walk.step(
        case_open,
        actor=clerk if plan.by_clerk else None,
        kind=kind,
        jurisdiction=jurisdictions[jur],
        description=plan.description,
        occurred_on=timezone.localdate(times[0]) - timedelta(days=plan.occurred_before),
        market=markets.get(plan.market) if plan.market else None,
        employer=EmployerInput(
            name=e.name,
            credit_code=e.credit_code,
            contact_name=e.contact_name,
            contact_phone=e.contact_phone,
        ),
        parties=plan.parties,
        workers_count=plan.workers_count,
        amount_owed=plan.amount,
        details={"demo_key": plan.key},
    )
    party_ids = list(case.parties.order_by("id").values_list("id", flat=True))
    paid: list[int] = []
    for name in plan.steps:
        if name == "claim":
            walk.step(case_claim, actor=officer, case_id=case.pk)
        elif name == "assign":
            officer = users[least_loaded_officer(case.lead_unit_id).username]
            walk.step(case_assign, actor=clerk, case_id=case.pk, assignee=officer)
        else:
            actor = (
                police if name in POLICE_STEPS else officer if name in OFFICER_STEPS else supervisor
            )
            walk.step(
                case_transition,
                actor=actor,
                case_id=case.pk,
                name=name,
                data=_payload(plan, name, party_ids, paid),
            )
    backdate(walk, times, details=_move_details(plan))
    return case


def seed(ctx: DemoContext) -> int:
    """Open the missing wage-arrears demo cases; returns how many were created."""
    return _seed_kind(ctx, KIND, DEFAULT_CASES, plan_cases)


def _seed_kind(ctx: DemoContext, kind: str, default: int, planner) -> int:
    n = default if ctx.cases is None else ctx.cases
    # Plans name markets from the demo table, not the database, so that they never depend
    # on what an admin has since edited; a market that is gone is simply left out.
    markets_by_district: dict[str, list[str]] = {}
    for jur, name, *_ in MARKETS:
        markets_by_district.setdefault(jur, []).append(name)
    plans = planner(n, markets_by_district)
    done = {
        d.get("demo_key")
        for d in Case.objects.filter(kind=kind, details__has_key="demo_key").values_list(
            "details", flat=True
        )
    }
    todo = [p for p in plans if p.key not in done]
    if not todo:
        return 0
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            Q(username__startswith="hrss.") | Q(username__startswith="police.")
        )
    }
    markets = {m.name: m for m in Market.objects.filter(name__in=[p.market for p in todo])}
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    missing = {f"hrss.officer.{p.jurisdiction}" for p in todo} - set(users)
    if missing or not Unit.objects.filter(department__code="hrss").exists():
        raise LookupError(f"seed the organisation and users before the {kind} cases")
    for i, plan in enumerate(todo, start=1):
        walk_case(plan, users, jurisdictions, markets, kind=kind)
        if i % 50 == 0:
            ctx.log(f"  {kind}: {i}/{len(todo)} cases")
    return len(todo)


# --- discrimination and labour-dispute mediation ----------------------------------------

DEFAULT_SMALL_KINDS = 36
OUTCOMES = {"agreement": "record_agreement", "failure": "record_failure", "withdrawal": "withdraw"}

DISCRIMINATION_SCENARIOS: dict[str, tuple[str, ...]] = {
    "queue": (),
    "claimed": ("claim",),
    "rejected": ("reject",),
    "investigating": ("accept",),
    "extension_pending": ("accept", "request_extension"),
    "extended": ("accept", "request_extension", "approve_extension"),
    "closure_pending": ("accept", "propose_closure"),
    "reworked": ("accept", "propose_closure", "return_for_rework"),
    "closed": ("accept", "propose_closure", "approve_closure"),
    "closed_feedback": ("accept", "propose_closure", "approve_closure", "record_feedback"),
    "closed_unsatisfied": ("accept", "propose_closure", "approve_closure", "record_feedback"),
    "reopened": ("accept", "propose_closure", "approve_closure", "record_feedback", "reopen"),
}
# (what the worker met, what the investigation found)
DISCRIMINATION_FACTS = (
    (
        "招聘启事写明“仅限男性”，本人应聘时被告知不招女工",
        "责令其修改招聘信息，不得以性别为由拒绝录用",
    ),
    ("面试时被告知“年满45周岁不要”，岗位本身没有年龄要求", "责令其停止以年龄设限，重新组织面试"),
    (
        "入职体检查出乙肝病毒携带，被当场取消录用",
        "责令其撤销取消录用的决定，不得将乙肝检测作为体检项目",
    ),
    ("应聘时被追问婚育情况，告知“未婚未育的不要”", "责令其改正招聘中询问婚育状况的做法"),
    ("招工时说“外地户口不要”，只招本地人", "责令其删除户籍限制条件"),
    ("因是农村户口，同岗位工资比城镇职工低", "责令其按同工同酬补发差额并改正"),
)
LABOUR_SCENARIOS: dict[str, tuple[str, ...]] = {
    "queue": (),
    "claimed": ("claim",),
    "accepted": ("accept",),
    "mediating": ("accept", "start_mediation"),
    "agreed": ("accept", "start_mediation", "record_agreement"),
    "failed": ("accept", "start_mediation", "record_failure"),
    "failed_early": ("accept", "record_failure"),
    "withdrawn": ("accept", "withdraw"),
    "withdrawn_early": ("withdraw",),
}
LABOUR_CYCLE = (
    "agreed",
    "mediating",
    "queue",
    "failed",
    "accepted",
    "agreed",
    "withdrawn",
    "claimed",
    "agreed",
    "failed_early",
    "mediating",
    "withdrawn_early",
)
LABOUR_ISSUES = (
    ("解除劳动合同未支付经济补偿", "双方同意由用人单位支付经济补偿"),
    ("加班费计算有争议", "双方确认加班时长，用人单位补发加班费"),
    ("工伤停工留薪期工资未发", "用人单位支付停工留薪期工资"),
    ("未签订书面劳动合同，要求支付二倍工资", "用人单位支付未签合同期间的二倍工资差额"),
    ("试用期被辞退，工资按日结算有争议", "双方按实际出勤天数结清工资"),
)
SMALL_GAPS = {
    "claim": (0, 2),
    "assign": (0, 1),
    "accept": (1, 4),
    "reject": (2, 5),
    "request_extension": (55, 70),
    "approve_extension": (1, 3),
    "propose_closure": (10, 50),
    "approve_closure": (1, 5),
    "return_for_rework": (1, 4),
    "record_feedback": (3, 12),
    "reopen": (1, 4),
    "start_mediation": (1, 5),
    "record_agreement": (2, 9),
    "record_failure": (2, 10),
    "withdraw": (1, 6),
}
SMALL_IDLE = (0, 20)


def _small_plan(rng: random.Random, kind: str, i: int, scenario: str, steps: list[str], **kw):
    employer = _weighted_employer(rng)
    jur = rng.choices(list(DISTRICTS), list(DISTRICTS.values()))[0]
    mode = rng.choice(("claim", "assign", "direct"))
    if steps and steps[0] == "accept" and mode != "direct":
        steps.insert(0, mode)
    gaps = [rng.randint(*SMALL_GAPS[s]) for s in steps]
    clock_times = [time(rng.randint(7, 21), rng.randrange(60))] + [
        time(rng.randint(8, 17), rng.randrange(60)) for _ in steps
    ]
    party = PartyInput(
        name=person_name(rng),
        role=PartyRole.COMPLAINANT,
        id_number=id_number(rng),
        phone=phone(rng),
        amount_owed=kw.get("amount", Decimal("0")),
    )
    return Plan(
        key=f"{kind}-{i + 1:04d}",
        jurisdiction=jur,
        scenario=scenario,
        steps=steps,
        gaps=gaps,
        idle=rng.randint(*SMALL_IDLE),
        clock_times=clock_times,
        by_clerk=rng.random() < 0.25,
        officer=rng.choice(("officer", "officer2")),
        employer=employer,
        market=None,
        parties=[party],
        workers_count=1,
        amount=kw.get("amount", Decimal("0")),
        occurred_before=rng.randint(3, 40),
        description=kw["description"].format(employer=employer.name),
        texts=kw["texts"],
    )


def plan_discrimination(n: int, _markets: dict[str, list[str]]) -> list[Plan]:
    rng = rng_for("discrimination")
    cycle = list(DISCRIMINATION_SCENARIOS)
    plans = []
    for i in range(n):
        scenario = cycle[i % len(cycle)]
        met, found = rng.choice(DISCRIMINATION_FACTS)
        plans.append(
            _small_plan(
                rng,
                "discrimination",
                i,
                scenario,
                list(DISCRIMINATION_SCENARIOS[scenario]),
                description=f"本人到{{employer}}应聘，{met}，认为受到就业歧视，请求依法处理。",
                texts={
                    "reject": "投诉人已就同一事项向人民法院提起诉讼，不予受理。",
                    "extension": "需向多名应聘者调查取证，并调取招聘平台发布记录。",
                    "summary": f"经调查，投诉反映的情况属实。已{found}，用人单位已书面整改。",
                    "feedback": rng.choice(
                        ("仍未被录用，对处理结果不满意。",)
                        if scenario in UNSATISFIED
                        else ("单位已改正，满意。", "处理及时，满意。")
                    ),
                    "rework": "结案材料缺少用人单位的整改报告，请补充后再报。",
                    "reopen": "回访中投诉人反映用人单位仍未改正，需重新调查核实。",
                },
            )
        )
    return plans


def plan_labour_disputes(n: int, _markets: dict[str, list[str]]) -> list[Plan]:
    rng = rng_for("labour_dispute")
    plans = []
    for i in range(n):
        scenario = LABOUR_CYCLE[i % len(LABOUR_CYCLE)]
        issue, settled = rng.choice(LABOUR_ISSUES)
        claim = _yuan(rng.randint(3000, 60000))
        agreed = _yuan(float(claim) * rng.uniform(0.6, 1))
        plans.append(
            _small_plan(
                rng,
                "labour_dispute",
                i,
                scenario,
                list(LABOUR_SCENARIOS[scenario]),
                amount=claim,
                description=f"本人与{{employer}}因{issue}发生争议，请求金额{claim}元，申请调解。",
                texts={
                    "terms": f"{settled}，共计{agreed}元，于协议签订之日起十日内一次性支付；双方再无其他争议。",
                    "agreed": str(agreed),
                    "failure": rng.choice(
                        (
                            "用人单位经两次通知拒不到场调解。",
                            "双方对补偿金额差距过大，无法达成一致。",
                        )
                    ),
                    "withdrawal": "申请人表示已与用人单位自行和解，申请撤回调解申请。",
                },
            )
        )
    return plans


def _labour_payload(plan: Plan, name: str) -> dict:
    t = plan.texts
    if name == "start_mediation":
        return {"comment": "已通知双方当事人到场，开始调解。"}
    if name == "record_agreement":
        return {"terms": t["terms"], "amount": Decimal(t["agreed"])}
    if name == "record_failure":
        return {"reason": t["failure"]}
    if name == "withdraw":
        return {"reason": t["withdrawal"]}
    return {}


def seed_discrimination(ctx: DemoContext) -> int:
    """Open the missing discrimination demo cases; returns how many were created."""
    return _seed_kind(ctx, "discrimination", DEFAULT_SMALL_KINDS, plan_discrimination)


def seed_labour_disputes(ctx: DemoContext) -> int:
    """Open the missing labour-dispute demo cases; returns how many were created."""
    return _seed_kind(ctx, "labour_dispute", DEFAULT_SMALL_KINDS, plan_labour_disputes)
