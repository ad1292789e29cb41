"""The measurement: a user and token per client, a fan-out to all of them, then paired
samples (a committed notification, a raw group_send) and the idle sockets' cost."""

from __future__ import annotations

import asyncio
import time

from bench import cpu_seconds

from .processes import rss_mib
from .sockets import Clients

CLIENTS = 1000
FANOUT_BATCH = 500  # realtime.relay.relay_pending's default limit
IDLE_SECONDS = 10.0
SAMPLE_TIMEOUT = 10.0
FANOUT_TIMEOUT = 60.0


def create_clients(n: int) -> list[tuple[int, str]]:
    """`n` users with a DRF token each: (user id, token)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [user_model(username=f"bench.client.{i:04d}", password="!") for i in range(n)]
    )
    if users[0].pk is None:  # backends without RETURNING
        users = list(user_model.objects.filter(username__startswith="bench.client.").order_by("pk"))
    tokens = Token.objects.bulk_create([Token(key=Token.generate_key(), user=u) for u in users])
    return [(t.user.pk, t.key) for t in tokens]


def commit_notification(user_id: int, marker: str) -> tuple[int, float]:
    """One notification committed for `user_id`; returns its id and the commit time."""
    from django.db import transaction

    from casework.models import Notification
    from casework.notify import notify

    stamp: list[float] = []
    with transaction.atomic():
        # Registered before notify() registers the relay's kick: on_commit callbacks run in
        # order, so this records the moment of the commit, before the relay starts.
        transaction.on_commit(lambda: stamp.append(time.perf_counter()))
        notify([user_id], type="bench", text=marker)
        pk = (
            Notification.objects.filter(user_id=user_id, text=marker)
            .values_list("pk", flat=True)
            .get()
        )
    return pk, stamp[0]


async def measure(port: int, server_pid: int, clients_info: list[tuple[int, str]], n: int):
    from asgiref.sync import sync_to_async
    from channels.layers import get_channel_layer
    from django.db import transaction

    from casework.models import Notification
    from casework.notify import notify
    from realtime.relay import group_for

    layer = get_channel_layer()
    clients = Clients(port)
    connect_seconds = await clients.connect([token for _uid, token in clients_info])
    user_ids = [uid for uid, _token in clients_info]
    commit = sync_to_async(commit_notification, thread_sensitive=True)

    # Warm-up and a check that every socket is live: one notification to each of the 1,000
    # users, committed in transactions of FANOUT_BATCH rows (what one kick relays; more
    # would wait for the periodic sweep), each relayed on commit.
    def notify_all() -> None:
        for start in range(0, len(user_ids), FANOUT_BATCH):
            with transaction.atomic():
                notify(user_ids[start : start + FANOUT_BATCH], type="bench.hello", text="hello")

    began = time.perf_counter()
    await sync_to_async(notify_all, thread_sensitive=True)()
    hello = await sync_to_async(
        lambda: dict(Notification.objects.filter(type="bench.hello").values_list("user_id", "pk"))
    )()
    futures = [clients.expect(i, hello[uid]) for i, uid in enumerate(user_ids)]
    done, _pending = await asyncio.wait(futures, timeout=FANOUT_TIMEOUT)
    if len(done) < len(futures):
        sent = await sync_to_async(
            lambda: Notification.objects.filter(type="bench.hello", sent_at__isnull=False).count()
        )()
        raise SystemExit(
            f"fan-out: {len(done)} of {len(futures)} clients got their notification within "
            f"{FANOUT_TIMEOUT:.0f}s, although the relay marked {sent} rows sent "
            "(a channel-layer group_send drops messages beyond the receiving channel's "
            "capacity without an error)"
        )
    fanout = max(f.result() for f in futures) - began

    notified: list[float] = []
    raw: list[float] = []
    last_id = {i: hello[uid] for i, uid in enumerate(user_ids)}
    for j in range(n):
        index = (j * 7919) % len(user_ids)  # spread over the clients
        uid = user_ids[index]
        # The raw frame's id sits just above this client's last one: the consumer forwards
        # only increasing ids, and every later notification's integer id is higher still.
        raw_id = last_id[index] + 0.5
        message = {
            "type": "notify.message",
            "message": {
                "id": raw_id,
                "type": "bench.raw",
                "case": None,
                "text": f"raw {j}",
                "created_at": "2026-01-01T00:00:00+08:00",
            },
        }
        arrival = clients.expect(index, raw_id)
        sent = time.perf_counter()
        await layer.group_send(group_for(uid), message)
        raw.append(await asyncio.wait_for(arrival, SAMPLE_TIMEOUT) - sent)

        pk, committed = await commit(uid, f"bench {j}")
        arrived = await asyncio.wait_for(clients.expect(index, pk), SAMPLE_TIMEOUT)
        notified.append(arrived - committed)
        last_id[index] = pk

    # Idle: every socket open, nothing sent, for IDLE_SECONDS.
    await asyncio.sleep(1)
    cpu_before, wall_before = cpu_seconds(server_pid), time.perf_counter()
    await asyncio.sleep(IDLE_SECONDS)
    cpu_after, wall_after = cpu_seconds(server_pid), time.perf_counter()
    idle_cpu = 100 * (cpu_after - cpu_before) / (wall_after - wall_before)
    still_open = clients.open_count()
    rss = rss_mib(server_pid)
    await clients.close()
    return {
        "connect": connect_seconds,
        "fanout": fanout,
        "notify": notified,
        "raw": raw,
        "idle_cpu": idle_cpu,
        "open": still_open,
        "rss": rss,
    }
