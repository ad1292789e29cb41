"""CaseFlow: the people side of every case, whatever its kind — who must act next.

One generic flow serves all kinds; it names none. Its human task, `step`, stands for "the
case's next step": it belongs to the unit and role that can fire the case's transitions
from its current state (read from the kind's `TransitionSpec`s), and to the assignee when
that is the lead unit's officer. The flow never holds a copy of the case's state and never
fires a transition: the actions in `casework.actions` do, and then call
`casework.workflow.sync_tasks`, which completes the step and lets the flow open the next one,
or reach `end` once the case is final.

    start (StartHandle, from case_open) ──▶ step ──▶ step … ──▶ end (case final)

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
from viewflow.workflow.base import Edge
from viewflow.workflow.flow import End, Flow, StartHandle, View
from viewflow.workflow.nodes import ViewActivation
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import PROCESS, STATUS

from gigcase.prepared import insert, insert_values, update, update_where
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
        if spec is None:
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
    """The flow's process lock: viewflow's `select_for_update_lock` on PostgreSQL.

    SQLite has no row locks (`select_for_update` is a no-op there); its writers are already
    serialised by the IMMEDIATE transaction every action opens, so the lock is that
    transaction itself and costs no savepoint.
    """

    def __call__(self, flow_class, process_pk) -> AbstractContextManager:
        db = router.db_for_write(flow_class.process_class)
        if connections[db].vendor == "postgresql":
            return lock.select_for_update_lock(flow_class, process_pk)
        return transaction.atomic(using=db, savepoint=False)


def _link(previous, task) -> None:
    """`task.previous.add(previous)` for a task just created: one INSERT of the edge, without
    the related manager's machinery (the pair cannot exist yet)."""
    insert_values(
        type(task).previous.through,
        {"from_task_id": task.pk, "to_task_id": previous.pk},
        defer=True,
    )


def _insert_task(task) -> None:
    """`task.save()` for a new task: viewflow's save fills the type, then one INSERT."""
    if task.flow_task and not task.flow_task_type:
        task.flow_task_type = task.flow_task.task_type
    insert(task)


class StepActivation(ViewActivation):
    """Opens a step for whoever acts next and finishes it when the case moves on."""

    step: Step | None = None

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        step = next_step(prev_activation.process.case)
        return cls.open(flow_task, prev_activation, token, step, data=data, seed=seed)

    @classmethod
    def open(cls, flow_task, prev_activation, token, step: Step, data=None, seed=None):
        """The new step's task for `step` (who acts next), linked to the one before."""
        process = prev_activation.process
        case = process.case
        task = flow_task.flow_class.task_class(process=process, flow_task=flow_task, token=token)
        task.data = {"state": case.status, "expects": list(step.transitions), **(data or {})}
        task.seed = seed
        activation = cls(task)
        activation.step = step
        task.owner_permission = flow_task.calc_owner_permission(activation)
        task.owner_permission_obj = flow_task.calc_owner_permission_obj(activation)
        if step.owner_id is not None:
            task.owner_id = step.owner_id
            task.status = STATUS.ASSIGNED
            task.assigned = now()
        _insert_task(task)
        _link(prev_activation.task, task)
        placed = (step.unit_id, step.role, case.status)
        if (process.unit_id, process.role, process.state) != placed:
            process.unit_id, process.role, process.state = placed
            update_where(
                CaseProcess,
                {"unit_id": step.unit_id, "role": step.role, "state": case.status},
                where={"pk": process.pk},
                defer=True,
            )
        if flow_task._on_create is not None:
            flow_task._on_create(activation)
        return activation

    @Activation.status.transition(source=[STATUS.NEW, STATUS.ASSIGNED], target=STATUS.DONE)
    def finish(self, actor, outcome: dict) -> None:
        """The step was taken (the case changed state): close it in one UPDATE."""
        self.close(actor, outcome)

    def close(self, actor, outcome: dict) -> None:
        """What `finish` writes, once the task's status is DONE."""
        task = self.task
        moment = now()
        if task.owner_id is None and actor is not None:
            # Nobody held the step: whoever acted took it, as viewflow's queues expect.
            task.owner = actor
            task.assigned = moment
        task.started = task.started or moment
        task.finished = moment
        task.data = {**task.data, **outcome}
        update(task, ["owner", "assigned", "started", "finished", "data", "status"], defer=True)
        task_finished.send(sender=self.flow_class, process=self.process, task=task)

    @Activation.status.super()
    def create_next(self):
        process = self.process
        if process.case.is_final and next_step(process.case) is None:
            # Saved with the process by the End node.
            process.running = False
            process.unit = None
            process.role = ""
            process.state = process.case.status
            yield self.flow_task._final._create(self, self.task.token)
        else:
            yield self.flow_task._create(self, self.task.token)


class CaseEndActivation(EndActivation):
    """Ends a handling round in the transaction of the closing transition.

    viewflow's End counts the process's other open tasks inside a savepoint before finishing
    it, for flows with parallel branches. A case has exactly one open step, finished just
    before the End is reached, so the end task is written done and the process finished
    at once: two INSERTs and the process rows' UPDATE, nothing else on the closing path.
    """

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        moment = now()
        process = prev_activation.process
        task = flow_task.flow_class.task_class(
            process=process,
            flow_task=flow_task,
            token=token,
            status=STATUS.DONE,
            started=moment,
            finished=moment,
        )
        task.data = data if data is not None else {}
        task.seed = seed
        _insert_task(task)
        _link(prev_activation.task, task)
        process.status = PROCESS.DONE
        process.finished = moment
        process.save()
        flow_class = flow_task.flow_class
        task_started.send(sender=flow_class, process=process, task=task)
        task_finished.send(sender=flow_class, process=process, task=task)
        flow_finished.send(sender=flow_class, process=process, task=task)
        return cls(task)


class CaseEnd(End):
    activation_class = CaseEndActivation


def _case_of(process) -> Case:
    return process.coerced.case


def _step_permission(activation: StepActivation) -> str:
    return activation.step.permission if activation.step else ""


def open_case_page(request, **kwargs):
    """Executing a step means working the case: its page offers the transitions."""
    return redirect("casework:case_detail", case_id=request.activation.process.case_id)


class CaseStep(View):
    """The case's next step: loops onto itself until the case is final, then to `Final`."""

    activation_class = StepActivation
    # Writes of viewflow's own would bypass the actions (see the module docstring).
    assign_view_class = None
    unassign_view_class = None
    cancel_view_class = None
    undo_view_class = None
    revive_view_class = None

    def __init__(self, view=open_case_page, **kwargs):
        super().__init__(view, **kwargs)
        self._final = None
        self.Permission(_step_permission, obj=_case_of)

    def Final(self, node) -> CaseStep:
        """The node reached once the case is in a final state."""
        self._final = node
        return self

    def _resolve(self, instance) -> None:
        super()._resolve(instance)
        self._final = this.resolve(instance, self._final)

    def _outgoing(self):
        yield from super()._outgoing()
        if self._final:
            yield Edge(src=self, dst=self._final, edge_class="cond_true", label=_("办结"))


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
        .Next(this.step)
        .Final(this.end)
    )
    end = CaseEnd()

    def start_case(self, activation, case: Case) -> CaseProcess:
        process = activation.process
        process.case = case
        step = next_step(case)
        if step is not None:
            # Filled in before the INSERT so that opening the first step updates nothing.
            process.unit_id, process.role, process.state = step.unit_id, step.role, case.status
        return process
