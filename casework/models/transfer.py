"""Transfers of a case between units (移送 / 转办) and bulk reassignment jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .case import Case


class TransferKind(models.TextChoices):
    # To another department (e.g. HRSS → market supervision): 移送.
    REFER = "refer", _("移送")
    # To another jurisdiction's unit of the same department: 转办.
    REASSIGN_JURISDICTION = "reassign_jurisdiction", _("转办")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待接收")
    ACCEPTED = "accepted", _("已接收")
    RETURNED = "returned", _("已退回")


class CaseTransfer(models.Model):
    """One proposal to hand a case's lead to another unit, and its answer.

    The case itself never moves: it keeps its number, timeline and audit chain; accepting a
    transfer only changes who leads it. The history of a case's transfers is these rows.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(
        "permissions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("移出单位")
    )
    to_unit = models.ForeignKey(
        "permissions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("接收单位")
    )
    kind = models.CharField(_("方式"), max_length=30, choices=TransferKind.choices)
    reason = models.TextField(_("理由"), max_length=2000)
    status = models.CharField(
        _("状态"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField()
    # The receiving unit's answer is due by this day (3 calendar days, rest-day rollover).
    due_on = models.DateField(_("答复期限"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("答复意见"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("案件移送")
        verbose_name_plural = _("案件移送")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_unit_id} → {self.to_unit_id} ({self.status})"

    def decide(self, status: str, *, by, at, reason: str) -> None:
        """Record the receiving unit's answer (accepted or returned) on the row."""
        self.status, self.decided_by, self.decided_at, self.decision_reason = status, by, at, reason
        self.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


class JobStatus(models.TextChoices):
    PENDING = "pending", _("等待开始")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已完成")


class ReassignmentJob(models.Model):
    """Progress of moving every open case of one officer in one unit to other officers."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("permissions.Unit", on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # [{"case": number, "error": message}] for the cases that could not be moved.
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_user_id}@{self.unit_id}: {self.done}/{self.total}"
