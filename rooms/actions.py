"""The write paths of rooms and task forces: pages, API and sockets all call these.

Task-force membership is an object permission: adding a member grants `casework.view_case`
(see the case) and `casework.act_case` (work on it: evidence, room messages) on that one case
through guardian; removing the member revokes both. Everything else about who may see or act
stays computed by `casework.policies`.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.actions import case_attach
from casework.actions.locking import lock_case
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.language import records_language
from casework.models import Attachment, Case, CaseUserObjectPermission, TimelineEntry
from casework.notify import notify
from casework.policies import case_policy, forget_object_permissions
from permissions.models import Membership, Role

from .models import RoomMessage, RoomPresence, TaskForceMember
from .selectors import PRESENCE_TTL, display_name, message_data, present_user_ids

logger = logging.getLogger("gigcase.rooms")

TASKFORCE_PERMS = ("casework.view_case", "casework.act_case")
# Roles that do casework; a viewer (leadership) reads statistics and is never a member.
WORKING_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
MAX_TEXT = 2000


def room_group(case_id: int) -> str:
    return f"case.{case_id}.room"


def broadcast(case_id: int, event: dict) -> None:
    """Push an event to the room's sockets. The database already holds what it says, so a
    broker that is down only delays clients until they reconnect; it never fails a write."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(room_group(case_id), event)
    except Exception:  # any broker failure must leave the committed write alone
        logger.warning("room broadcast to case %s failed", case_id, exc_info=True)


def _locked_case(actor, case_id) -> Case:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise CaseNotFound() from None
    case = lock_case(pk)
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound()
    return case


def _grant(user, case: Case) -> None:
    # The guardian rows written directly (what `guardian.shortcuts.assign_perm` writes for a
    # direct-FK model), looked up by natural key rather than through the content-type cache.
    perms = Permission.objects.filter(
        content_type__app_label="casework",
        content_type__model="case",
        codename__in=[p.split(".", 1)[1] for p in TASKFORCE_PERMS],
    )
    CaseUserObjectPermission.objects.bulk_create(
        [CaseUserObjectPermission(user=user, permission=p, content_object=case) for p in perms],
        ignore_conflicts=True,
    )


def _revoke(user, case: Case) -> None:
    CaseUserObjectPermission.objects.filter(
        user=user,
        content_object=case,
        permission__codename__in=[p.split(".", 1)[1] for p in TASKFORCE_PERMS],
    ).delete()


