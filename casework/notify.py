"""Writing notification rows in the transaction of the change that causes them.

The rows are the record: they commit or roll back with the change. Whoever delivers them
registers with `on_notifications_written` (the real-time layer's relay, which sends them to
the recipients' sockets once the transaction commits); rows it could not send stay unsent
until its periodic sweep does. casework itself knows no delivery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .models import Notification

_listeners: list[Callable[[], None]] = []


def on_notifications_written(listener: Callable[[], None]) -> None:
    """Call `listener()` inside each transaction that writes notification rows (from an
    AppConfig.ready); it is expected to act on commit, e.g. with `transaction.on_commit`."""
    if listener not in _listeners:
        _listeners.append(listener)


def notify(users: Iterable, *, case=None, type: str, text: str, exclude=None) -> int:
    """One notification row per distinct recipient; `users` may hold users or user ids.

    Side effects: the rows, and the registered listeners told (see `on_notifications_written`).
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
    for listener in _listeners:
        listener()
    return len(rows)
