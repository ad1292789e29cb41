"""The figures: commit-to-client against a raw group_send, at each percentile, and the
targets they are held to."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from .measure import CLIENTS, FANOUT_BATCH, IDLE_SECONDS

# The periodic sweep's interval (REALTIME_SWEEP_SECONDS): the target allows a row to wait
# for one sweep when the kick on commit could not send it.
RELAY_INTERVAL = 5.0
P99_TARGET = 1.0


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def report(backend: str, result: dict, *, n: int, fd_limit: int) -> None:
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
            f"{raw_ms:8.1f} ms   ratio {notify_ms / raw_ms:6.2f}x   (n={n} each)"
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
