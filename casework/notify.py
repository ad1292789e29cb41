"""Writing notification rows in the transaction of the change that causes them.

The rows are the record: they commit or roll back with the change. On commit the relay
(`realtime.relay.kick`) sends them to the recipients' sockets; rows it could not send
stay unsent until the periodic sweep does.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Notification


def notify(users: Iterable, *, case=None, type: str, text: str, exclude=None) -> int:
    """One notification row per distinct recipient; `users` may hold users or user ids.

    Side effects: the rows, and the relay registered to run once the transaction commits.
    """
    seen: set[int] = set()
    rows = []
    excluded = getattr(exclude, "pk", None)
    for user in users:
        uid = user if isinstance(user, int) else getattr(user, "pk", None)
        if uid is None or uid in seen or uid == excluded:
            continue
        seen.add(uid)
        rows.append(Notification(user_id=uid, case=case, type=type, text=str(text)[:300]))
    if not rows:
        return 0
    Notification.objects.bulk_create(rows)
    from realtime.relay import kick_on_commit

    kick_on_commit()
    return len(rows)
