"""Reads of a user's own notifications (nobody reads another's)."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from casework.models import Notification


def notifications_for(user, *, after: int | None = None, unread: bool = False) -> QuerySet:
    """The user's notifications: ascending after `after` (catching up), else newest first."""
    rows = Notification.objects.filter(user_id=user.pk).select_related("case")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if after is not None:
        return rows.filter(id__gt=after).order_by("id")
    return rows.order_by("-id")


def notification_state(user) -> dict:
    """`unread` (count) and `last_id` (the newest id, 0 when none) in one query: what the
    page renders into the bell, and the `?after=` its socket starts from."""
    row = Notification.objects.filter(user_id=user.pk).aggregate(
        unread=Count("id", filter=Q(read_at__isnull=True)), last_id=Max("id")
    )
    return {"unread": row["unread"] or 0, "last_id": row["last_id"] or 0}
