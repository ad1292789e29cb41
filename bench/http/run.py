"""What a person waits for: case detail, list, search and a transition through daphne.

The run: the arguments, the data prepared before the server starts, the measured requests
in rotating rounds for each client count, and `main`, which ties them together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench import machine_caveat, stop, tail, throwaway_django

from .clients import Client, Kind, Samples, login, run_phase
from .data import SEARCH_TERM, SMALL, build_case, officers, open_case, seed
from .profiling import profile_detail
from .queries import query_counts
from .report import report_queries, report_timings, verdicts
from .server import start_daphne


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=None,
        help="a PostgreSQL server; the benchmark creates and drops its own `gigcase_bench` "
        "database there. Default: a temporary SQLite file.",
    )
    parser.add_argument(
        "--n", type=int, default=240, help="requests of each kind per client count (default 240)"
    )
    parser.add_argument(
        "--rounds", type=int, default=6, help="rounds the requests are spread over (default 6)"
    )
    parser.add_argument(
        "--threads", default="1,8", help="client counts, comma-separated (default 1,8)"
    )
    parser.add_argument(
        "--cases",
        type=int,
        default=20_000,
        help="generated cases (bench_populate) beside the demo data (default 20000)",
    )
    parser.add_argument(
        "--demo-cases",
        type=int,
        default=20,
        help="demo cases of each kind (seed_demo --cases; default 20)",
    )
    parser.add_argument(
        "--warmup", type=int, default=5, help="unmeasured requests of each kind per client"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile case detail requests in this process"
    )
    return parser.parse_args(argv)


def loadavg() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


@dataclass
class Prepared:
    """What the requests need: each client's user and own case, and the fresh cases each
    client count's warm-up and measurement accept."""

    users: list
    own: list[int]
    warm: dict[int, list[int]]
    fresh: dict[int, list[int]]
    per_client: dict[int, int]


def prepare(args: argparse.Namespace, thread_counts: list[int]) -> Prepared:
    seed(args.demo_cases, args.cases)
    users = officers(max(2, *thread_counts))
    per_client = {t: max(1, -(-args.n // (args.rounds * t))) for t in thread_counts}
    return Prepared(
        users=users,
        own=[build_case(u, **SMALL) for u in users],
        warm={t: [open_case() for _ in range(args.warmup * t)] for t in thread_counts},
        fresh={
            t: [open_case() for _ in range(per_client[t] * args.rounds * t)] for t in thread_counts
        },
        per_client=per_client,
    )


def request_kinds(own: list[int], cases: list[int]) -> list[Kind]:
    """The measured requests; client `c` views its own case `own[c]` and its colleague's,
    and accepts the cases of `cases`, taken from the end as the clients go."""
    taking = threading.Lock()
    search = f"/api/v1/cases/?q={quote(SEARCH_TERM)}"

    def accept(_client: int) -> tuple[str, str, dict]:
        with taking:
            case_id = cases.pop()
        return ("POST", f"/api/v1/cases/{case_id}/transitions/accept/", {"comment": "受理"})

    return [
        Kind("noop", "no-op (auth/me)", lambda c: ("GET", "/api/v1/auth/me/", None)),
        Kind("detail", "case detail", lambda c: ("GET", f"/api/v1/cases/{own[c]}/", None)),
        Kind(
            "masked",
            "case detail, masked",
            lambda c: ("GET", f"/api/v1/cases/{own[(c + 1) % len(own)]}/", None),
        ),
        Kind("list", "case list", lambda c: ("GET", "/api/v1/cases/", None)),
        Kind("search", f"search q={SEARCH_TERM}", lambda c: ("GET", search, None)),
        Kind("transition", "transition (accept)", accept),
    ]


def measure(
    port: int, pid: int, tokens: list[str], data: Prepared, threads: int, args
) -> tuple[list[Kind], dict[str, Samples]]:
    """The warm-up, then `args.rounds` rounds of every kind, the order rotated each round."""
    clients = [Client(port, tokens[i]) for i in range(threads)]
    try:
        for kind in request_kinds(data.own, data.warm[threads]):
            run_phase(clients, kind, args.warmup, pid)
        kinds = request_kinds(data.own, data.fresh[threads])
        samples = {k.name: Samples() for k in kinds}
        for r in range(args.rounds):
            shift = r % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                got = run_phase(clients, kind, data.per_client[threads], pid)
                total = samples[kind.name]
                total.seconds += got.seconds
                total.wall += got.wall
                total.server_cpu += got.server_cpu
    finally:
        for c in clients:
            c.close()
    return kinds, samples


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(argv)
    thread_counts = [int(t) for t in args.threads.split(",") if t.strip()]
    directory = Path(tempfile.mkdtemp(prefix="gigcase-bench-http-"))
    server = None
    began = time.perf_counter()
    print(f"# load average at start: {loadavg()}", flush=True)
    try:
        with throwaway_django(args.pg) as backend:
            from django.db import connections

            from casework.models import Case

            print(machine_caveat(backend), flush=True)
            print(
                "# caveat: the clients, this process and the server (one daphne process) share "
                "these cores",
                flush=True,
            )
            data = prepare(args, thread_counts)
            print(
                f"{backend:<10} data: {Case.objects.count()} cases, prepared in "
                f"{time.perf_counter() - began:.0f} s",
                flush=True,
            )
            connections.close_all()
            # The server's settings are `make run`'s: on PostgreSQL, Django's connection pool.
            server, port = start_daphne(directory, os.environ["DATABASE_URL"])
            tokens = [login(port, u.username) for u in data.users]
            rows, sizes = query_counts(data.users[0], data.users[1], tokens[0])
            connections.close_all()

            results = {}
            try:
                for threads in thread_counts:
                    kinds, results[threads] = measure(port, server.pid, tokens, data, threads, args)
                    report_timings(backend, threads, kinds, results[threads], rows)
            except Exception:
                print(f"daphne's log ends:\n{tail(directory / 'daphne.log')}", file=sys.stderr)
                raise
            stop(server)
            server = None
            report_queries(backend, rows, sizes)
            verdicts(backend, results, rows)
            if args.profile:
                profile_detail(tokens[0], data.own[0])
            connections.close_all()
    finally:
        stop(server)
        shutil.rmtree(directory, ignore_errors=True)
    print(
        f"# load average at end: {loadavg()}; {time.perf_counter() - began:.0f} s in all",
        flush=True,
    )
