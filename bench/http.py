"""What a person waits for: case detail, list, search and a transition through daphne.

One daphne server (`gigcase.asgi`, as `make run` serves it: DEBUG off, in-process channel
layer and periodic jobs) on a free loopback port, on the benchmark's throw-away database
with the demo data (`seed_demo`, `--demo-cases` of each kind) and `--cases` generated ones
(`bench_populate`).
Each client is an HR officer of Xuecheng with their own API token (`POST
/api/v1/auth/token/`) and one keep-alive connection (`http.client`); the requests:

- no-op: `GET /api/v1/auth/me/`, authentication and nothing else: the baseline;
- case detail: `GET /api/v1/cases/{id}/` of a wage-arrears case the client handles (two
  parties, two evidence files, a payment order and a payment); the parties are shown
  unmasked, so every view writes its `casework.pii.viewed` audit event;
- case detail, masked: the same for a colleague's case (no audit write), for information;
- case list: `GET /api/v1/cases/`, the first page;
- search: `GET /api/v1/cases/?q=建筑` (an employer-name fragment);
- transition: `POST /api/v1/cases/{id}/transitions/accept/` on a freshly opened case, so
  that every request fires a legal transition (as `bench/transitions.py` does); the
  answer is the case detail, now unmasked for its new handler.

With 1 and with 8 clients (`--threads`), all clients send the same request at the same
time, one kind after the other, in `--rounds` rounds (the order rotated each round) so that
every kind and the baseline see the same machine load; each kind's p50 and p95 are taken
over all its requests and divided by the no-op's of the same client count. Beside them:
requests per second, and the server process's CPU time per request (on SQLite that
includes the database's own work, on PostgreSQL not).

Queries per request are counted in this process with Django's test client on the same
database (daphne runs in another process), for a small case and for a large one (40
parties, about 200 timeline entries, 50 evidence files, 150 payments, 6 participating
units): no request's count may grow with the case.

    python -m bench.http                 # temporary SQLite file
    python -m bench.http --pg URL        # a `gigcase_bench` database on that server
    python -m bench.http --profile       # also: where the time of a case detail goes

Information, not a test: the exit status is 0 whether the targets are met or not.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from . import ROOT, QueryCounter, machine_caveat, throwaway_django

DETAIL_TARGET = 2.0  # case detail p50 / no-op p50
TRANSITION_TARGET = 3.0  # transition p50 / no-op p50
PASSWORD = "bench-http-password"
USER_PREFIX = "http.officer."
SEARCH_TERM = "建筑"
DAPHNE = Path(sys.executable).parent / "daphne"
START_TIMEOUT = 120.0

VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"
VALID_PHONE = "13812345678"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

SMALL = {"workers": 2, "attachments": 2, "payments": 1, "notes": 0, "participants": 0}
LARGE = {"workers": 40, "attachments": 50, "payments": 150, "notes": 0, "participants": 6}
# A large case not yet accepted: its timeline is filled with officers' notes instead.
LARGE_SUBMITTED = {**LARGE, "payments": 0, "notes": 150}


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


# ---------------------------------------------------------------------------- data


def seed(demo_cases: int, extra_cases: int) -> None:
    """The demo city (users, markets, employers, `demo_cases` cases of every kind in
    various states) and `extra_cases` generated ones, so that the list and the search read
    a table of a city's size."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", force=True, cases=demo_cases, stdout=io.StringIO())
    if extra_cases:
        call_command(
            "bench_populate", cases=extra_cases, users=200, force=True, stdout=io.StringIO()
        )


def officers(n: int) -> list:
    """`n` HR officers of Xuecheng, each with the benchmark's password."""
    from django.contrib.auth import get_user_model

    from permissions.models import Membership, Role
    from permissions.selectors import unit_for

    unit = unit_for("hrss", "xuecheng")
    users = []
    for i in range(n):
        user = get_user_model().objects.create_user(f"{USER_PREFIX}{i:02d}", password=PASSWORD)
        Membership.objects.create(user=user, unit=unit, role=Role.OFFICER)
        users.append(user)
    return users


def open_case(workers: int = 1) -> int:
    """A public wage-arrears complaint in Xuecheng with a complainant and `workers - 1` more
    workers; its id."""
    from casework.actions import EmployerInput, PartyInput, case_open
    from casework.models import PartyRole
    from permissions.models import Jurisdiction

    parties = [
        PartyInput(name="张三", id_number=VALID_ID, phone=VALID_PHONE, amount_owed=Decimal("5000"))
    ]
    parties += [
        PartyInput(name=f"工友{i:02d}", role=PartyRole.WORKER, amount_owed=Decimal("3000"))
        for i in range(1, workers)
    ]
    case, _code = case_open(
        actor=None,
        kind="wage_arrears",
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        description="工地干活两个月，工资一直未结清。",
        employer=EmployerInput(name="枣庄某建筑劳务有限公司", credit_code=VALID_CREDIT_CODE),
        parties=parties,
        workers_count=workers,
        amount_owed=Decimal("5000") + Decimal("3000") * (workers - 1),
    )
    return case.pk


