"""A WebSocket to a path that no route serves: accepted, then closed with 4404.

Without it the router raises and the server refuses the handshake with an HTTP 500.
Accept first, then close, as the other consumers do: a close before the handshake reaches
the client as a bare HTTP 403, without the code.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncWebsocketConsumer

CLOSE_NOT_FOUND = 4404


class UnknownRouteConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        await self.close(code=CLOSE_NOT_FOUND)
