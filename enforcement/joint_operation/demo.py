"""Demo joint operations, opened and walked through the real actions by the demo users.

Three operations: one planned (住建-led in 市中区), one in progress (公安-led in 薛城区, two of
its three units have reported, the police with one of the district's demo incidents), and one
closed (人社-led in 薛城区, every unit reported, the summary approved). Every step happens on the
seeding day; an operation reporting demo cases registered earlier began on the day of the
earliest. An operation whose `demo_key` exists is skipped, so a second run is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from casework.actions import case_open, case_transition
from casework.models import Case, Market
from permissions.models import Jurisdiction
from permissions.selectors import unit_for

KIND = "joint_operation"


@dataclass(frozen=True)
class Plan:
    key: str
    jurisdiction: str
    lead: str  # department of the lead unit
    departments: tuple[str, ...]  # participating units' departments (same jurisdiction)
    title: str
    reported: tuple[str, ...]  # departments that report
    closed: bool = False
    # Departments that report one of their own demo cases as opened during the operation.
    linking: tuple[str, ...] = ()


PLANS = (
    Plan(
        "joint-operation-planned",
        "shizhong",
        "housing",
        ("housing", "market", "police"),
        "市中区零工市场周边占道经营专项整治",
        (),
    ),
    Plan(
        "joint-operation-in-progress",
        "xuecheng",
        "police",
        ("police", "market", "hrss"),
        "薛城区零工市场秩序联合整治行动",
        ("police", "market"),
        linking=("police",),
    ),
    Plan(
        "joint-operation-closed",
        "xuecheng",
        "hrss",
        ("hrss", "police", "market", "housing"),
        "薛城区“护薪”零工市场联合执法检查",
        ("hrss", "police", "market", "housing"),
        closed=True,
        linking=("hrss", "police"),
    ),
)

RESULTS = {
    "hrss": {"markets_inspected": 3, "persons_educated": 120, "persons_dispersed": 0},
    "police": {"markets_inspected": 3, "persons_educated": 45, "persons_dispersed": 38},
    "market": {"markets_inspected": 3, "persons_educated": 60, "notices_issued": 4},
    "housing": {"markets_inspected": 2, "stalls_cleared": 17, "vehicles_removed": 9},
}
TEXTS = {
    "hrss": "宣传劳动合同和工资支付规定，现场受理咨询，发放维权手册。",
    "police": "维护现场秩序，劝离占道等活人员，查处一起寻衅滋事。",
    "market": "检查市场经营主体资质，对无照经营下达整改通知。",
    "housing": "清理占道摊点和违停车辆，恢复道路通行。",
}


def _recent_case(unit_id: int, taken: set[int]) -> Case | None:
    """The unit's most recent demo case not yet linked to an operation (the other kinds'
    demos run first): the case it reports as opened during the operation."""
    from .models import OperationLink

    return (
        Case.objects.filter(lead_unit_id=unit_id)
        .exclude(kind=KIND)
        .exclude(pk__in=OperationLink.objects.values("case_id"))
        .exclude(pk__in=taken)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def walk(plan: Plan, users: dict) -> Case:
    from .actions import operation_report

    jur = plan.jurisdiction
    supervisor = users[f"{plan.lead}.supervisor.{jur}"]
    officer = users[f"{plan.lead}.officer.{jur}"]
    today = timezone.localdate()
    markets = list(
        Market.objects.filter(jurisdiction__code=jur).order_by("pk").values_list("pk", flat=True)
    )[:3]
    linked: dict[str, Case] = {}
    for dept in plan.linking:
        found = _recent_case(unit_for(dept, jur).pk, {c.pk for c in linked.values()})
        if found is not None:
            linked[dept] = found
    # The operation began no later than the cases it reports were registered.
    began = min([today, *(timezone.localdate(c.submitted_at) for c in linked.values())])
    if not plan.reported and not plan.closed:
        began = today + timedelta(days=3)  # planned: begins in a few days
    case, _code = case_open(
        actor=supervisor,
        kind=KIND,
        jurisdiction=Jurisdiction.objects.get(code=jur),
        description=f"{plan.title}：集中清理占道等活、乱摆摊点，宣传劳动保障法规，"
        "维护零工市场周边秩序。",
        lead_unit=unit_for(plan.lead, jur),
        details={
            "title": plan.title,
            "starts_on": began.isoformat(),
            "ends_on": (max(today, began) + timedelta(days=14)).isoformat(),
            "units": [unit_for(d, jur).pk for d in plan.departments],
            "markets": markets,
            "demo_key": plan.key,
        },
    )
    if not plan.reported and not plan.closed:
        return case
    case_transition(actor=supervisor, case_id=case.pk, name="start", data={"comment": "按方案启动"})
    for dept in plan.reported:
        reporter = users[f"{dept}.officer.{jur}"]
        opened = [linked[dept].number] if dept in linked else []
        result = {
            "markets_inspected": 0,
            "persons_educated": 0,
            "persons_dispersed": 0,
            "stalls_cleared": 0,
            **RESULTS[dept],
        }
        operation_report(
            actor=reporter,
            case_id=case.pk,
            unit_id=unit_for(dept, jur).pk,
            data={**result, "text": TEXTS[dept], "cases": opened},
        )
    if plan.closed:
        case_transition(
            actor=officer,
            case_id=case.pk,
            name="submit_summary",
            data={"summary": "各参与单位按方案完成行动，市场秩序明显好转，转入常态化监管。"},
        )
        case_transition(
            actor=supervisor,
            case_id=case.pk,
            name="approve_closure",
            data={"comment": "同意结案"},
        )
    return Case.objects.get(pk=case.pk)


def seed(ctx) -> int:
    """Open the missing demo operations; returns how many were created."""
    limit = len(PLANS) if ctx.cases is None else min(ctx.cases, len(PLANS))
    done = {
        d.get("demo_key")
        for d in Case.objects.filter(kind=KIND, details__has_key="demo_key").values_list(
            "details", flat=True
        )
    }
    todo = [p for p in PLANS[:limit] if p.key not in done]
    if not todo:
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__contains=".")}
    needed = {f"{p.lead}.supervisor.{p.jurisdiction}" for p in todo}
    if needed - set(users):
        raise LookupError("seed the organisation and users before the joint operations")
    for plan in todo:
        walk(plan, users)
    return len(todo)
