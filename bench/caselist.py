"""The case list's first page for a city viewer and a district officer against no filtering.

On PostgreSQL, with `manage.py bench_populate` data (1,000,000 cases and 10,000 users by
default): `GET /api/v1/cases/` through the real view (token authentication, the
permission-scoped selector, pagination with its COUNT, the row serializer, JSON rendering)
for an HR viewer of the city and an HR officer of a district, against the same view whose
queryset is the unfiltered `Case.objects` list with the same ordering, joins and page size.
Persona and baseline requests alternate; the median of the repeats is printed, with the
SQL statements of one request.

    python -m bench.caselist                # a throw-away PostgreSQL cluster (initdb)
    python -m bench.caselist --pg URL       # a `gigcase_bench_caselist` database there,
                                            # kept and reused while it holds the same data

BENCH_DATABASE_URL stands for --pg when set.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from . import ROOT, QueryCounter, machine_caveat

DB_NAME = "gigcase_bench_caselist"
SERVICES = ROOT / ".ci" / "services.sh"
RATIO_TARGET = 2.0


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=os.environ.get("BENCH_DATABASE_URL") or None,
        help="a PostgreSQL server; default BENCH_DATABASE_URL, else a throw-away cluster",
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per figure")
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the persona queries"
    )
    return parser.parse_args(argv)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """A PostgreSQL cluster on a free loopback port (`.ci/services.sh`, with memory for the
    bulk load); the URL of its `postgres` database. Removed afterwards."""
    env = {**os.environ, "PG_OPTIONS": "-c shared_buffers=256MB -c maintenance_work_mem=256MB"}
    started = subprocess.run(
        ["bash", str(SERVICES), "start"], env=env, capture_output=True, text=True
    )
    if started.returncode:
        raise SystemExit(f"could not start PostgreSQL (set BENCH_DATABASE_URL):\n{started.stderr}")
    exports = dict(
        line.removeprefix("export ").split("=", 1)
        for line in started.stdout.splitlines()
        if line.startswith("export ")
    )
    try:
        yield urlunsplit(urlsplit(exports["DATABASE_URL"])._replace(path="/postgres"))
    finally:
        subprocess.run(
            ["bash", str(SERVICES), "stop", exports["GIGCASE_SERVICES_DIR"]], capture_output=True
        )


def _admin(url: str):
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True)


def _populated(url: str, cases: int, users: int) -> bool:
    """Whether the bench database exists and holds exactly the generated data asked for."""
    import psycopg

    with _admin(url) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            return False
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            n_cases = conn.execute("SELECT COUNT(*) FROM casework_case").fetchone()[0]
            n_users = conn.execute(
                "SELECT COUNT(*) FROM auth_user WHERE username LIKE 'bench.%%'"
            ).fetchone()[0]
    except psycopg.Error:
        return False
    return n_cases == cases and n_users == users


@contextmanager
def bench_database(pg_url: str | None, cases: int, users: int) -> Iterator[tuple[str, bool]]:
    """(URL of the bench database, whether it was already populated)."""
    with throwaway_cluster() if pg_url is None else _nothing(pg_url) as server:
        url = urlunsplit(urlsplit(server)._replace(path=f"/{DB_NAME}"))
        reuse = _populated(url, cases, users)
        if not reuse:
            with _admin(server) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {DB_NAME}")
        yield url, reuse


@contextmanager
def _nothing(value: str) -> Iterator[str]:
    yield value


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gigcase.settings.local"
    # Debug mode keeps every query in memory; no Redis, so the figures are the database's.
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    media = tempfile.mkdtemp(prefix="gigcase-bench-media-")
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    os.environ["MEDIA_ROOT"] = media
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def persona(department: str, jurisdiction: str, role: str):
    """A generated user holding exactly one seat: `role` in (department, jurisdiction)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    return (
        get_user_model()
        .objects.annotate(seats=Count("memberships"))
        .filter(
            seats=1,
            username__startswith="bench.",
            memberships__unit__department__code=department,
            memberships__unit__jurisdiction__code=jurisdiction,
            memberships__role=role,
        )
        .order_by("id")
        .first()
    )


