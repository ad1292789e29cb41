"""Helpers of the wage-arrears tests: the latest clock of a code, notifications written."""

from __future__ import annotations

from django.utils import timezone

from casework.models import LegalClock, Notification


def latest_clock(case, code: str) -> LegalClock:
    return LegalClock.objects.filter(case=case, code=code).order_by("-id").first()


def new_notifications(after_id: int) -> set[tuple[str, str]]:
    return {
        (n.user.username, n.type)
        for n in Notification.objects.filter(id__gt=after_id).select_related("user")
    }


def last_notification_id() -> int:
    last = Notification.objects.order_by("-id").first()
    return last.id if last else 0


def local_today():
    return timezone.localdate()
