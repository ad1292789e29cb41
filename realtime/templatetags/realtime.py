"""Template helpers for the notification bell."""

from __future__ import annotations

from django import template

from realtime.selectors import notification_state as _state

register = template.Library()


@register.simple_tag
def notification_state(user) -> dict:
    """`{"unread", "last_id"}` for the bell: its count and where its socket resumes."""
    if not getattr(user, "is_authenticated", False):
        return {"unread": 0, "last_id": 0}
    return _state(user)
