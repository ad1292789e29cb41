"""OperationFlow: the parallel reporting of a joint operation (viewflow Split / Join).

    start (StartHandle, from the `start` transition)
      ──▶ split (one `report` task per participating unit)
      ──▶ report × N (human tasks, one per unit, in that unit's queue)
      ──▶ join (waits for every report)
      ──▶ end

The operation's own states (planned, in progress, summary, closure) are the case's FSM and
its generic `CaseFlow` step (the lead's moves); this flow only carries the part the generic
step cannot: several units acting at once. Its tasks are written only by the actions in
`actions.py` (claim, report), inside their durable transaction with the
case row locked first, as `casework.workflow.sync_tasks` does for the case step. The
`report` node therefore has no write views of viewflow's own, and executing it opens the
operation's page, whose forms call the actions.

The stock `Split.Next` of viewflow 2.4 ignores `data_source`, so `UnitSplit` creates the
per-unit tasks itself: one `report` task per `OperationUnit`, with `task.data = {"unit": id}`.
It names the `report` node of its flow rather than walking the split's branches, which
viewflow keeps only in private attributes.
"""

from __future__ import annotations

from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow.activation import Activation
from viewflow.workflow.flow import End, Flow, Join, Split, StartHandle
from viewflow.workflow.nodes import ViewActivation
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.signals import task_finished
from viewflow.workflow.status import STATUS

from casework.flows import CaseLock, CasePageTask

from .models import OperationProcess


class UnitSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        from .models import OperationUnit

        units = list(
            OperationUnit.objects.filter(case_id=self.process.case_id)
            .order_by("pk")
            .values_list("unit_id", flat=True)
        )
        report = self.flow_class.report
        for unit_id in units:
            self.next_tasks.append((report, {"unit": unit_id}))


class UnitSplit(Split):
    """Parallel split with one `report` task per participating unit of the operation (the
    flow's `report` node, which must also be the split's one `Next`)."""

    activation_class = UnitSplitActivation


class ReportActivation(ViewActivation):
    """A unit's report task: taken by one officer, finished by the report action."""

    @Activation.status.transition(source=[STATUS.NEW, STATUS.ASSIGNED], target=STATUS.DONE)
    def finish(self, actor, outcome: dict) -> None:
        task = self.task
        moment = now()
        if task.owner_id is None and actor is not None:
            task.owner = actor
            task.assigned = moment
        task.started = task.started or moment
        task.finished = moment
        task.data = {**task.data, **outcome}
        task.save()
        task_finished.send(sender=self.flow_class, process=self.process, task=task)


class UnitReport(CasePageTask):
    """A unit's report, made on the operation's page."""

    activation_class = ReportActivation


class OperationFlow(Flow):
    """联合执法行动

    Each participating unit reports its results; the operation moves on once all have.
    """

    process_class = OperationProcess
    lock_impl = CaseLock()

    start = StartHandle(this.start_operation).Next(this.split)
    split = UnitSplit().Next(this.report)
    report = (
        UnitReport()
        .Annotation(
            title=_("报送行动情况"),
            description=_("参与单位报送本单位在联合执法行动中的工作情况和查处案件。"),
        )
        .Next(this.join)
    )
    join = Join().Next(this.end)
    end = End()

    def start_operation(self, activation, case) -> OperationProcess:
        activation.process.case = case
        return activation.process
