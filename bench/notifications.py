"""Notifications from commit to a real WebSocket client, with 1,000 clients connected.

Starts its own Redis server and one daphne server (`gigcase.asgi`) on free loopback ports,
on the benchmark's throw-away database, and connects 1,000 WebSocket clients, each a
different user with a DRF token, to `/ws/notifications/`. Then, alternately, one sample at
a time:

- notify: `casework.notify.notify` for one client's user in a committed transaction in
  this process; the time from the commit to the frame's arrival at that client (the
  relay kicked on commit claims the row, `group_send`s it through Redis to the server,
  whose consumer forwards it);
- raw: a channel-layer `group_send` of a frame of the same shape to the same client's
  group; the time from the call to the arrival.

Both run on the same event loop of this process (the notify commit in a worker thread, as
a request handler's would), against the same server and clients. Last, the server's CPU
use while the 1,000 sockets stay open and idle for 10 s.

    python -m bench.notifications                 # temporary SQLite file
    python -m bench.notifications --pg URL        # a `gigcase_bench` database on that server

`--n` is the number of samples of each kind (default 200); `--repeat` and `--threads` are
not used here.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from . import ROOT, arguments, machine_caveat, throwaway_django

CLIENTS = 1000
CONNECT_CONCURRENCY = 50
FANOUT_BATCH = 500  # realtime.relay.relay_pending's default limit
IDLE_SECONDS = 10.0
SAMPLE_TIMEOUT = 10.0
FANOUT_TIMEOUT = 60.0
# The periodic sweep's interval (REALTIME_SWEEP_SECONDS): the target allows a row to wait
# for one sweep when the kick on commit could not send it.
RELAY_INTERVAL = 5.0
P99_TARGET = 1.0
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DAPHNE = Path(sys.executable).parent / "daphne"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit(needed: int) -> int:
    """Lift the soft limit on open files towards the hard one (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard == resource.RLIM_INFINITY else min(hard, max(soft, needed))
    if target == resource.RLIM_INFINITY:
        target = max(soft, needed)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limit < needed:
        raise SystemExit(f"the open-file limit is {limit}; this benchmark needs {needed}")
    return limit


def start_redis(directory: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            REDIS_SERVER,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxclients",
            "10000",
            "--dir",
            str(directory),
            "--logfile",
            str(directory / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"redis-server did not start:\n{_tail(directory / 'redis.log')}")
        time.sleep(0.05)


def start_daphne(directory: Path, redis_url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gigcase.settings.local",
        "DEBUG": "false",
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    log = directory / "daphne.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(DAPHNE), "-b", "127.0.0.1", "-p", str(port), "gigcase.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                return proc, port
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"daphne did not start:\n{_tail(log)}")
        time.sleep(0.2)


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    # After the command name: utime and stime are fields 14 and 15 of stat(5).
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def production_layers(redis_url: str) -> dict:
    """CHANNEL_LAYERS as the settings build them when REDIS_URL is `redis_url`."""
    import gigcase.settings.base as base

    os.environ["REDIS_URL"] = redis_url
    try:
        return copy.deepcopy(importlib.reload(base).CHANNEL_LAYERS)
    finally:
        os.environ.pop("REDIS_URL", None)


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


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


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


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(__doc__.splitlines()[0], argv)
    fd_limit = raise_fd_limit(2 * CLIENTS + 512)
    directory = Path(tempfile.mkdtemp(prefix="gigcase-bench-ws-"))
    redis = server = None
    try:
        redis, redis_url = start_redis(directory)
        with throwaway_django(args.pg) as backend:
            from django.conf import settings

            # This process relays through the same Redis as the server, configured as
            # in production (the throw-away set-up leaves REDIS_URL out on purpose).
            settings.CHANNEL_LAYERS = production_layers(redis_url)
            print(machine_caveat(backend), flush=True)
            print(
                "# caveat: the 1,000 clients, this process (commits, relay) and the server "
                "share these cores; one daphne process, Redis on loopback",
                flush=True,
            )
            clients_info = create_clients(CLIENTS)
            server, port = start_daphne(directory, redis_url)
            result = asyncio.run(measure(port, server.pid, clients_info, args.n))
            from django.db import connections

            connections.close_all()
            stop(server)
            server = None
    finally:
        stop(server)
        stop(redis)
        shutil.rmtree(directory, ignore_errors=True)

    label = f"{backend:<10}"
    print(
        f"{label} clients connected {result['open']:5d}   (of {CLIENTS}, in "
        f"{result['connect']:.1f}s; open-file limit {fd_limit})"
    )
    print(
        f"{label} fan-out to all     {result['fanout'] * 1000:8.1f} ms  ({CLIENTS} rows in commits of "
        f"{FANOUT_BATCH}, until the last client has its frame)"
    )
    ms = {k: [v * 1000 for v in result[k]] for k in ("notify", "raw")}
    figures = {}
    for q in (0.50, 0.95, 0.99):
        figures[q] = (percentile(ms["notify"], q), percentile(ms["raw"], q))
        name = f"p{int(q * 100)}"
        notify_ms, raw_ms = figures[q]
        print(
            f"{label} {name:<4} commit->client {notify_ms:8.1f} ms   raw group_send "
            f"{raw_ms:8.1f} ms   ratio {notify_ms / raw_ms:6.2f}x   (n={args.n} each)"
        )
    p95_notify, p95_raw = figures[0.95]
    p95_target = 2 * p95_raw + RELAY_INTERVAL * 1000
    print(
        f"{label} p95 target        {p95_notify:8.1f} ms <= 2 x raw + relay interval "
        f"= {p95_target:.1f} ms: {'ok' if p95_notify <= p95_target else 'OVER'}"
    )
    p99_notify = figures[0.99][0]
    print(
        f"{label} p99 target        {p99_notify:8.1f} ms <= {P99_TARGET * 1000:.0f} ms: "
        f"{'ok' if p99_notify <= P99_TARGET * 1000 else 'OVER'}"
    )
    print(
        f"{label} mean              {statistics.fmean(ms['notify']):8.1f} ms commit->client, "
        f"{statistics.fmean(ms['raw']):.1f} ms raw"
    )
    print(
        f"{label} idle CPU          {result['idle_cpu']:8.2f} %    (daphne with "
        f"{result['open']} open sockets, over {IDLE_SECONDS:.0f}s; RSS {result['rss']:.0f} MiB)",
        flush=True,
    )


if __name__ == "__main__":
    main()