def taskforce_add(*, actor, case_id: int, user_id, unit_id=None) -> TaskForceMember:
    """Put a person on the case's task force (联合执法专班); only the lead unit's supervisor.

    `unit_id` picks the member's seat when they hold several; by default their first working
    seat. Side effects: the guardian object permissions of TASKFORCE_PERMS on this case, one
    audit event (a permission grant), a timeline entry and a notification to the new member.
    """
    with transaction.atomic(durable=True):
        case = _locked_case(actor, case_id)
        if not case_policy.can(actor, "manage_taskforce", case):
            raise NotPermitted(_("只有主办单位的负责人可以调整专班成员。"))
        if case.is_final:
            raise Conflict(_("案件已办结，不能再调整专班成员。"))
        User = get_user_model()
        try:
            user = User.objects.filter(pk=int(user_id), is_active=True).first()
        except (TypeError, ValueError):
            user = None
        if user is None:
            raise InvalidInput(_("用户不存在。"), field="user")
        seats = Membership.objects.filter(user=user, active=True, role__in=WORKING_ROLES)
        if unit_id not in (None, ""):
            try:
                seat = seats.filter(unit_id=int(unit_id)).select_related("unit").first()
            except (TypeError, ValueError):
                seat = None
            if seat is None:
                raise InvalidInput(_("该用户不在所选单位任职。"), field="unit")
        else:
            seat = seats.select_related("unit").order_by("unit_id", "id").first()
            if seat is None:
                raise InvalidInput(_("该用户没有执法岗位，不能加入专班。"), field="user")
        if TaskForceMember.objects.filter(case=case, user=user, removed_at__isnull=True).exists():
            raise InvalidInput(_("该用户已在专班中。"), field="user")
        now = timezone.now()
        member = TaskForceMember.objects.create(
            case=case, user=user, unit=seat.unit, added_by=actor, added_at=now
        )
        _grant(user, case)
        forget_object_permissions(user)
        with records_language():
            audit.record(
                actor=actor,
                verb="rooms.taskforce.added",
                case=case,
                obj=member,
                payload={
                    "user": user.username,
                    "unit": seat.unit.name,
                    "permissions": list(TASKFORCE_PERMS),
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="taskforce_added",
                text=_("%(name)s（%(unit)s）加入专班")
                % {"name": display_name(user), "unit": seat.unit.name},
            )
            notify(
                [user],
                case=case,
                type="taskforce.added",
                text=_("您已加入案件 %(number)s 的联合执法专班。") % {"number": case.number},
                exclude=actor,
            )
    return member


def taskforce_remove(*, actor, case_id: int, user_id) -> TaskForceMember:
    """Take a person off the task force; only the lead unit's supervisor.

    Side effects: revokes TASKFORCE_PERMS on this case (the person sees it again only through
    their unit, if at all), one audit event, a timeline entry, and after commit the person's
    open room sockets are closed.
    """
    with transaction.atomic(durable=True):
        case = _locked_case(actor, case_id)
        if not case_policy.can(actor, "manage_taskforce", case):
            raise NotPermitted(_("只有主办单位的负责人可以调整专班成员。"))
        try:
            uid = int(user_id)
        except (TypeError, ValueError):
            uid = None
        member = (
            TaskForceMember.objects.select_related("user", "unit")
            .filter(case=case, user_id=uid, removed_at__isnull=True)
            .first()
        )
        if member is None:
            raise CaseNotFound(_("专班中没有该成员。"))
        now = timezone.now()
        member.removed_at = now
        member.removed_by = actor
        member.save(update_fields=["removed_at", "removed_by"])
        _revoke(member.user, case)
        forget_object_permissions(member.user)
        with records_language():
            audit.record(
                actor=actor,
                verb="rooms.taskforce.removed",
                case=case,
                obj=member,
                payload={"user": member.user.username, "permissions": list(TASKFORCE_PERMS)},
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="taskforce_removed",
                text=_("%(name)s（%(unit)s）退出专班")
                % {"name": display_name(member.user), "unit": member.unit.name},
            )
            case_pk, removed_user = case.pk, member.user_id
            transaction.on_commit(
                lambda: broadcast(case_pk, {"type": "room.revoke", "user_id": removed_user})
            )
    return member


def _check_may_post(actor, case: Case) -> None:
    if not case_policy.can(actor, "post_room", case):
        raise NotPermitted(_("您只能查看本案协同室，不能发言。"))
    if case.is_final:
        raise Conflict(_("案件已办结，协同室只能查看。"))


def room_post(
    *,
    actor,
    case_id: int,
    text: str = "",
    attachment_id=None,
    upload=None,
) -> RoomMessage:
    """Post a message in the case room: text, an attachment, or both.

    Who may post: the officers, supervisors and clerks of the lead unit and of the units
    taking part, and task-force members (the policy's `post_room`); anyone else who sees the
    case (viewers, higher units) reads only. The attachment is either one already on the case
    (`attachment_id`) or a new upload stored through `casework.actions.case_attach` (its own
    audited transaction, checked by content and hashed) before the message is written.
    Side effects: notifications (type `room.message`) to the task force and the assignee who
    are not in the room right now, and after commit the message goes to the room's sockets.
    """
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("消息不得超过%(n)s字。") % {"n": MAX_TEXT}, field="text")
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise CaseNotFound() from None
    case = Case.objects.filter(pk=pk).first()
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound()
    _check_may_post(actor, case)
    if not text and attachment_id in (None, "") and upload is None:
        raise InvalidInput(_("请输入消息内容或选择附件。"), field="text")
    if attachment_id not in (None, "") and upload is not None:
        raise InvalidInput(_("一条消息只能带一个附件。"), field="attachment")
    attachment = None
    if attachment_id not in (None, ""):
        try:
            attachment = Attachment.objects.filter(pk=int(attachment_id), case_id=case.pk).first()
        except (TypeError, ValueError):
            attachment = None
        if attachment is None:
            raise InvalidInput(_("附件不存在或不属于本案。"), field="attachment")
    elif upload is not None:
        with records_language():
            description = _("协同室发送")
        attachment = case_attach(
            actor=actor, case_id=case.pk, upload=upload, description=description
        )
    with transaction.atomic(durable=True):
        # Checked again under the lock: a member removed meanwhile must not slip a post in.
        forget_object_permissions(actor)
        case = _locked_case(actor, case.pk)
        _check_may_post(actor, case)
        message = RoomMessage.objects.create(
            case=case, author=actor, text=text, attachment=attachment
        )
        with records_language():
            summary = (
                text[:60] if text else _("[附件] %(name)s") % {"name": attachment.original_name}
            )
            online = present_user_ids(case.pk)
            recipients = [
                uid
                for uid in TaskForceMember.objects.filter(
                    case=case, removed_at__isnull=True
                ).values_list("user_id", flat=True)
            ]
            if case.assignee_id:
                recipients.append(case.assignee_id)
            notify(
                [uid for uid in recipients if uid not in online],
                case=case,
                type="room.message",
                text=_("%(who)s 在案件 %(number)s 协同室发言：%(text)s")
                % {"who": display_name(actor), "number": case.number, "text": summary},
                exclude=actor,
            )
            frame = message_data(message)
            transaction.on_commit(
                lambda: broadcast(case.pk, {"type": "room.message", "message": frame})
            )
    return message


# Presence: one row per open socket. Not audited: it records no decision, only who is here.


def presence_enter(*, user, case_id: int, channel_name: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        RoomPresence.objects.filter(case_id=case_id, seen_at__lt=now - PRESENCE_TTL).delete()
        RoomPresence.objects.update_or_create(
            channel_name=channel_name,
            defaults={"case_id": case_id, "user": user, "seen_at": now},
        )


def presence_touch(*, channel_name: str) -> None:
    RoomPresence.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


def presence_leave(*, channel_name: str) -> bool:
    """Forget a socket; True when it was the user's last socket in that room."""
    row = RoomPresence.objects.filter(channel_name=channel_name).first()
    if row is None:
        return False
    row.delete()
    return not RoomPresence.objects.filter(case_id=row.case_id, user_id=row.user_id).exists()
