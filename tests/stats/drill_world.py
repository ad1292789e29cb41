"""A small world whose every figure is known case by case, for the drill-down tests: wage
cases of 薛城区 received today, moved by real transitions; only the due dates of two
acceptance clocks are moved into the past (as if the five working days had run out)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from casework import clocks
from casework.models import Case, LegalClock
from tests.disputes.walk import Actors, fire
from tests.factories import open_wage_case

PAY = ("accept", "propose_closure", "approve_closure")


def _run_out(case: Case) -> None:
    """The acceptance clock's due date yesterday: a clock missed if it is still running, or
    stopped late when the case is accepted after."""
    yesterday = timezone.localdate() - timedelta(days=1)
    LegalClock.objects.filter(case=case, code="acceptance").update(due_date=yesterday)
    Case.objects.filter(pk=case.pk).update(deadline=clocks.binding_deadline(case))


def _feedback(case: Case, actors: Actors, satisfied: bool) -> None:
    fire(case.pk, "record_feedback", actors, {"satisfied": satisfied, "comment": "回访记录"})


def build(actors: Actors) -> dict[str, str]:
    """The cases by role in the world → their numbers."""
    made: dict[str, Case] = {}

    def new(name: str, place: str = "xuecheng") -> Case:
        made[name] = open_wage_case(
            jurisdiction=place, credit_code=None, employer=f"{name}劳务公司"
        )
        return made[name]

    new("waiting")  # acceptance clock running, within its time: no response due yet
    fire(new("accepted").pk, "accept", actors)  # accepted in time
    _run_out(new("accepted_late"))
    fire(made["accepted_late"].pk, "accept", actors)  # accepted after the due date
    _run_out(new("ran_out"))  # still waiting, past the due date
    new("resolved")
    for name in PAY:
        fire(made["resolved"].pk, name, actors)
    _feedback(made["resolved"], actors, True)
    fire(new("rejected").pk, "reject", actors)  # 不予受理: closed, not resolved
    # Followed up twice: unsatisfied, reopened, closed again, satisfied.
    new("asked_twice")
    for name in PAY:
        fire(made["asked_twice"].pk, name, actors)
    _feedback(made["asked_twice"], actors, False)
    for name in ("reopen", "propose_closure", "approve_closure"):
        fire(made["asked_twice"].pk, name, actors)
    _feedback(made["asked_twice"], actors, True)
    _run_out(new("elsewhere", "shizhong"))  # another district's missed clock
    return {name: Case.objects.get(pk=case.pk).number for name, case in made.items()}


# What each drill-down link of 薛城区 lists (the names of `build`), and what its figures
# count (the city's lists add `elsewhere` to `cases`, `received_open_cases`, `late_cases`,
# `response_due_cases`, `open_cases` and `overdue_cases`).
LISTS = {
    "cases": {
        "waiting",
        "accepted",
        "accepted_late",
        "ran_out",
        "resolved",
        "rejected",
        "asked_twice",
    },
    "received_open_cases": {"waiting", "accepted", "accepted_late", "ran_out"},
    "late_cases": {"accepted_late", "ran_out"},
    "on_time_cases": {"waiting", "accepted", "resolved", "rejected", "asked_twice"},
    "closed_cases": {"resolved", "rejected", "asked_twice"},
    "resolved_cases": {"resolved", "asked_twice"},
    "response_due_cases": {
        "accepted",
        "accepted_late",
        "ran_out",
        "resolved",
        "rejected",
        "asked_twice",
    },
    "response_timely_cases": {"accepted", "resolved", "rejected", "asked_twice"},
    "follow_up_cases": {"resolved", "asked_twice"},
    "satisfied_cases": {"resolved", "asked_twice"},
    "open_cases": {"waiting", "accepted", "accepted_late", "ran_out"},
    "overdue_cases": {"ran_out"},
}
ELSEWHERE = {
    "cases",
    "received_open_cases",
    "late_cases",
    "response_due_cases",
    "open_cases",
    "overdue_cases",
}
FIGURES = {
    "received": 7,
    "open": 4,
    "overdue": 2,
    "on_time": 5,
    "closed": 3,
    "resolved": 2,
    "backlog_open": 4,
    "backlog_overdue": 1,
    "response": {"due": 6, "timely": 4},
    "resolution": {"closed": 3, "resolved": 2},
    # Answers, not cases: the case followed up twice counts twice.
    "satisfaction": {"asked": 3, "satisfied": 2},
}
