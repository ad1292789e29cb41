"""Labour-dispute demo cases: 36 mediations by default, one applicant each, walked through
every state by the district HR mediators, then backdated (see `disputes.demo`)."""

from __future__ import annotations

from decimal import Decimal

from casework.demo import DemoContext, rng_for

from ..demo import KindDemo, Plan, seed_kind, small_plan, yuan

KIND = "labour_dispute"
DEFAULT_CASES = 36

SCENARIOS: dict[str, tuple[str, ...]] = {
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
CYCLE = (
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
ISSUES = (
    ("解除劳动合同未支付经济补偿", "双方同意由用人单位支付经济补偿"),
    ("加班费计算有争议", "双方确认加班时长，用人单位补发加班费"),
    ("工伤停工留薪期工资未发", "用人单位支付停工留薪期工资"),
    ("未签订书面劳动合同，要求支付二倍工资", "用人单位支付未签合同期间的二倍工资差额"),
    ("试用期被辞退，工资按日结算有争议", "双方按实际出勤天数结清工资"),
)
# Calendar days between one step and the next, drawn per case; and since the last step.
GAPS = {
    "claim": (0, 2),
    "assign": (0, 1),
    "accept": (1, 4),
    "start_mediation": (1, 5),
    "record_agreement": (2, 9),
    "record_failure": (2, 10),
    "withdraw": (1, 6),
}
IDLE = (0, 20)
# Where the mediation ended, by the step that ended it.
OUTCOMES = {"agreement": "record_agreement", "failure": "record_failure", "withdrawal": "withdraw"}


def plan_cases(n: int, _markets: dict[str, list[str]]) -> list[Plan]:
    rng = rng_for(KIND)
    plans = []
    for i in range(n):
        scenario = CYCLE[i % len(CYCLE)]
        issue, settled = rng.choice(ISSUES)
        claim = yuan(rng.randint(3000, 60000))
        agreed = yuan(float(claim) * rng.uniform(0.6, 1))
        plans.append(
            small_plan(
                rng,
                KIND,
                i,
                scenario,
                list(SCENARIOS[scenario]),
                gaps=GAPS,
                idle=IDLE,
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


def payload(plan: Plan, name: str, _party_ids: list[int], _paid: list[int]) -> dict:
    t = plan.texts
    if name == "accept":
        return {"comment": "材料齐全，符合受理条件，予以立案调查。"}
    if name == "start_mediation":
        return {"comment": "已通知双方当事人到场，开始调解。"}
    if name == "record_agreement":
        return {"terms": t["terms"], "amount": Decimal(t["agreed"])}
    if name == "record_failure":
        return {"reason": t["failure"]}
    if name == "withdraw":
        return {"reason": t["withdrawal"]}
    return {}


DEMO = KindDemo(
    kind=KIND,
    default_cases=DEFAULT_CASES,
    plan=plan_cases,
    payload=payload,
    dates=(
        ("accepted_on", "accept", None),
        ("mediation_started_on", "start_mediation", None),
        *((key, step, "on") for key, step in OUTCOMES.items()),
    ),
    # The mediator acts alone.
    officer_steps=frozenset(
        {"claim", "accept", "start_mediation", "record_agreement", "record_failure", "withdraw"}
    ),
)


def seed(ctx: DemoContext) -> int:
    """Open the missing labour-dispute demo cases; returns how many were created."""
    return seed_kind(ctx, DEMO)