def views():
    from casework.api.cases import CaseListView
    from casework.models import Case

    class UnfilteredCaseListView(CaseListView):
        """The same view on every case: no permission scope, same joins and ordering."""

        def get_queryset(self):
            return Case.objects.select_related("lead_unit", "assignee", "jurisdiction")

    return CaseListView.as_view(), UnfilteredCaseListView.as_view()


def first_page(view, token: str) -> tuple[float, dict]:
    from rest_framework.test import APIRequestFactory

    request = APIRequestFactory().get(
        "/api/v1/cases/", HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="localhost"
    )
    began = time.perf_counter()
    response = view(request)
    response.render()
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"GET /api/v1/cases/ answered {response.status_code}")
    return elapsed, response.data


def count_queries(view, token: str) -> QueryCounter:
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        first_page(view, token)
    return counter


class Recorder:
    """Keeps the SQL and parameters of every statement run on this thread's connection."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def explain(user) -> None:
    """EXPLAIN ANALYZE of the statements the scoped count and first page run."""
    from django.db import connection

    from casework.selectors import case_list_for_user

    recorder = Recorder()
    qs = case_list_for_user(user)
    with connection.execute_wrapper(recorder):
        qs.count()
        list(qs[:25])
    for sql, params in recorder.statements:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print(f"--- {user.username}")
            print("\n".join(row[0] for row in cursor.fetchall()))


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(argv)
    with bench_database(args.pg, args.cases, args.users) as (url, reuse):
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection
        from rest_framework.authtoken.models import Token

        from casework.models import Case
        from casework.policies import case_policy

        print(machine_caveat("postgresql"), flush=True)
        if reuse:
            print(f"postgresql data       reused: {args.cases} cases, {args.users} users")
        else:
            began = time.perf_counter()
            call_command("bench_populate", cases=args.cases, users=args.users, force=True)
            print(
                f"postgresql data       generated {args.cases} cases, {args.users} users in "
                f"{time.perf_counter() - began:.1f} s (bench_populate, VACUUM ANALYZE included)",
                flush=True,
            )
        personas = {
            "city viewer": persona("hrss", "city", "viewer"),
            "district officer": persona("hrss", "tengzhou", "officer"),
        }
        tokens = {}
        for label, user in personas.items():
            if user is None:
                raise SystemExit(f"no generated user for the {label}: run bench_populate")
            tokens[label] = Token.objects.get_or_create(user=user)[0].key
        if args.explain:
            for user in personas.values():
                explain(user)
        scoped, unfiltered = views()
        total = connection.cursor()
        total.execute("SELECT COUNT(*) FROM casework_case")
        n_cases = total.fetchone()[0]

        for label, token in tokens.items():
            for _ in range(3):  # warm the caches and the connection
                first_page(scoped, token)
                first_page(unfiltered, token)
            mine, base, ratios = [], [], []
            for _ in range(args.repeat):
                t_scoped, data = first_page(scoped, token)
                t_base, base_data = first_page(unfiltered, token)
                mine.append(t_scoped)
                base.append(t_base)
                ratios.append(t_scoped / t_base)
            ratio = statistics.median(ratios)
            # The list's count adds up disjoint pieces; it must equal COUNT(*) of the scope.
            user = personas[label]
            exact = Case.objects.filter(case_policy.visibility(user, "postgresql").q()).count()
            if exact != data["count"]:
                raise SystemExit(f"{label}: list count {data['count']} != COUNT(*) {exact}")
            q_scoped = len(count_queries(scoped, token).statements)
            q_base = len(count_queries(unfiltered, token).statements)
            verdict = "ok" if ratio <= RATIO_TARGET else "OVER"
            name = f"postgresql {label:<18}"
            print(
                f"{name} first page {statistics.median(mine) * 1000:7.1f} ms   "
                f"unfiltered {statistics.median(base) * 1000:7.1f} ms   "
                f"(median of {args.repeat}; count {data['count']} of {base_data['count']}, "
                "checked against COUNT(*) of the scope)"
            )
            print(f"{name} ratio      {ratio:7.2f}x     (target <= {RATIO_TARGET:g}x: {verdict})")
            print(
                f"{name} queries    {q_scoped:7d}      (unfiltered {q_base}; {n_cases} cases)",
                flush=True,
            )
        total.close()
        connection.close()


if __name__ == "__main__":
    main()
