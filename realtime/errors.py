"""Errors raised by the notification actions; the API maps them like casework's."""

from __future__ import annotations

from casework.errors import CaseworkError


class NotificationNotFound(CaseworkError):
    """No such notification for this user: someone else's is indistinguishable on purpose."""

    status_code = 404
