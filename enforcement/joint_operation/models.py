"""Joint operations (联合执法行动, docs/domain.md §7): the proxy kind and the per-unit records.

The operation is a `Case` (kind `joint_operation`) whose lead unit plans and summarises it.
Each participating unit is a `CaseParticipant` (so it sees the case) and an `OperationUnit`
holding its viewflow report task and, once it has reported, its results. Cases opened during
the operation point back at it through `OperationLink`. The parallel part of the operation
(one report task per unit, joined when the last unit reports) is `OperationFlow`, whose
process is `OperationProcess`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition
from viewflow.workflow.models import Process

from casework.models import Case

KIND = "joint_operation"


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    IN_PROGRESS = "in_progress", _("行动中")
    REPORTING_DONE = "reporting_done", _("各单位已报送")
    CLOSURE_PENDING = "closure_pending", _("总结待审批")
    CLOSED = "closed", _("已结案")
    CANCELLED = "cancelled", _("已取消")


S = OperationStatus


class JointOperationCase(Case):
    """联合执法行动: each public method is one transition of the API; `complete_reporting`
    is fired only by the join of the unit reports, never by a user."""

    class Meta:
        proxy = True
        verbose_name = _("联合执法行动")
        verbose_name_plural = _("联合执法行动")

    @transition(field="status", source=S.PLANNED, target=S.IN_PROGRESS)
    def start(self): ...

    @transition(field="status", source=S.PLANNED, target=S.CANCELLED)
    def cancel(self): ...

    @transition(field="status", source=S.IN_PROGRESS, target=S.IN_PROGRESS)
    def remind_units(self): ...

    @transition(field="status", source=S.IN_PROGRESS, target=S.REPORTING_DONE)
    def complete_reporting(self): ...

    @transition(field="status", source=S.REPORTING_DONE, target=S.CLOSURE_PENDING)
    def submit_summary(self): ...

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.REPORTING_DONE)
    def return_summary(self): ...

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.CLOSED)
    def approve_closure(self): ...


class OperationProcess(Process):
    """The viewflow process of an operation's reporting round (Split → reports → Join)."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="operation_processes",
        verbose_name=_("联合执法行动"),
    )

    class Meta:
        verbose_name = _("联合行动流程")
        verbose_name_plural = _("联合行动流程")
        default_permissions = ("add", "change", "delete", "view", "manage")


class UnitReportStatus(models.TextChoices):
    PENDING = "pending", _("待报送")
    REPORTED = "reported", _("已报送")


class OperationUnit(models.Model):
    """A participating unit of an operation: its report task and, once in, its results."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="operation_units", verbose_name=_("行动")
    )
    unit = models.ForeignKey(
        "permissions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    task = models.OneToOneField(
        "viewflow.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="operation_unit",
    )
    status = models.CharField(
        _("报送状态"),
        max_length=20,
        choices=UnitReportStatus.choices,
        default=UnitReportStatus.PENDING,
    )
    results = models.JSONField(_("行动结果"), default=dict, blank=True)
    report = models.TextField(_("工作情况"), blank=True, max_length=5000)
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("参与单位")
        verbose_name_plural = _("参与单位")
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="operation_unit_unique")
        ]
        indexes = [models.Index(fields=["unit", "status"])]


class OperationLink(models.Model):
    """A case opened during an operation, pointing back at it (one operation per case)."""

    operation = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="operation_links", verbose_name=_("行动")
    )
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="operation_link", verbose_name=_("案件")
    )
    unit = models.ForeignKey(
        "permissions.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("报送单位"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("行动中查处的案件")
        verbose_name_plural = _("行动中查处的案件")
