"""Reminding administrators, from November, that next year's holiday notice is not loaded.

Until it is, deadlines that reach into that year count its statutory holidays only and are
provisional (暂定); the State Council usually publishes the notice in October or November.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from casework.clocks import local_today
from casework.language import writes_records
from casework.models import HolidayNotice, Notification
from casework.notify import notify

NOTIFICATION_TYPE = "calendar.notice_missing"
FROM_MONTH = 11


def calendar_administrators():
    """Active users who may load a notice: superusers and staff granted the permission."""
    may_add = Q(user_permissions__codename="add_holidaynotice") | Q(
        groups__permissions__codename="add_holidaynotice"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | (Q(is_staff=True) & may_add))
        .distinct()
    )


@writes_records
def remind_missing_notice(today: date | None = None) -> int:
    """From 1 November, at most once a day each: tell the calendar's administrators that
    next year's notice is missing. Returns the number of reminders written."""
    today = today or local_today()
    if today.month < FROM_MONTH:
        return 0
    year = today.year + 1
    if HolidayNotice.objects.filter(year=year).exists():
        return 0
    reminded_today = Notification.objects.filter(
        type=NOTIFICATION_TYPE, created_at__date=today
    ).values_list("user_id", flat=True)
    recipients = calendar_administrators().exclude(pk__in=reminded_today)
    text = _(
        "%(year)s年节假日安排通知尚未载入：涉及该年度的期限按法定节假日暂算（暂定）。"
        "请在国务院办公厅发布通知后于管理后台载入。"
    ) % {"year": year}
    with transaction.atomic():
        return notify(recipients, type=NOTIFICATION_TYPE, text=text)
