"""Notifications from commit to a real WebSocket client, with 1,000 clients connected.

The run: a throw-away database, Redis and daphne, the measurement, then the report.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import arguments, machine_caveat, stop, throwaway_django

from .measure import CLIENTS, create_clients, measure
from .processes import raise_fd_limit, start_daphne, start_redis
from .report import report


def production_layers(redis_url: str) -> dict:
    """CHANNEL_LAYERS as the settings build them when REDIS_URL is `redis_url`."""
    import gigcase.settings.base as base

    os.environ["REDIS_URL"] = redis_url
    try:
        return copy.deepcopy(importlib.reload(base).CHANNEL_LAYERS)
    finally:
        os.environ.pop("REDIS_URL", None)


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

    report(backend, result, n=args.n, fd_limit=fd_limit)
