"""Legal clocks (法定时限) and the holiday calendar they count against."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班日")


CALENDAR_DAY_NAME_MAX = 40


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday or an adjusted working day."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=CALENDAR_DAY_NAME_MAX, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class HolidayNotice(models.Model):
    """The State Council's notice fixing a year's days off and adjusted working days.

    A year with a notice counts exactly by its `CalendarDay` rows; a year without one counts
    with the holidays the 办法 itself gives (`casework.holidays`), and its deadlines are
    provisional (暂定).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("通知标题"), max_length=120)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("节假日安排通知")
        verbose_name_plural = _("节假日安排通知")

    def __str__(self) -> str:
        return f"{self.year} {self.number or self.title}"


class DayUnit(models.TextChoices):
    WORKING = "working", _("工作日")
    CALENDAR = "calendar", _("自然日")


class ClockStatus(models.TextChoices):
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("已中止")
    STOPPED = "stopped", _("已结束")


class PauseReason(models.TextChoices):
    """Reasons whose time a statute may exclude from a period. A clock accepts only those its
    own article lists (`LegalClock.exclusions`)."""

    SUSPENSION = "suspension", _("中止")
    HEARING = "hearing", _("听证")
    PUBLIC_NOTICE = "public_notice", _("公告")
    TESTING = "testing", _("检测")
    INSPECTION = "inspection", _("检验")
    QUARANTINE = "quarantine", _("检疫")
    APPRAISAL = "appraisal", _("鉴定")
    IDENTIFICATION = "identification", _("权利人辨认或者鉴别")
    ORDER_REFUND = "order_refund", _("责令退还")
    # No clock excludes these two any more; kept so that pauses recorded under them stay
    # readable.
    WAITING_PARTY = "waiting_party", _("等待当事人")
    TRANSFER = "transfer", _("移送期间")


class LegalClock(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="clocks")
    code = models.CharField(max_length=40)
    title = models.CharField(_("时限"), max_length=60)
    legal_basis = models.CharField(_("法律依据"), max_length=200)
    day_unit = models.CharField(max_length=10, choices=DayUnit.choices)
    days = models.PositiveIntegerField(null=True, blank=True)
    start_date = models.DateField(_("起算事件日"))
    fixed_due = models.DateField(null=True, blank=True)
    extension_days = models.PositiveIntegerField(default=0)  # the first extension's length
    # What the article allows, copied from the ClockSpec when the clock starts, so that a
    # clock keeps the rules it was started under: the excluded reasons, the extensions in
    # order ({"days": n | null, "approver": text}) and the department that may pause it.
    exclusions = models.JSONField(default=list, blank=True)
    extensions_allowed = models.JSONField(default=list, blank=True)
    owner = models.CharField(max_length=20, blank=True)
    extensions_granted = models.PositiveSmallIntegerField(default=0)
    extended_days = models.PositiveIntegerField(default=0)
    extended = models.BooleanField(default=False)
    excluded_units = models.PositiveIntegerField(default=0)
    due_date = models.DateField(_("届满日"), db_index=True)
    status = models.CharField(
        max_length=10, choices=ClockStatus.choices, default=ClockStatus.RUNNING
    )
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = _("法定时限")
        verbose_name_plural = _("法定时限")

    def __str__(self) -> str:
        return f"{self.title} {self.due_date}"

    @property
    def article(self) -> str:
        """The citation alone (《法规》第N条), without the article's wording."""
        return str(self.legal_basis).split("：", 1)[0]

    @property
    def pause_reasons(self) -> list[tuple[str, str]]:
        return [(r, PauseReason(r).label) for r in self.exclusions if r in PauseReason.values]

    @property
    def extensions_left(self) -> int:
        return max(len(self.extensions_allowed) - self.extensions_granted, 0)

    @property
    def next_extension(self) -> dict | None:
        if not self.extensions_left:
            return None
        return self.extensions_allowed[self.extensions_granted]


class ClockPause(models.Model):
    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("中止原因"), max_length=20, choices=PauseReason.choices)
    note = models.CharField(max_length=500, blank=True)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]


class ClockExtension(models.Model):
    """One granted extension of a clock, with the approval the statute requires."""

    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveIntegerField(_("延长天数"))
    approver = models.CharField(_("批准"), max_length=60)
    basis = models.CharField(_("依据"), max_length=200)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    granted_on = models.DateField(_("批准日期"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["granted_on", "id"]
        verbose_name = _("时限延长")
        verbose_name_plural = _("时限延长")
