"""The notification relay: unsent rows to the `user.<id>` channel-layer groups.

The database is the record and the socket a hint. `casework.notify.notify` writes rows in
the caller's transaction and registers `kick` on commit; `relay_pending` claims rows whose
`sent_at` is empty, sends the contract frame to each recipient's group and marks them sent.
When the channel layer fails (Redis down) the rows stay unsent and the periodic `sweep`
sends them later; a client that was offline asks for `?after=<last id>` on reconnect.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from casework.models import Notification

logger = logging.getLogger("gigcase.realtime")

# How long one channel-layer send may take before the batch is abandoned (and retried).
SEND_TIMEOUT_SECONDS = 5.0
# Rows per claim, and how many claims a sweep makes at most (one run never holds the
# thread for long).
BATCH = 500
SWEEP_MAX_BATCHES = 20

_server_loop: asyncio.AbstractEventLoop | None = None


def group_for(user_id: int) -> str:
    return f"user.{user_id}"


def frame(notification: Notification) -> dict[str, Any]:
    """The contract's message: `id`, `type`, `case` ({id, number} or null), `text`,
    `created_at` (ISO 8601). The socket replay and the REST list use the same shape."""
    case = None
    if notification.case_id is not None:
        case = {"id": notification.case_id, "number": notification.case.number}
    return {
        "id": notification.pk,
        "type": notification.type,
        "case": case,
        "text": notification.text,
        "created_at": notification.created_at.isoformat(),
    }


def bind_server_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Remember the ASGI server's event loop.

    The in-memory channel layer keeps its queues on that loop: a send made from another
    thread (the in-process scheduler) must run there, or the waiting consumers are never
    woken. Redis does not care, but it costs nothing.
    """
    global _server_loop
    _server_loop = loop


def _run(coro: Coroutine, timeout: float) -> Any:
    loop = _server_loop
    if loop is not None and loop.is_running() and not _on_loop_thread(loop):
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()
            raise
    return async_to_sync(_with_timeout)(coro, timeout)


async def _with_timeout(coro: Coroutine, timeout: float) -> Any:
    return await asyncio.wait_for(coro, timeout=timeout)


async def _send_all(layer, messages: list[tuple[str, dict]]) -> tuple[int, Exception | None]:
    """Send in order on one event loop (one Redis connection for the batch); stop at the
    first failure. Returns how many were sent and the error, if any."""
    sent = 0
    for group, message in messages:
        try:
            await asyncio.wait_for(layer.group_send(group, message), SEND_TIMEOUT_SECONDS)
        except Exception as exc:  # the layer's own errors vary: Redis, timeouts, OSError
            return sent, exc
        sent += 1
    return sent, None


def _on_loop_thread(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return getattr(loop, "_thread_id", None) == threading.get_ident()


def _loop_running_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def relay_pending(limit: int = BATCH) -> int:
    """Send up to `limit` unsent notifications, oldest first; return how many were sent.

    Side effects: one channel-layer `group_send` per row, then `sent_at` set on the rows
    sent. Rows are claimed with `select_for_update(skip_locked=True)` where the database
    has row locks (PostgreSQL), so concurrent relays in several processes never send the
    same row twice; on SQLite the IMMEDIATE transaction serialises relays instead. When a
    send fails the rows from that one on stay unsent and the error propagates.
    """
    layer = get_channel_layer()
    if layer is None:
        return 0
    # A plain read first: the sweep runs every few seconds and should not take SQLite's
    # write lock (IMMEDIATE transactions) when there is nothing to send.
    if not Notification.objects.filter(sent_at__isnull=True).exists():
        return 0
    with transaction.atomic():
        rows = Notification.objects.filter(sent_at__isnull=True).select_related("case")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        batch = list(rows.order_by("id")[:limit])
        if not batch:  # all claimed by another relay meanwhile
            return 0
        messages = [
            (group_for(n.user_id), {"type": "notify.message", "message": frame(n)}) for n in batch
        ]
        try:
            count, error = _run(
                _send_all(layer, messages), timeout=SEND_TIMEOUT_SECONDS * (len(batch) + 1)
            )
        except TimeoutError as exc:
            # The server loop did not get to the sends at all: nothing is known sent.
            count, error = 0, exc
        if count:
            sent = [n.pk for n in batch[:count]]
            Notification.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    if error is not None:
        raise error
    return count


def sweep() -> int:
    """The periodic job: drain the unsent rows in batches; return how many were sent."""
    total = 0
    for _ in range(SWEEP_MAX_BATCHES):
        sent = relay_pending()
        total += sent
        if sent < BATCH:
            break
    return total


def relays_on_commit() -> bool:
    """Whether a commit in this process should relay its rows.

    `REALTIME_RELAY_ON_COMMIT` (True / False) decides when set. Unset, a process relays
    when its channel layer reaches the sockets: a shared layer (Redis), or the in-memory
    layer inside the ASGI server itself. A command or shell beside `make run` has its own
    in-memory layer with no sockets on it: relaying there would only mark the rows sent,
    so they are left to the server's sweep.
    """
    setting = getattr(settings, "REALTIME_RELAY_ON_COMMIT", None)
    if setting is not None:
        return bool(setting)
    if not isinstance(get_channel_layer(), InMemoryChannelLayer):
        return True
    from . import scheduler

    return _server_loop is not None or scheduler.running()


def kick() -> None:
    """Relay right after a commit, in the committing process.

    With the in-process scheduler running, its thread is woken so the request does not
    wait for the sends; otherwise the rows are relayed here. Errors are logged and
    swallowed: the change has committed and the sweep retries the rows.

    Whether to relay here at all is `relays_on_commit()`.
    """
    from . import scheduler

    if not relays_on_commit():
        return
    if scheduler.wake("relay"):
        return
    if _loop_running_here():
        # A synchronous caller inside a running event loop (Playwright's sync API in a
        # test thread) cannot wait for the sends; the sweep takes the rows.
        return
    try:
        relay_pending()
    except Exception:
        logger.warning("notification relay failed; the sweep will retry", exc_info=True)


def kick_on_commit() -> None:
    """Register `kick` once per transaction, however many notify() calls it makes."""
    # Django has no public way to ask which on-commit callbacks the transaction already
    # holds; `run_on_commit` (an attribute without a leading underscore, but not in the
    # documented API) is read here alone, and only to avoid a second kick.
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            if entry[1] is kick:
                return
    transaction.on_commit(kick)
