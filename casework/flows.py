"""CaseFlow: the people side of every case, whatever its kind — who must act next.

One generic flow serves all kinds; it names none. Its human task, `step`, stands for "the
case's next step": it belongs to the unit and role that can fire the case's transitions
from its current state (read from the kind's `TransitionSpec`s), and to the assignee when
that is the lead unit's officer. The flow never holds a copy of the case's state and never
fires a transition: the actions in `casework.actions` do, and then call
`casework.workflow.sync_tasks`, which completes the step and lets the flow open the next one,
or reach `end` once the case is final.

    start (StartHandle, from case_open) ──▶ step ──▶ route ──▶ step … ──▶ route ──▶ end
                                                    (If: the case is final and owes nothing)

The step node has no write views of viewflow's own (assign, unassign, cancel, undo, revive):
viewflow runs those inside its process lock, outside the actions' durable transaction and
in the opposite lock order (process, then case). Claiming and assigning go through
`case_claim` / `case_assign`; executing a step opens the case page, whose forms call
`case_transition`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.shortcuts import redirect
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_fsm import get_available_FIELD_transitions
from viewflow import this
from viewflow.workflow import lock
from viewflow.workflow.activation import Activation
from viewflow.workflow.flow import End, Flow, If, StartHandle, View
from viewflow.workflow.nodes import ViewActivation
from viewflow.workflow.signals import task_finished
from viewflow.workflow.status import STATUS

from permissions.models import Role

from .models import Case, CaseProcess
from .policies import side_units

# Lead-unit officers move a case forward; participants answer what was handed to them;
# supervisors decide what is put to them. When several could act from one state (e.g. an
# officer accepts or a supervisor rejects a new complaint) the step goes to the first.
_ROLE_ORDER = {Role.OFFICER: 0, Role.SUPERVISOR: 1, Role.CLERK: 2}


@dataclass(frozen=True)
class Step:
    """Whose move it is on a case: a unit and a role, and the owner when it is personal."""

    unit_id: int
    role: str
    side: str  # "lead" | "participant:<department code>"
    owner_id: int | None
    transitions: tuple[str, ...]  # what is expected: the transitions this actor may fire

    @property
    def permission(self) -> str:
        """The permission that lets a user take the step, answered by the case policy."""
        if self.role == Role.OFFICER and self.side == "lead":
            return "casework.claim_case"
        return f"casework.transition:{self.transitions[0]}" if self.transitions else ""


def next_step(case: Case) -> Step | None:
    """Who must act next on the case, or None once it is final and owes no decision. No
    query unless the step belongs to a participating unit (whose ids are cached on the case)."""
    case.as_kind()
    final = case.is_final
    groups: dict[tuple[str, str], list[str]] = {}
    for transition in get_available_FIELD_transitions(case, case._meta.get_field("status")):
        spec = case.spec.transitions.get(transition.name)
        if spec is None or spec.incidental:
            continue
        if final and (spec.condition is None or not spec.condition(case)):
            # A final case waits on nobody, except for a decision it has raised (unsatisfied
            # feedback: reopen or keep closed), which only its guard knows about.
            continue
        groups.setdefault((spec.role, spec.side), []).append(spec.name)
    if final and not groups:
        return None
    ordered = sorted(groups, key=lambda k: (_ROLE_ORDER.get(k[0], 9), k[1] != "lead", k[1]))
    for role, side in ordered:
        if side == "lead":
            unit_id = case.lead_unit_id
        else:
            unit_id = next(iter(side_units(case, side)), None)
            if unit_id is None:
                continue
        owner_id = case.assignee_id if role == Role.OFFICER and side == "lead" else None
        return Step(unit_id, role, side, owner_id, tuple(groups[(role, side)]))
    # A kind whose open state offers nobody a transition is a kind defined wrongly; leave it
    # with the lead unit's supervisors rather than with no one.
    return Step(case.lead_unit_id, Role.SUPERVISOR, "lead", None, ())


class CaseRowLock:
    """CaseFlow's lock: the case row lock that the action already holds.

    Every write to a case's process and tasks happens in an action (`sync_tasks`), which
    locked the case row first (`select_for_update`); the case lock therefore serialises the
    process too, and locking the process row again would only add a savepoint, a SELECT ...
    FOR UPDATE and its release to each transition. viewflow's own writing views (assign,
    unassign, cancel, undo, revive) are switched off on the step, so no path reaches the
    process without the case lock.
    """

    def __call__(self, flow_class, process_pk) -> AbstractContextManager:
        db = router.db_for_write(flow_class.process_class)
        return transaction.atomic(using=db, savepoint=False)


class CaseLock:
    """A flow's process lock: viewflow's `select_for_update_lock` on PostgreSQL.

    SQLite has no row locks (`select_for_update` is a no-op there); its writers are already
    serialised by the IMMEDIATE transaction every action opens, so the lock is that
    transaction itself and costs no savepoint.
    """

    def __call__(self, flow_class, process_pk) -> AbstractContextManager:
        db = router.db_for_write(flow_class.process_class)
        if connections[db].vendor == "postgresql":
            return lock.select_for_update_lock(flow_class, process_pk)
        return transaction.atomic(using=db, savepoint=False)


class StepActivation(ViewActivation):
    """Opens a step for whoever acts next and finishes it when the case moves on."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """The new step's task, for whoever acts next on the case, linked to the one
        before; the process records whose move it now is. What `ViewActivation.create`
        does, with the owner and the permission taken from the case's next step."""
        process = prev_activation.process
        case = process.case
        step = next_step(case)
        task = flow_task.flow_class.task_class(process=process, flow_task=flow_task, token=token)
        task.data = {"state": case.status, "expects": list(step.transitions), **(data or {})}
        task.seed = seed
        task.owner_permission = step.permission
        task.owner_permission_obj = case
        if step.owner_id is not None:
            task.owner_id = step.owner_id
            task.status = STATUS.ASSIGNED
            task.assigned = now()
        task.save()
        task.previous.add(prev_activation.task)
        placed = (step.unit_id, step.role, case.status)
        if (process.unit_id, process.role, process.state) != placed:
            process.unit_id, process.role, process.state = placed
            process.save(update_fields=["unit", "role", "state"])
        return cls(task)

    @Activation.status.transition(source=[STATUS.NEW, STATUS.ASSIGNED], target=STATUS.DONE)
    def finish(self, actor, outcome: dict) -> None:
        """The step was taken (the case changed state) by `actor`, with this outcome."""
        task = self.task
        moment = now()
        if task.owner_id is None and actor is not None:
            # Nobody held the step: whoever acted took it, as viewflow's queues expect.
            task.owner = actor
            task.assigned = moment
        task.started = task.started or moment
        task.finished = moment
        task.data = {**task.data, **outcome}
        task.save()
        task_finished.send(sender=self.flow_class, process=self.process, task=task)


