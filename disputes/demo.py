"""Walking the dispute kinds' demo cases through the real actions; each kind's `demo.py`
plans its cases and names the payloads and dates of its steps.

Each case follows a scenario (a list of transitions) to one of its kind's states, then
`casework.demo.backdate` moves it into the past so that the demo shows old, overdue and
nearly due clocks. Plans are drawn from one seeded stream before the database is looked
at, so the same number of cases always gives the same cases; a case whose `demo_key`
exists is skipped, which makes a second run a no-op.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

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
)
from casework.models import Case, Market, PartyRole
from permissions.models import Jurisdiction, Unit

# Where the complaints come from: the districts, weighted by their share of the cases.
DISTRICTS = {
    "tengzhou": 25,
    "shizhong": 18,
    "xuecheng": 18,
    "gaoxin": 13,
    "yicheng": 10,
    "taierzhuang": 8,
    "shanting": 8,
}


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
    # Wage arrears only: the payments to record (party index, amount) and the sum recovered.
    payments: list[tuple[int, Decimal]] = field(default_factory=list)
    recovered: Decimal = Decimal("0")
    order_due_days: int = 15
    texts: dict[str, str] = field(default_factory=dict)


# A date a step writes into `Case.details`: (key, step, field). With a field, the date is
# `details[key][field]`; without one, `details[key]` itself.
DetailDate = tuple[str, str, str | None]
# (plan, step, the case's party ids, the party indexes paid so far) -> the step's payload.
Payloads = Callable[[Plan, str, list[int], list[int]], dict]


@dataclass(frozen=True)
class KindDemo:
    """What walking one kind's demo cases needs to know of the kind."""

    kind: str
    default_cases: int
    # (number of cases, market names by district) -> the plans, the same for the same number.
    plan: Callable[[int, dict[str, list[str]]], list[Plan]]
    payload: Payloads
    dates: tuple[DetailDate, ...]
    # Steps fired by the assigned officer; the police fire `police_steps`, the supervisor
    # the rest.
    officer_steps: frozenset[str]
    police_steps: frozenset[str] = frozenset()


def yuan(value: float) -> Decimal:
    return Decimal(int(value) // 100 * 100)


def weighted_employer(rng: random.Random) -> DemoEmployer:
    """Listed employers and builders owe more often: they get more complaints."""

    def weight(e: DemoEmployer) -> int:
        if e.dishonest:
            return 4
        return {"construction": 3, "decoration": 2}.get(e.sector, 1)

    employers = demo_employers()
    return rng.choices(employers, [weight(e) for e in employers])[0]


def small_plan(
    rng: random.Random,
    kind: str,
    i: int,
    scenario: str,
    steps: list[str],
    *,
    gaps: dict[str, tuple[int, int]],
    idle: tuple[int, int],
    **kw,
) -> Plan:
    """A case of one complainant in any district, for the kinds with a few dozen demo cases."""
    employer = weighted_employer(rng)
    jur = rng.choices(list(DISTRICTS), list(DISTRICTS.values()))[0]
    mode = rng.choice(("claim", "assign", "direct"))
    if steps and steps[0] == "accept" and mode != "direct":
        steps.insert(0, mode)
    step_gaps = [rng.randint(*gaps[s]) for s in steps]
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
        gaps=step_gaps,
        idle=rng.randint(*idle),
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


def _move_details(plan: Plan, dates: tuple[DetailDate, ...]):
    """The dates the kind keeps in `details`, moved with the step that wrote them."""
    names = ["open", *plan.steps]
    last = {name: k for k, name in enumerate(names)}

    def move(details: dict, moves: Moves) -> dict:
        d = dict(details)

        def day(value: str, step: str) -> str:
            return moves.day(date.fromisoformat(value), last[step]).isoformat()

        for key, step, part in dates:
            if step not in last:
                continue
            if part is None and d.get(key):
                d[key] = day(d[key], step)
            elif part is not None and isinstance(d.get(key), dict):
                d[key] = {**d[key], part: day(d[key][part], step)}
        return d

    return move


def walk_case(plan: Plan, users: dict, jurisdictions: dict, markets: dict, demo: KindDemo) -> Case:
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
        kind=demo.kind,
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
            if name in demo.police_steps:
                actor = police
            elif name in demo.officer_steps:
                actor = officer
            else:
                actor = supervisor
            walk.step(
                case_transition,
                actor=actor,
                case_id=case.pk,
                name=name,
                data=demo.payload(plan, name, party_ids, paid),
            )
    backdate(walk, times, details=_move_details(plan, demo.dates))
    return case


def seed_kind(ctx: DemoContext, demo: KindDemo) -> int:
    """Open the kind's missing demo cases; returns how many were created."""
    kind = demo.kind
    n = demo.default_cases if ctx.cases is None else ctx.cases
    # Plans name markets from the demo table, not the database, so that they never depend
    # on what an admin has since edited; a market that is gone is simply left out.
    markets_by_district: dict[str, list[str]] = {}
    for jur, name, *_ in MARKETS:
        markets_by_district.setdefault(jur, []).append(name)
    plans = demo.plan(n, markets_by_district)
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
        walk_case(plan, users, jurisdictions, markets, demo)
        if i % 50 == 0:
            ctx.log(f"  {kind}: {i}/{len(todo)} cases")
    return len(todo)