def build_case(
    officer,
    *,
    workers: int,
    attachments: int,
    payments: int,
    notes: int,
    participants: int,
    accepted: bool = True,
) -> int:
    """A case handled by `officer`, grown through the actions where one exists: evidence
    files, and once accepted a payment order and `payments` payments; the officers' notes
    and the participating units are written as rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from casework.actions import case_attach, case_transition
    from casework.models import Case, CaseParticipant, TimelineEntry
    from permissions.models import Unit

    case_id = open_case(workers)
    # Dispatched to the officer before acceptance, as a clerk would.
    Case.objects.filter(pk=case_id).update(assignee=officer)
    for i in range(attachments):
        upload = SimpleUploadedFile(f"证据{i:02d}.pdf", PDF + f"% {case_id}-{i}\n".encode())
        case_attach(actor=officer, case_id=case_id, upload=upload, description="欠条")
    now = timezone.now()
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            case_id=case_id, at=now, actor=officer, verb="note", text=f"调查笔记 {i}", comment="…"
        )
        for i in range(notes)
    )
    units = Unit.objects.filter(jurisdiction__code="xuecheng").exclude(department__code="hrss")
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case_id=case_id, unit=unit, reason="joint")
        for unit in units.order_by("id")[:participants]
    )
    if accepted:
        today = timezone.localdate()
        case_transition(actor=officer, case_id=case_id, name="accept", data={"comment": "受理"})
        case_transition(
            actor=officer,
            case_id=case_id,
            name="order_payment",
            data={
                "comment": "责令支付",
                "due_date": (today + timedelta(days=15)).isoformat(),
                "amount": "5000",
            },
        )
        for _ in range(payments):
            record_payment(officer, case_id)
    return case_id


def record_payment(officer, case_id: int) -> None:
    from django.utils import timezone

    from casework.actions import case_transition

    case_transition(
        actor=officer,
        case_id=case_id,
        name="record_payment",
        data={"comment": "", "amount": "100", "paid_on": timezone.localdate().isoformat()},
    )


def describe(case_id: int) -> str:
    from casework.models import Case

    case = Case.objects.get(pk=case_id)
    return (
        f"{case.parties.count()} parties, {case.timeline.count()} timeline entries, "
        f"{case.attachments.count()} files, {case.payments.count()} payments, "
        f"{case.participants.count()} participating units"
    )


# ---------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Kind:
    """One kind of request: `target(client)` gives (method, path, body) for a client."""

    name: str
    label: str
    target: Callable[[int], tuple[str, str, dict | None]]


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    wall: float = 0.0
    server_cpu: float = 0.0

    def quantile(self, q: float) -> float:
        return percentile(self.seconds, q)


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Client:
    """One keep-alive HTTP/1.1 connection to the server, as one user."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.port = port
        self.token = token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Accept": "application/json", "Host": f"127.0.0.1:{self.port}"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        if response.will_close:
            self.conn.close()  # reopened by the next request; daphne normally keeps it
        return response.status, payload

    def timed(self, method: str, path: str, body: dict | None = None) -> float:
        began = time.perf_counter()
        status, payload = self.call(method, path, body)
        elapsed = time.perf_counter() - began
        if status != 200:
            raise RuntimeError(f"{method} {path} answered {status}: {payload[:300]!r}")
        return elapsed

    def close(self) -> None:
        self.conn.close()


def login(port: int, username: str) -> str:
    client = Client(port)
    try:
        status, payload = client.call(
            "POST", "/api/v1/auth/token/", {"username": username, "password": PASSWORD}
        )
    finally:
        client.close()
    if status != 200:
        raise RuntimeError(f"token for {username}: {status} {payload[:300]!r}")
    return json.loads(payload)["token"]


def run_phase(clients: Sequence[Client], kind: Kind, per_client: int, pid: int) -> Samples:
    """Every client sends `per_client` requests of `kind`, all starting together."""
    start = threading.Barrier(len(clients) + 1)
    results: list[list[float]] = [[] for _ in clients]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            start.wait()
            for _ in range(per_client):
                results[index].append(clients[index].timed(*kind.target(index)))
        except BaseException as exc:  # reported by the caller
            errors.append(exc)

    pool = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    for t in pool:
        t.start()
    cpu_before = cpu_seconds(pid)
    start.wait()
    began = time.perf_counter()
    for t in pool:
        t.join()
    wall = time.perf_counter() - began
    cpu = cpu_seconds(pid) - cpu_before
    if errors:
        raise errors[0]
    return Samples(seconds=[s for r in results for s in r], wall=wall, server_cpu=cpu)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads, from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_database_url(url: str, backend: str) -> str:
    """The database URL the server gets: the benchmark's, but on PostgreSQL without
    persistent connections.

    Django runs the synchronous part of each ASGI request in a thread of its own
    (`ThreadSensitiveContext`), so a persistent connection (`CONN_MAX_AGE=60` in the
    settings) is never used again: each request opens a new one either way, and the old
    ones stay open until the garbage collector finds them — with 8 clients, hundreds of
    them, past the server's `max_connections`. Closing each at the end of its request
    measures the same work without running the server out of connections.
    """
    if backend != "postgresql":
        return url
    return url + ("&" if "?" in url else "?") + "conn_max_age=0"


