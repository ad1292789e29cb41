"""`/ws/cases/<id>/room/`: the case room's live messages and who is in it.

The consumer authenticates, checks the policy and relays; posting goes through
`rooms.actions.room_post` like the API and the page. Close codes: 4401 anonymous, 4404 a
case the user may not see (or no longer sees, after leaving the task force).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from casework.converters import parse_id
from casework.errors import CaseNotFound, CaseworkError
from casework.models import Case
from casework.policies import case_policy

from . import actions
from .models import RoomMessage
from .selectors import (
    PRESENCE_HEARTBEAT_SECONDS,
    message_data,
    messages_for,
    person_data,
    present_users,
)

logger = logging.getLogger("gigcase.rooms")

CLOSE_ANONYMOUS = 4401
CLOSE_NOT_FOUND = 4404
MAX_FRAME = 16 * 1024


def _visible_case(user, case_id: int) -> Case | None:
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not case_policy.can(user, "view", case):
        return None
    return case


def _history(case: Case, after: int | None) -> list[dict]:
    return [message_data(m) for m in messages_for(case, after=after)]


def _enter(user, case_id: int, channel_name: str) -> list[dict]:
    actions.presence_enter(user=user, case_id=case_id, channel_name=channel_name)
    return present_users(case_id)


def _leave(channel_name: str, case_id: int) -> tuple[bool, list[dict]]:
    last = actions.presence_leave(channel_name=channel_name)
    return last, present_users(case_id)


def _touch(channel_name: str, case_id: int) -> list[dict]:
    actions.presence_touch(channel_name=channel_name)
    return present_users(case_id)


def _still_visible(user_id: int, case_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return user is not None and _visible_case(user, case_id) is not None


def _post(user, case_id: int, text: str) -> RoomMessage:
    # A fresh user object each time: the policy caches object permissions per user object,
    # and a socket lives longer than a task-force membership may.
    fresh = get_user_model().objects.get(pk=user.pk)
    return actions.room_post(actor=fresh, case_id=case_id, text=text)


class RoomConsumer(AsyncWebsocketConsumer):
    case_id: int
    group: str = ""
    last_id: int = 0
    heartbeat: asyncio.Task | None = None
    users: list | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        # Accept first, then close: a close before the handshake is answered reaches the
        # client as HTTP 403 and the close code is lost.
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_ANONYMOUS)
            return
        self.user = user
        self.case_id = int(self.scope["url_route"]["kwargs"]["case_id"])
        case = await database_sync_to_async(_visible_case)(user, self.case_id)
        if case is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        after = self._after()
        self.group = actions.room_group(self.case_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        for frame in await database_sync_to_async(_history)(case, after):
            await self._send_message(frame)
        users = await database_sync_to_async(_enter)(user, self.case_id, self.channel_name)
        await self.channel_layer.group_send(
            self.group,
            {"type": "room.presence", "users": users, "joined": person_data(user), "left": None},
        )
        self.heartbeat = asyncio.create_task(self._beat())

    def _after(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        after = parse_id((query.get("after") or [""])[0])
        if after is not None:
            self.last_id = after
        return after

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(PRESENCE_HEARTBEAT_SECONDS)
            try:
                users = await database_sync_to_async(_touch)(self.channel_name, self.case_id)
            except Exception:  # a database hiccup must not end the heartbeat for good
                logger.warning("room presence heartbeat failed", exc_info=True)
                continue
            # Joins and leaves racing across processes can deliver an outdated list last;
            # the heartbeat sets it right.
            if users != self.users:
                await self.room_presence({"users": users})

    async def disconnect(self, code) -> None:
        if not self.group:
            return
        if self.heartbeat is not None:
            self.heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.heartbeat
        await self.channel_layer.group_discard(self.group, self.channel_name)
        last, users = await database_sync_to_async(_leave)(self.channel_name, self.case_id)
        if last:
            await self.channel_layer.group_send(
                self.group,
                {
                    "type": "room.presence",
                    "users": users,
                    "joined": None,
                    "left": person_data(self.user),
                },
            )
        self.group = ""

    async def receive(self, text_data=None, bytes_data=None) -> None:
        if not self.group:
            return
        frame = None
        if text_data is not None and len(text_data) <= MAX_FRAME:
            try:
                frame = json.loads(text_data)
            except ValueError:
                frame = None
        if not isinstance(frame, dict):
            await self._error(_("消息格式不正确，应为JSON对象。"))
            return
        action = frame.get("action")
        if action == "ping":
            await database_sync_to_async(actions.presence_touch)(channel_name=self.channel_name)
            await self._send({"type": "pong"})
            return
        if action != "post":
            await self._error(_("不支持的操作。"), {"action": [_("应为 post 或 ping。")]})
            return
        text = frame.get("text", "")
        if not isinstance(text, str):
            await self._error(_("消息内容应为文字。"), {"text": [_("消息内容应为文字。")]})
            return
        try:
            await database_sync_to_async(_post)(self.user, self.case_id, text)
        except CaseNotFound:
            await self.close(code=CLOSE_NOT_FOUND)
        except CaseworkError as exc:
            await self._error(exc.message, exc.errors)

    # Group events -------------------------------------------------------------------------

    async def room_message(self, event: dict) -> None:
        await self._send_message(event["message"])

    async def room_presence(self, event: dict) -> None:
        self.users = event["users"]
        await self._send(
            {
                "type": "room.presence",
                "users": event["users"],
                "joined": event.get("joined"),
                "left": event.get("left"),
            }
        )

    async def room_revoke(self, event: dict) -> None:
        if event.get("user_id") != self.user.pk:
            return
        # Someone whose own unit sees the case keeps it after leaving the task force.
        if await database_sync_to_async(_still_visible)(self.user.pk, self.case_id):
            return
        await self._error(_("您已不在本案专班中。"))
        await self.close(code=CLOSE_NOT_FOUND)

    # Sending ------------------------------------------------------------------------------

    async def _send_message(self, message: dict) -> None:
        # History and live pushes overlap around connect: never send an id twice.
        if message["id"] <= self.last_id:
            return
        self.last_id = message["id"]
        await self._send({"type": "room.message", "message": message})

    async def _error(self, text: str, errors: dict | None = None) -> None:
        await self._send({"type": "error", "error": str(text), "errors": errors or {}})

    async def _send(self, frame: dict) -> None:
        await self.send(text_data=json.dumps(frame, ensure_ascii=False, default=str))
