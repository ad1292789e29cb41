"""ASGI glue for the real-time layer."""

from __future__ import annotations

import asyncio

from . import relay


class BindServerLoop:
    """Tells the relay which event loop serves the sockets, on the first ASGI call."""

    def __init__(self, app) -> None:
        self.app = app
        self.bound = False

    async def __call__(self, scope, receive, send):
        if not self.bound:
            relay.bind_server_loop(asyncio.get_running_loop())
            self.bound = True
        return await self.app(scope, receive, send)
