"""Discrimination demo cases: 36 by default, one complainant each, walked through every state
of the procedure (an order to correct among them) by the district HR users, then backdated
(see `disputes.demo`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework.demo import DemoContext, rng_for

from ..demo import KindDemo, Plan, seed_kind, small_plan
from ..investigated_complaint import demo as complaint

KIND = "discrimination"
DEFAULT_CASES = 36

SCENARIOS: dict[str, tuple[str, ...]] = {
    "queue": (),
    "claimed": ("claim",),
    "rejected": ("reject",),
    "investigating": ("accept",),
    "extension_pending": ("accept", "request_extension"),
    "extended": ("accept", "request_extension", "approve_extension"),
    "ordered": ("accept", "order_correction"),
    "closure_pending": ("accept", "propose_closure"),
    "reworked": ("accept", "propose_closure", "return_for_rework"),
    "closed": ("accept", "propose_closure", "approve_closure"),
    "closed_feedback": (
        "accept",
        "order_correction",
        "propose_closure",
        "approve_closure",
        "record_feedback",
    ),
    "closed_unsatisfied": ("accept", "propose_closure", "approve_closure", "record_feedback"),
    "reopened": ("accept", "propose_closure", "approve_closure", "record_feedback", "reopen"),
}
# (what the worker met, what the investigation found)
FACTS = (
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
# Calendar days between one step and the next, drawn per case; and since the last step.
GAPS = {
    "claim": (0, 2),
    "assign": (0, 1),
    "accept": (1, 4),
    "reject": (2, 5),
    "request_extension": (55, 70),
    "approve_extension": (1, 3),
    "order_correction": (7, 25),
    "propose_closure": (10, 50),
    "approve_closure": (1, 5),
    "return_for_rework": (1, 4),
    "record_feedback": (3, 12),
    "reopen": (1, 4),
}
IDLE = (0, 20)


def plan_cases(n: int, _markets: dict[str, list[str]]) -> list[Plan]:
    rng = rng_for(KIND)
    cycle = list(SCENARIOS)
    plans = []
    for i in range(n):
        scenario = cycle[i % len(cycle)]
        met, found = rng.choice(FACTS)
        plans.append(
            small_plan(
                rng,
                KIND,
                i,
                scenario,
                list(SCENARIOS[scenario]),
                gaps=GAPS,
                idle=IDLE,
                description=f"本人到{{employer}}应聘，{met}，认为受到就业歧视，请求依法处理。",
                texts={
                    "reject": "投诉人已就同一事项向人民法院提起诉讼，不予受理。",
                    "extension": "需向多名应聘者调查取证，并调取招聘平台发布记录。",
                    "summary": f"经调查，投诉反映的情况属实。已{found}，用人单位已书面整改。",
                    "feedback": rng.choice(
                        ("仍未被录用，对处理结果不满意。",)
                        if scenario in complaint.UNSATISFIED
                        else ("单位已改正，满意。", "处理及时，满意。")
                    ),
                    "rework": "结案材料缺少用人单位的整改报告，请补充后再报。",
                    "reopen": "回访中投诉人反映用人单位仍未改正，需重新调查核实。",
                    "requirements": found.removeprefix("责令其"),
                },
            )
        )
    return plans


def payload(plan: Plan, name: str, _party_ids: list[int], _paid: list[int]) -> dict:
    if name == "order_correction":
        return {
            "due_date": timezone.localdate() + timedelta(days=plan.order_due_days),
            "requirements": plan.texts["requirements"],
            "comment": "经调查，用人单位存在就业歧视行为，责令限期改正。",
        }
    return complaint.payload(plan, name) or {}


DEMO = KindDemo(
    kind=KIND,
    default_cases=DEFAULT_CASES,
    plan=plan_cases,
    payload=payload,
    dates=(
        *complaint.DATES,
        ("correction_order", "order_correction", "due_date"),
        ("correction_order", "order_correction", "on"),
    ),
    officer_steps=complaint.OFFICER_STEPS | {"order_correction"},
)


def seed(ctx: DemoContext) -> int:
    """Open the missing discrimination demo cases; returns how many were created."""
    return seed_kind(ctx, DEMO)
