"""The demo task force: HR, police and market supervision of 薛城区 on one open wage case.

It is built through the real actions (the HR supervisor adds the members, each posts in the
room), so the demo users can open the case page side by side and see each other live. A
second run finds the task force and adds nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from casework.models import Case

from .actions import room_post, taskforce_add
from .models import TaskForceMember

MEMBERS = ("police.officer.xuecheng", "market.officer.xuecheng")
MESSAGES = (
    ("hrss.officer.xuecheng", "专班已建立：用人单位负责人电话关机，请公安协助查找其下落。"),
    ("police.officer.xuecheng", "已联系辖区派出所，明天上午九点一同到工地走访。"),
    ("market.officer.xuecheng", "该公司营业执照地址与实际经营地不符，已调取登记档案。"),
)


def seed_taskforce(ctx) -> int:
    """Members added (0 when a demo task force exists or no case qualifies)."""
    if TaskForceMember.objects.exists():
        return 0
    case = (
        Case.objects.filter(
            kind="wage_arrears",
            jurisdiction__code="xuecheng",
            closed_at__isnull=True,
            assignee__isnull=False,
        )
        .order_by("-amount_owed", "pk")
        .first()
    )
    if case is None:
        return 0
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_names())}
    supervisor = users["hrss.supervisor.xuecheng"]
    for username in MEMBERS:
        taskforce_add(actor=supervisor, case_id=case.pk, user_id=users[username].pk)
    for username, text in MESSAGES:
        room_post(actor=users[username], case_id=case.pk, text=text)
    ctx.log(f"task force on {case.number}: {', '.join(MEMBERS)}")
    return len(MEMBERS)


def _names() -> set[str]:
    return {"hrss.supervisor.xuecheng", *MEMBERS, *(name for name, _text in MESSAGES)}
