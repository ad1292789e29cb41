"""Market rectification (domain.md §4): the case proxy with its FSM, and the fixed-point watch
(定点盯守) with its patrol visits. Imported by `enforcement.models` so Django registers them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class RectificationStatus(models.TextChoices):
    REPORTED = "reported", _("已报告")
    VERIFIED = "verified", _("已现场核查")
    NOTICE_ISSUED = "notice_issued", _("已下达整改通知")
    REINSPECTION = "reinspection", _("待复查")
    RECTIFIED = "rectified", _("已整改")
    NOT_RECTIFIED = "not_rectified", _("逾期未整改")
    PENALTY = "penalty", _("已处罚")
    BANNED = "banned", _("已取缔")
    CLOSURE_PENDING = "closure_pending", _("结案待审批")
    CLOSED = "closed", _("已结案")


R = RectificationStatus


class MarketRectificationCase(Case):
    """零工市场整治: each method is one transition of the public API.

    The market-supervision steps (`refer_to_market`, `market_file`, `market_pause`,
    `market_resume`, `market_extend`) keep
    the case in `not_rectified` while that unit runs its own penalty procedure; its decision
    (`market_decide`) leads to `penalty` like the lead unit's own `impose_penalty`.
    """

    class Meta:
        proxy = True
        verbose_name = _("零工市场整治")
        verbose_name_plural = _("零工市场整治")

    @transition(field="status", source=R.REPORTED, target=R.VERIFIED)
    def verify(self): ...

    @transition(field="status", source=R.VERIFIED, target=R.NOTICE_ISSUED)
    def issue_notice(self): ...

    @transition(field="status", source=R.NOTICE_ISSUED, target=R.REINSPECTION)
    def schedule_reinspection(self): ...

    @transition(field="status", source=R.REINSPECTION, target=R.RECTIFIED)
    def confirm_rectified(self): ...

    @transition(field="status", source=R.REINSPECTION, target=R.NOT_RECTIFIED)
    def confirm_not_rectified(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.PENALTY)
    def impose_penalty(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.BANNED)
    def ban(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def refer_to_market(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_file(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_pause(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_resume(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_extend(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.PENALTY)
    def market_decide(self): ...

    @transition(
        field="status",
        source=[R.VERIFIED, R.RECTIFIED, R.PENALTY, R.BANNED],
        target=R.CLOSURE_PENDING,
    )
    def propose_closure(self): ...

    @transition(field="status", source=R.CLOSURE_PENDING, target=R.CLOSED)
    def approve_closure(self): ...


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
