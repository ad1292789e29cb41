"""Where the time of a case detail goes: cProfile of requests in this process."""

from __future__ import annotations

import sys
import time


def profile_detail(token: str, case_id: int, n: int = 50) -> None:
    """cProfile of `n` case detail requests in this process: the top functions."""
    import cProfile
    import pstats

    from django.test import Client as DjangoClient

    client = DjangoClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="localhost")
    path = f"/api/v1/cases/{case_id}/"
    client.get(path)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for _ in range(n):
        client.get(path)
    profiler.disable()
    elapsed = time.perf_counter() - began
    print(f"# profile: {n} case detail requests in this process, {elapsed / n * 1000:.1f} ms each")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(20)
