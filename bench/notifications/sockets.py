"""The WebSocket clients: one socket per user, each recording when each frame id arrives."""

from __future__ import annotations

import asyncio
import json
import time

CONNECT_CONCURRENCY = 50


class Clients:
    """The 1,000 sockets: each records when each frame id arrives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sockets: list = []
        self.arrivals: dict[tuple[int, float], float] = {}
        self.waiters: dict[tuple[int, float], asyncio.Future] = {}
        self.tasks: list[asyncio.Task] = []

    async def connect(self, tokens: list[str]) -> float:
        from websockets.asyncio.client import connect

        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        origin = f"http://127.0.0.1:{self.port}"

        async def one(token: str):
            async with gate:
                return await connect(
                    f"ws://127.0.0.1:{self.port}/ws/notifications/?token={token}",
                    origin=origin,
                    open_timeout=60,
                    max_size=2**16,
                )

        began = time.perf_counter()
        self.sockets = await asyncio.gather(*(one(t) for t in tokens))
        elapsed = time.perf_counter() - began
        self.tasks = [asyncio.create_task(self._read(i, ws)) for i, ws in enumerate(self.sockets)]
        return elapsed

    async def _read(self, index: int, ws) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in ws:
                now = time.perf_counter()
                frame = json.loads(raw)
                key = (index, frame.get("id"))
                self.arrivals[key] = now
                waiter = self.waiters.pop(key, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(now)
        except ConnectionClosed:
            pass

    def expect(self, index: int, frame_id: float) -> asyncio.Future:
        key = (index, frame_id)
        future = asyncio.get_running_loop().create_future()
        if key in self.arrivals:
            future.set_result(self.arrivals[key])
        else:
            self.waiters[key] = future
        return future

    def open_count(self) -> int:
        from websockets.protocol import State

        return sum(1 for ws in self.sockets if ws.state is State.OPEN)

    async def close(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
