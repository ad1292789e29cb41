"""The Origin check applies to session sockets only; a token socket needs no Origin."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.testing import WebsocketCommunicator

from realtime.auth import SessionOriginValidator, query_param


class Accept(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()


@async_to_sync
async def connects(app, path: str, origin: str | None) -> bool:
    headers = [(b"origin", origin.encode())] if origin else []
    communicator = WebsocketCommunicator(app, path, headers=headers)
    connected, _ = await communicator.connect(timeout=3)
    await communicator.disconnect()
    return connected


def test_session_sockets_must_come_from_our_own_pages(settings):
    settings.ALLOWED_HOSTS = ["gigcase.example"]
    app = SessionOriginValidator(Accept.as_asgi())
    assert connects(app, "/ws/notifications/", "https://gigcase.example") is True
    assert connects(app, "/ws/notifications/", "https://evil.example") is False
    assert connects(app, "/ws/notifications/", None) is False
    assert connects(app, "/ws/notifications/?token=", None) is False


def test_token_sockets_need_no_origin(settings):
    settings.ALLOWED_HOSTS = ["gigcase.example"]
    app = SessionOriginValidator(Accept.as_asgi())
    assert connects(app, "/ws/notifications/?token=abc", None) is True


def test_query_param_reads_the_first_value():
    scope = {"query_string": b"after=5&token=t1&token=t2&empty="}
    assert query_param(scope, "token") == "t1"
    assert query_param(scope, "after") == "5"
    assert query_param(scope, "empty") == ""
    assert query_param(scope, "missing") is None
