"""The results: timings against the no-op of the same client count, statements per
request, and the verdicts against the targets."""

from __future__ import annotations

import sys

from .clients import Kind, Samples
from .queries import QueryRow

DETAIL_TARGET = 2.0  # case detail p50 / no-op p50
TRANSITION_TARGET = 3.0  # transition p50 / no-op p50

QUERY_ROW = {
    "noop": "no-op",
    "detail": "case detail",
    "masked": "case detail, masked",
    "list": "case list",
    "search": "search",
    "transition": "transition (accept)",
}


def report_timings(
    backend: str, threads: int, kinds: list[Kind], samples: dict[str, Samples], rows
) -> None:
    base = samples["noop"]
    b50, b95 = base.quantile(0.5), base.quantile(0.95)
    queries = {r.label: r.small for r in rows}
    label = f"{backend:<10} {threads} client{'s' if threads > 1 else ' '}"
    print(
        f"{label} {'request':<22} {'p50 ms':>8} {'p95 ms':>8} {'p50 x':>7} {'p95 x':>7} "
        f"{'req/s':>7} {'cpu ms':>7} {'queries':>7} {'n':>5}"
    )
    for kind in kinds:
        s = samples[kind.name]
        p50, p95 = s.quantile(0.5), s.quantile(0.95)
        print(
            f"{label} {kind.label:<22} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {p50 / b50:6.2f}x "
            f"{p95 / b95:6.2f}x {len(s.seconds) / s.wall:7.1f} "
            f"{s.server_cpu / len(s.seconds) * 1000:7.1f} {queries[QUERY_ROW[kind.name]]:7d} "
            f"{len(s.seconds):5d}"
        )
    print(
        f"{label} (x: ratio to the no-op's same percentile; cpu ms: the server process's CPU "
        "time per request; queries: counted in-process, small case)",
        flush=True,
    )


def report_queries(backend: str, rows: list[QueryRow], sizes: dict[str, str]) -> None:
    print(f"{backend:<10} queries per request          small   large")
    for row in rows:
        large = "" if row.large is None else f"{row.large:7d}"
        note = "   GROWS" if row.grows else ""
        print(f"{backend:<10}   {row.label:<28} {row.small:5d} {large}{note}")
    for name, size in sizes.items():
        print(f"{backend:<10}   ({name}: {size})")
    for row in rows:
        if row.label in ("case detail", "transition (accept)"):
            shapes = ", ".join(f"{k} {v}" for k, v in row.shapes.items())
            print(f"{backend:<10}   {row.label} by statement: {shapes}")
    sys.stdout.flush()


def verdicts(backend: str, results: dict[int, dict[str, Samples]], rows: list[QueryRow]) -> None:
    for name, label, target in (
        ("detail", "case detail", DETAIL_TARGET),
        ("transition", "transition", TRANSITION_TARGET),
    ):
        for threads, samples in results.items():
            ratio = samples[name].quantile(0.5) / samples["noop"].quantile(0.5)
            verdict = "met" if ratio <= target else "NOT MET"
            print(
                f"{backend:<10} target {label} p50 <= {target:g}x no-op, {threads} "
                f"client{'s' if threads > 1 else ''}: {ratio:.2f}x  {verdict}"
            )
    grown = [r.label for r in rows if r.grows]
    print(
        f"{backend:<10} target no query count grows with the case: "
        + (f"NOT MET ({', '.join(grown)})" if grown else "met"),
        flush=True,
    )