def start_daphne(directory: Path, database_url: str) -> tuple[subprocess.Popen, int]:
    """daphne on `database_url` on a free loopback port, settings as `make run` has them."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "gigcase.settings.local",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    log = directory / "daphne.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(DAPHNE), "-b", "127.0.0.1", "-p", str(port), "gigcase.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        probe = Client(port)
        try:
            if probe.call("GET", "/api/v1/auth/me/")[0] == 401:
                return proc, port
        except OSError:
            pass
        finally:
            probe.close()
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise SystemExit(f"daphne did not start:\n{tail(log)}")
        time.sleep(0.2)


def tail(path: Path, lines: int = 30) -> str:
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


# ---------------------------------------------------------------------------- queries


def count_queries(token: str, method: str, path: str, body: dict | None = None) -> QueryCounter:
    """The statements one request runs, through the whole Django stack in this process
    (a first, uncounted request warms the caches a server process would have warm)."""
    from django.db import connection
    from django.test import Client as DjangoClient

    client = DjangoClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="localhost")
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, body or {}, content_type="application/json")
    if response.status_code != 200:
        raise RuntimeError(f"{method} {path}: {response.status_code} {response.content[:300]!r}")
    return counter


@dataclass
class QueryRow:
    label: str
    small: int
    large: int | None = None
    shapes: dict[str, int] = field(default_factory=dict)  # the small case's statements

    @classmethod
    def of(cls, label: str, small: QueryCounter, large: QueryCounter | None = None) -> QueryRow:
        return cls(
            label,
            len(small.statements),
            None if large is None else len(large.statements),
            small.shapes(),
        )

    @property
    def grows(self) -> bool:
        return self.large is not None and self.large > self.small


def query_counts(
    officer, colleague, token: str, *, large: dict = LARGE, large_submitted: dict = LARGE_SUBMITTED
) -> tuple[list[QueryRow], dict[str, str]]:
    """Statements per request (as `officer`, holding `token`) on a small and a large case;
    the large cases' sizes."""
    from django.utils import timezone

    small_id = build_case(officer, **SMALL)
    large_id = build_case(officer, **large)
    small_new = build_case(officer, **SMALL, accepted=False)
    large_new = build_case(officer, **large_submitted, accepted=False)
    mates = [build_case(colleague, **SMALL), build_case(colleague, **large)]
    sizes = {"large": describe(large_id), "large, not accepted": describe(large_new)}

    def get(path: str) -> QueryCounter:
        count_queries(token, "GET", path)  # warm
        return count_queries(token, "GET", path)

    def fire(case_id: int, name: str, body: dict) -> QueryCounter:
        return count_queries(token, "POST", f"/api/v1/cases/{case_id}/transitions/{name}/", body)

    accept = {"comment": "受理"}
    payment = {"comment": "", "amount": "100", "paid_on": timezone.localdate().isoformat()}
    fire(build_case(officer, **SMALL), "record_payment", payment)  # warm
    fire(build_case(officer, **SMALL, accepted=False), "accept", accept)  # warm
    rows = [
        QueryRow.of("no-op", get("/api/v1/auth/me/")),
        QueryRow.of(
            "case detail", get(f"/api/v1/cases/{small_id}/"), get(f"/api/v1/cases/{large_id}/")
        ),
        QueryRow.of(
            "case detail, masked",
            get(f"/api/v1/cases/{mates[0]}/"),
            get(f"/api/v1/cases/{mates[1]}/"),
        ),
        QueryRow.of("case list", get("/api/v1/cases/")),
        QueryRow.of("search", get(f"/api/v1/cases/?q={quote(SEARCH_TERM)}")),
        QueryRow.of(
            "transition (accept)",
            fire(small_new, "accept", accept),
            fire(large_new, "accept", accept),
        ),
        QueryRow.of(
            "transition (record_payment)",
            fire(small_id, "record_payment", payment),
            fire(large_id, "record_payment", payment),
        ),
    ]
    return rows, sizes


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


# ---------------------------------------------------------------------------- main


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
            url = server_database_url(os.environ["DATABASE_URL"], backend)
            if url != os.environ["DATABASE_URL"]:
                print("# caveat: the server closes its connection after each request", flush=True)
            server, port = start_daphne(directory, url)
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


if __name__ == "__main__":
    main()
