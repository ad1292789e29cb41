"""Wage-arrears demo cases: 300 by default, walked through every state of the kind by the
district HR users and the police, then backdated (see `disputes.demo`)."""

from __future__ import annotations

import random
from datetime import time, timedelta
from decimal import Decimal
from itertools import pairwise

from django.utils import timezone

from casework.actions import PartyInput
from casework.demo import DemoContext, id_number, person_name, phone, rng_for
from casework.models import PartyRole

from ..demo import DISTRICTS, KindDemo, Plan, seed_kind, weighted_employer, yuan
from ..investigated_complaint import demo as complaint

KIND = "wage_arrears"
DEFAULT_CASES = 300

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


def _split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    if parts <= 1:
        return [total]
    cuts = sorted(rng.uniform(0.2, 0.8) for _ in range(parts - 1))
    shares = [yuan(float(total) * (b - a)) for a, b in pairwise([0.0, *cuts])]
    return [*shares, total - sum(shares)]


def plan_cases(n: int, markets_by_district: dict[str, list[str]]) -> list[Plan]:
    """The first `n` demo cases; the same `n` always gives the same plans."""
    rng = rng_for(KIND)
    plans = []
    for i in range(n):
        scenario = CYCLE[i % len(CYCLE)]
        employer = weighted_employer(rng)
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
            per_worker = max(yuan(daily * days), yuan(100000 / workers_count) + 100)
            amount = per_worker * workers_count
        else:
            workers_count = 1
            per_worker = amount = yuan(daily * days) if days > 10 else Decimal(daily * days)
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
        full = scenario not in complaint.UNSATISFIED and scenario != "ordered_paid"
        paid_total = amount if full else yuan(float(amount) * rng.uniform(0.4, 0.8))
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
        if scenario == "police_returned":
            # The supervisor records the next working day that the bureau will not ask the
            # police to reconsider (§9): appended after the draws, so that every plan's random
            # values stay what they were.
            steps.append("waive_reconsideration")
            gaps.append(1)
            clock_times.append(clock_times[-1])
        recovered = amount if full else sum((s for _, s in payments), Decimal("0"))
        how = (
            f"经下达限期支付指令，已追回工资{recovered}元"
            if "order_payment" in steps
            else f"经约谈，用人单位已支付工资{recovered}元"
        )
        texts = {
            "reject": rng.choice(REJECT_REASONS),
            "extension": rng.choice(EXTENSION_REASONS),
            "feedback": rng.choice(
                FEEDBACK_BAD if scenario in complaint.UNSATISFIED else FEEDBACK_OK
            ),
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


def payload(plan: Plan, name: str, party_ids: list[int], paid: list[int]) -> dict:
    shared = complaint.payload(plan, name)
    if shared is not None:
        return shared
    today = timezone.localdate()
    if name == "order_payment":
        return {
            "due_date": today + timedelta(days=plan.order_due_days),
            "amount": plan.amount,
            "comment": "责令用人单位限期支付拖欠的劳动报酬。",
        }
    if name == "record_payment":
        party, amount = plan.payments[len(paid)]
        before = sum((a for p, a in plan.payments[: len(paid)] if p == party), Decimal("0"))
        paid.append(party)
        data = {"amount": amount, "paid_on": today, "worker": party_ids[party]}
        if before + amount > plan.parties[party].amount_owed:
            # A collective case lists a few of its workers: the employer pays the others'
            # wages through them, which is the reason the officer states (docs/payments.md).
            data |= {
                "excess_reason": "other_workers",
                "excess_note": "用人单位通过投诉代表一并支付未列明工友的工资。",
            }
        return data
    if name == "transfer_to_police":
        return {
            "reason": "用人单位经责令限期支付后逾期仍不支付，涉嫌拒不支付劳动报酬罪。",
            "evidence": EVIDENCE,
        }
    if name == "police_accept":
        return {"comment": "经审查，符合立案条件，已立案侦查。"}
    if name == "police_return":
        return {"reason": "现有证据不足以证明行为人有能力支付而拒不支付，请补充调查后再行移送。"}
    if name == "waive_reconsideration":
        return {"comment": "不予立案理由成立，不提请复议，补充调查后依法处理。"}
    return {}


DEMO = KindDemo(
    kind=KIND,
    default_cases=DEFAULT_CASES,
    plan=plan_cases,
    payload=payload,
    dates=(
        *complaint.DATES,
        ("transfer", "transfer_to_police", "on"),
        ("transfer", "transfer_to_police", "served_on"),
        ("materials_handover", "police_accept", "notice_served_on"),
        ("police_return", "police_return", "on"),
        ("police_return", "police_return", "served_on"),
        ("reconsideration", "waive_reconsideration", "on"),
        ("payment_order", "order_payment", "due_date"),
    ),
    officer_steps=complaint.OFFICER_STEPS | {"order_payment", "record_payment"},
    police_steps=frozenset({"police_accept", "police_return"}),
)


def seed(ctx: DemoContext) -> int:
    """Open the missing wage-arrears demo cases; returns how many were created."""
    return seed_kind(ctx, DEMO)