def _case_of(process) -> Case:
    return process.coerced.case


def _step_permission(activation: StepActivation) -> str:
    return next_step(activation.process.case).permission


def open_case_page(request, **kwargs):
    """Executing a step means working the case: its page offers the transitions."""
    return redirect("casework:case_detail", case_id=request.activation.process.case_id)


class CasePageTask(View):
    """A human task taken on the case's page. viewflow's own writing views (assign,
    unassign, cancel, undo, revive) are switched off: they would bypass the actions (see the
    module docstring)."""

    assign_view_class = None
    unassign_view_class = None
    cancel_view_class = None
    undo_view_class = None
    revive_view_class = None

    def __init__(self, view=open_case_page, **kwargs):
        super().__init__(view, **kwargs)


class CaseStep(CasePageTask):
    """The case's next step, taken by whoever the case's kind says acts next."""

    activation_class = StepActivation

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.Permission(_step_permission, obj=_case_of)


class CaseFlow(Flow):
    """案件办理

    Who must act next on a case: the unit queue, the officer's inbox and the supervisor's
    approvals. The case's own state machine decides what can happen; this flow only records
    whose move it is.
    """

    process_class = CaseProcess
    lock_impl = CaseRowLock()

    start = StartHandle(this.start_case).Next(this.step)
    step = (
        CaseStep()
        .Annotation(
            title=_("案件办理"), description=_("办理案件的下一步：受理、调查、审批或答复。")
        )
        .Next(this.route)
    )
    route = If(this.round_over).Annotation(title=_("是否办结")).Then(this.end).Else(this.step)
    end = End()

    def start_case(self, activation, case: Case) -> CaseProcess:
        process = activation.process
        process.case = case
        step = next_step(case)
        if step is not None:
            # Filled in before the INSERT so that opening the first step updates nothing.
            process.unit_id, process.role, process.state = step.unit_id, step.role, case.status
        return process

    def round_over(self, activation) -> bool:
        """The handling round ends once the case is final and owes nobody a decision
        (`sync_tasks` marks the process so before it moves the flow on)."""
        return not activation.process.running
