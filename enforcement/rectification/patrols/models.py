"""The fixed-point watch (定点盯守) of a market-rectification case and its patrol visits.
Imported by `enforcement.models` so Django registers them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MarketWatch(models.Model):
    """定点盯守: a market watched from a rectification case until a supervisor ends it.

    Patrol visits are due every `interval_days` days from `starts_on`; the lead unit's
    officers record them (`PatrolVisit`).
    """

    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="watches", verbose_name=_("案件")
    )
    market = models.ForeignKey(
        "casework.Market",
        on_delete=models.PROTECT,
        related_name="watches",
        verbose_name=_("零工市场"),
    )
    unit = models.ForeignKey(
        "permissions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("盯守单位")
    )
    interval_days = models.PositiveSmallIntegerField(_("巡查间隔（天）"), default=1)
    starts_on = models.DateField(_("开始日期"))
    instructions = models.CharField(_("盯守要求"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    end_reason = models.CharField(_("结束原因"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("定点盯守")
        verbose_name_plural = _("定点盯守")
        constraints = [
            # One running watch per market: a second one would double the patrols.
            models.UniqueConstraint(
                fields=["market"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_watch_per_market",
            )
        ]

    @property
    def active(self) -> bool:
        return self.ended_at is None


class PatrolVisit(models.Model):
    """One patrol of a watch, due on `due_on`; recorded by an officer of the watch's unit."""

    watch = models.ForeignKey(MarketWatch, on_delete=models.CASCADE, related_name="visits")
    due_on = models.DateField(_("巡查日期"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("巡查人"),
    )
    visited_at = models.DateTimeField(_("巡查时间"), null=True, blank=True)
    findings = models.TextField(_("巡查情况"), blank=True)
    compliant = models.BooleanField(_("现场秩序正常"), null=True)
    photo = models.ForeignKey(
        "casework.Attachment",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("现场照片"),
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("巡查记录")
        verbose_name_plural = _("巡查记录")
        constraints = [
            models.UniqueConstraint(fields=["watch", "due_on"], name="one_visit_per_watch_day")
        ]

    @property
    def done(self) -> bool:
        return self.visited_at is not None
