"""`/ws/notifications/`: a user's notifications, replayed after `?after=` and then live.

The consumer authenticates, joins `user.<id>` and forwards frames; the rows, their
recipients and the read marks belong to the actions. It never sends an id at or below the
last one it sent, so replay and live together never deliver one twice.

Client messages are JSON objects with an `action`: `{"action": "read", "id": N}` marks a
notification read (answered with `{"type": "read", "id", "unread"}`), `{"action": "ping"}`
is answered with `{"type": "pong"}`. Anything else gets `{"type": "error", "error": ...}`
and the socket stays open.
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from casework.converters import LARGEST_ID, parse_id
from casework.errors import CaseworkError

from . import actions, selectors
from .auth import query_param
from .relay import frame, group_for

CLOSE_UNAUTHENTICATED = 4401
REPLAY_BATCH = 200


@database_sync_to_async
def _replay_batch(user, after: int) -> list[dict[str, Any]]:
    rows = selectors.notifications_for(user, after=after)[:REPLAY_BATCH]
    return [frame(n) for n in rows]


@database_sync_to_async
def _mark_read(user, notification_id: int) -> int:
    actions.notification_mark_read(actor=user, notification_id=notification_id)
    return selectors.notification_state(user)["unread"]


class NotificationConsumer(AsyncWebsocketConsumer):
    group: str | None = None
    last_id: int = 0

    async def connect(self) -> None:
        user = self.scope.get("user")
        # Accept first, then close: a close before the handshake reaches the client as a
        # bare HTTP 403, without the 4401 code the contract names.
        await self.accept()
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        after = self._after()
        # Join before replaying: a row committed meanwhile arrives live afterwards and is
        # dropped as a duplicate if the replay already carried it.
        self.group = group_for(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        if after is None:
            return
        self.last_id = after
        while True:
            batch = await _replay_batch(user, self.last_id)
            for message in batch:
                await self._forward(message)
            if len(batch) < REPLAY_BATCH:
                break

    def _after(self) -> int | None:
        raw = query_param(self.scope, "after")
        if raw in (None, ""):
            return None
        value = parse_id(raw)
        if value is None:
            # Not worth refusing the socket over: no replay, live from now on.
            self._pending_error = _("after 必须是非负整数。")
            return None
        return value

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def notify_message(self, event: dict) -> None:
        await self._forward(event["message"])

    async def _forward(self, message: dict) -> None:
        if message["id"] <= self.last_id:
            return
        self.last_id = message["id"]
        await self.send(text_data=json.dumps(message, ensure_ascii=False))

    async def _error(self, error: str) -> None:
        await self.send(text_data=json.dumps({"type": "error", "error": error}, ensure_ascii=False))

    async def websocket_connect(self, message) -> None:
        await super().websocket_connect(message)
        pending = getattr(self, "_pending_error", None)
        if pending and self.group is not None:
            await self._error(str(pending))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.group is None:
            return
        try:
            data = json.loads(text_data if text_data is not None else bytes_data or b"")
        except (ValueError, UnicodeDecodeError):
            await self._error(_("消息不是有效的 JSON。"))
            return
        action = data.get("action") if isinstance(data, dict) else None
        if action == "ping":
            await self.send(text_data=json.dumps({"type": "pong"}))
        elif action == "read":
            await self._read(data.get("id"))
        else:
            await self._error(_("未知的操作。"))

    async def _read(self, notification_id: Any) -> None:
        if (
            isinstance(notification_id, bool)
            or not isinstance(notification_id, int)
            or not 0 < notification_id <= LARGEST_ID
        ):
            await self._error(_("id 必须是正整数。"))
            return
        try:
            unread = await _mark_read(self.user, notification_id)
        except CaseworkError as exc:
            await self._error(str(exc.message))
            return
        await self.send(
            text_data=json.dumps({"type": "read", "id": notification_id, "unread": unread})
        )
