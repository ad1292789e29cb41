"""Writes on a user's own notifications: marking them read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.converters import LARGEST_ID
from casework.models import Notification

from .errors import NotificationNotFound


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read; marking it again keeps the first time.

    Side effects: `read_at` set. Someone else's notification, or none, is NotificationNotFound.
    """
    if not 0 < notification_id <= LARGEST_ID:
        raise NotificationNotFound(_("通知不存在。"))
    with transaction.atomic():
        notification = (
            Notification.objects.select_related("case")
            .filter(pk=notification_id, user_id=actor.pk)
            .first()
        )
        if notification is None:
            raise NotificationNotFound(_("通知不存在。"))
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; return how many were unread."""
    with transaction.atomic():
        return Notification.objects.filter(user_id=actor.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
