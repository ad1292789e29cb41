"""Writing notification rows in the transaction of the change that causes them."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Notification


def notify(users: Iterable, *, case=None, type: str, text: str, exclude=None) -> int:
    seen: set[int] = set()
    rows = []
    for user in users:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, case=case, type=type, text=str(text)[:300]))
    Notification.objects.bulk_create(rows)
    return len(rows)
