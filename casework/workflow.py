"""Keeps the viewflow task of a case in step with its state (who must act next).

Every action calls `sync_tasks` inside its transaction, after its change and with the case
row still locked, so the task can never disagree with the committed case: both commit or
neither does. The case row lock is taken first and the flow's process lock second, the
same order on every path.
"""

from __future__ import annotations

from django.utils.timezone import now
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from .flows import CaseFlow, StepActivation, next_step
from .models import Case

OPEN = (STATUS.NEW, STATUS.ASSIGNED)


def open_step(case: Case) -> Task | None:
    """The case's open step task, with its process (one query)."""
    return (
        Task.objects.select_related("process__caseprocess")
        .filter(
            process__caseprocess__case_id=case.pk,
            process__caseprocess__running=True,
            flow_task=CaseFlow.step,
            status__in=OPEN,
        )
        .order_by("-id")
        .first()
    )


def sync_tasks(case, *, actor) -> None:
    """Complete the case's open human task and open the next one for whoever acts next.

    - no running process and the case is open (a new case, or one reopened after it was
      final): start a CaseFlow process, whose first step goes to the next actor;
    - the case left the state the open step was opened for: finish the step (as `actor`) and
      let the flow open the next one, or end the round if the case is final and owes no
      decision;
    - same state, another assignee (claim, assign, reassign): move the open step to them.
    A transition that keeps the state (e.g. recording a payment) leaves the step open.
    """
    step = next_step(case)
    task = open_step(case)
    if task is None:
        if step is not None:
            CaseFlow.start.run(case=case)
        return
    activation = StepActivation(task)
    process = activation.process
    process.case = case  # the locked instance the action changed, not a second read
    placed = (process.unit_id, process.role, process.state)
    outcome = {"outcome": case.status, "by": getattr(actor, "username", None)}
    if step is None or placed != (step.unit_id, step.role, case.status):
        with CaseFlow.lock(process.pk):
            activation.finish(actor, outcome)
            if step is None:
                # The round is over: the flow's `route` leads to its End.
                process.running = False
                process.unit = None
                process.role = ""
                process.state = case.status
                process.save(update_fields=["running", "unit", "role", "state"])
            activation.activate_next()
        return
    if task.owner_id == step.owner_id:
        return
    with CaseFlow.lock(process.pk):
        task.assigned = now()
        if step.owner_id is None:
            activation.unassign()
        elif task.owner_id is None:
            activation.assign(case.assignee)
        else:
            activation.reassign(case.assignee)
