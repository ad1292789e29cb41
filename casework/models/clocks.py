"""Legal clocks (法定时限) and the holiday calendar they count against."""

from __future__ import annotations

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
    APPRAISAL = "appraisal", _("鉴定")
    TESTING = "testing", _("检测")
    HEARING = "hearing", _("听证")
    PUBLIC_NOTICE = "public_notice", _("公告")
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
    extension_days = models.PositiveIntegerField(default=0)
    extension_approver_role = models.CharField(max_length=20, blank=True)
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


class ClockPause(models.Model):
    clock = models.ForeignKey(LegalClock, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(_("中止原因"), max_length=20, choices=PauseReason.choices)
    note = models.CharField(max_length=500, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
