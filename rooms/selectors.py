"""Reads of rooms and task forces, and the one shape a room message has everywhere.

The API, the socket frames and the case page all present a message with `message_data`,
so a client can merge what it fetched with what it was pushed.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from casework.models import Case

from .models import RoomMessage, RoomPresence, TaskForceMember

# A presence row not refreshed for this long belongs to a socket whose process died.
PRESENCE_TTL = timedelta(seconds=90)
PRESENCE_HEARTBEAT_SECONDS = 30
RECENT_MESSAGES = 50
MAX_MESSAGES = 500


def display_name(user) -> str:
    return user.get_full_name() or user.username


def person_data(user) -> dict:
    return {"id": user.pk, "username": user.username, "name": display_name(user)}


def message_data(message: RoomMessage) -> dict:
    att = message.attachment
    return {
        "id": message.pk,
        "case": message.case_id,
        "author": person_data(message.author),
        "text": message.text,
        "attachment": (
            {
                "id": att.pk,
                "name": att.original_name,
                "size": att.size,
                "content_type": att.content_type,
                "sha256": att.sha256,
                "url": reverse("casework:attachment_download", args=[message.case_id, att.pk]),
                "download_url": reverse("api-attachment-download", args=[message.case_id, att.pk]),
            }
            if att is not None
            else None
        ),
        "created_at": message.created_at.isoformat(),
    }


def messages_for(case: Case, *, after: int | None = None, limit: int = RECENT_MESSAGES) -> list:
    """The room's messages, oldest first: the last `limit`, or the first `limit` after `after`.

    The caller has already checked that the reader may see the case.
    """
    limit = max(1, min(limit, MAX_MESSAGES))
    qs = RoomMessage.objects.filter(case_id=case.pk).select_related("author", "attachment")
    if after is not None:
        return list(qs.filter(pk__gt=after).order_by("id")[:limit])
    return list(reversed(qs.order_by("-id")[:limit]))


def active_members(case: Case) -> QuerySet[TaskForceMember]:
    return (
        TaskForceMember.objects.filter(case_id=case.pk, removed_at__isnull=True)
        .select_related("user", "unit", "added_by")
        .order_by("added_at", "id")
    )


def member_data(member: TaskForceMember) -> dict:
    return {
        "user": person_data(member.user),
        "unit": {"id": member.unit_id, "name": member.unit.name},
        "added_by": member.added_by.username,
        "added_at": member.added_at.isoformat(),
    }


def is_member(case: Case, user_id: int) -> bool:
    return TaskForceMember.objects.filter(
        case_id=case.pk, user_id=user_id, removed_at__isnull=True
    ).exists()


def present_users(case_id: int) -> list[dict]:
    """The distinct people with a live socket in the room, by name (any ASGI process)."""
    since = timezone.now() - PRESENCE_TTL
    rows = (
        RoomPresence.objects.filter(case_id=case_id, seen_at__gte=since)
        .select_related("user")
        .order_by("user__username")
    )
    seen: dict[int, dict] = {}
    for row in rows:
        seen.setdefault(row.user_id, person_data(row.user))
    return list(seen.values())


def present_user_ids(case_id: int) -> set[int]:
    since = timezone.now() - PRESENCE_TTL
    return set(
        RoomPresence.objects.filter(case_id=case_id, seen_at__gte=since).values_list(
            "user_id", flat=True
        )
    )
