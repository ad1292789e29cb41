"""What the room and task-force panels of the case page need, computed for the viewer."""

from __future__ import annotations

from django import template
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from casework.policies import case_policy
from permissions.models import Role

from ..selectors import active_members, messages_for, present_users

register = template.Library()

_WORKING = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
_MAX_CANDIDATES = 300


def _candidates(case, exclude: set[int]):
    """People the supervisor may add, offered as suggestions: working seats in the case's
    jurisdiction and the jurisdictions above it (any department). Others can be typed."""
    path = case.jurisdiction_path
    prefixes = [path[:i] for i in range(1, len(path) + 1) if path[i - 1] == "/"]
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__active=True,
            memberships__role__in=_WORKING,
            memberships__unit__jurisdiction_path__in=prefixes,
        )
        .exclude(pk__in=exclude)
        .distinct()
        .order_by("username")[:_MAX_CANDIDATES]
    )


@register.simple_tag(takes_context=True)
def room_panel(context, case) -> dict:
    user = context["request"].user
    members = list(active_members(case))
    can_manage = not case.is_final and case_policy.can(user, "manage_taskforce", case)
    return {
        "members": members,
        "messages": messages_for(case),
        "online": present_users(case.pk),
        "can_post": not case.is_final and case_policy.can(user, "post_room", case),
        "can_manage": can_manage,
        "i18n": {
            "none": _("无"),
            "connected": _("已连接"),
            "offline": _("连接中断，正在重连…"),
            "refused": _("您已无权查看本案协同室。"),
            "sending": _("正在上传附件…"),
            "empty": _("请输入消息内容或选择附件。"),
            "failed": _("发送失败，请重试。"),
        },
        "candidates": (
            _candidates(case, {m.user_id for m in members} | {user.pk}) if can_manage else []
        ),
    }
