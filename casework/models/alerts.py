"""Deadline alerts (预警 / 超期督办 / 上级督办) raised by the deadline watch.

A row means "this threshold has been reached and its recipients were told". The unique
constraints are what make the watch idempotent: two runs racing on the same clock both try
to insert the row, one wins and notifies, the other gets an IntegrityError and does nothing.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AlertLevel(models.TextChoices):
    WARNING = "warning", _("预警")
    OVERDUE = "overdue", _("超期")
    ESCALATED_PARENT = "escalated_parent", _("已督办")
    # A pending transfer that the receiving unit has not answered by its answer date.
    TRANSFER_OVERDUE = "transfer_overdue", _("移送逾期未答复")


# Higher is more serious; the case page shows the most serious active alert of a clock.
SEVERITY = {
    AlertLevel.WARNING: 1,
    AlertLevel.OVERDUE: 2,
    AlertLevel.ESCALATED_PARENT: 3,
    AlertLevel.TRANSFER_OVERDUE: 2,
}


class ClockAlert(models.Model):
    """One threshold reached by one legal clock (or one pending transfer's answer date)."""

    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, related_name="deadline_alerts"
    )
    clock = models.ForeignKey(
        "casework.LegalClock",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    transfer = models.ForeignKey(
        "casework.CaseTransfer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    level = models.CharField(_("级别"), max_length=20, choices=AlertLevel.choices)
    severity = models.PositiveSmallIntegerField(default=1)
    # The deadline the alert was raised against (the clock's due date, or the transfer's
    # answer date), so that a later move of the deadline can be told apart.
    due_date = models.DateField(_("届满日"))
    # The unit whose supervisors were told (the lead unit, its parent, or the receiving unit).
    unit = models.ForeignKey(
        "permissions.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("督办单位"),
    )
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        ordering = ["-severity", "id"]
        verbose_name = _("时限预警")
        verbose_name_plural = _("时限预警")
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="clockalert_once_per_level"),
            models.UniqueConstraint(
                fields=["transfer", "level"], name="clockalert_once_per_transfer"
            ),
            models.CheckConstraint(
                condition=(Q(clock__isnull=False) & Q(transfer__isnull=True))
                | (Q(clock__isnull=True) & Q(transfer__isnull=False)),
                name="clockalert_clock_xor_transfer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.level} {self.due_date}"

    @property
    def badge(self) -> str:
        return str(AlertLevel(self.level).label)
