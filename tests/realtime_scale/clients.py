"""Socket clients of the server processes: WebSockets that behave like the page's script
(reconnect with `?after=<last id>` when the socket drops). The REST API is `Server.api`."""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlencode

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.servers import Server


def socket_url(
    server: Server, path: str, token: str | None = None, after: int | None = None
) -> str:
    query = {}
    if token:
        query["token"] = token
    if after is not None:
        query["after"] = str(after)
    return f"{server.ws}{path}" + (f"?{urlencode(query)}" if query else "")


def open_socket(
    server: Server, path: str, token: str | None = None, after: int | None = None
) -> ClientConnection:
    # A browser always sends its Origin; the server checks it against ALLOWED_HOSTS.
    return connect(
        socket_url(server, path, token, after), origin=server.http, open_timeout=10, close_timeout=2
    )


def refusal(server: Server, path: str, token: str | None = None) -> tuple[str, int]:
    """How the server refuses a socket: ("status", HTTP status) when the handshake is
    refused, ("close", code) when it is accepted and closed at once; ("open", 0) when the
    socket stays open (not refused)."""
    try:
        ws = open_socket(server, path, token)
    except InvalidStatus as exc:
        return "status", exc.response.status_code
    with ws:
        try:
            message = ws.recv(timeout=3)
        except TimeoutError:
            return "open", 0
        except ConnectionClosed as exc:
            return "close", exc.rcvd.code if exc.rcvd else 1006
        raise AssertionError(f"a refused socket received {message!r}")


def frames_until(ws: ClientConnection, predicate, timeout: float) -> list[dict]:
    """Frames received until one satisfies `predicate` (included); fails on timeout."""
    got: list[dict] = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no matching frame within {timeout}s; got {got}")
        try:
            frame = json.loads(ws.recv(timeout=remaining))
        except TimeoutError:
            continue
        got.append(frame)
        if predicate(frame):
            return got


def drain(ws: ClientConnection, quiet: float) -> list[dict]:
    """Every frame until the socket has been quiet for `quiet` seconds."""
    got = []
    while True:
        try:
            got.append(json.loads(ws.recv(timeout=quiet)))
        except TimeoutError:
            return got


class Listener:
    """A notifications socket kept open in a thread like the page keeps it: when it drops
    it reconnects (every 0.5 s while the server refuses) with `?after=` the last id it
    received. Records every frame with its arrival time and every (re)connection."""

    def __init__(self, server: Server, token: str, after: int | None = None) -> None:
        self.server = server
        self.token = token
        self.last_id = after
        self.frames: list[tuple[float, dict]] = []
        self.connections = 0
        self.failed_attempts = 0
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Listener:
        self._thread.start()
        assert self._connected.wait(15), "the notifications socket did not open"
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(15)

    @property
    def ids(self) -> list[int]:
        with self._lock:
            return [f["id"] for _t, f in self.frames]

    def arrivals(self) -> dict[int, float]:
        with self._lock:
            return {f["id"]: t for t, f in self.frames}

    def wait_for(self, ids: set[int], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ids <= set(self.ids):
                return True
            time.sleep(0.1)
        return ids <= set(self.ids)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ws = open_socket(self.server, "/ws/notifications/", self.token, self.last_id)
            except (OSError, InvalidStatus, TimeoutError):
                self.failed_attempts += 1
                self._stop.wait(0.5)
                continue
            self.connections += 1
            self._connected.set()
            try:
                with ws:
                    while not self._stop.is_set():
                        try:
                            raw = ws.recv(timeout=0.2)
                        except TimeoutError:
                            continue
                        frame = json.loads(raw)
                        if isinstance(frame.get("id"), int):
                            with self._lock:
                                self.frames.append((time.monotonic(), frame))
                                self.last_id = frame["id"]
            except (ConnectionClosed, OSError):
                self._stop.wait(0.5)
