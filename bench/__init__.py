"""Benchmarks: Django on a throw-away database, timed client threads, one line per figure.

Every benchmark compares against a baseline measured in the same run, on the same database,
so the ratio means something on any machine; the absolute figures depend on the disk and
the load. Nothing here touches the development database: SQLite runs on a temporary file,
PostgreSQL on a `gigcase_bench` database created on the given server and dropped after.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "gigcase_bench"


# --- the servers a benchmark starts (daphne, redis-server) ------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 30) -> str:
    """The last lines of a server's log, for the message when it fails."""
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
    """User + system CPU time of a process and its threads, from /proc/<pid>/stat (0 when
    the process is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command name: utime and stime are fields 14 and 15 of stat(5).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def arguments(
    description: str, argv: Sequence[str] | None = None, *, repeat: int = 3
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--pg",
        metavar="URL",
        default=None,
        help="a PostgreSQL server (postgres://user@host:port/db); the benchmark creates and "
        f"drops its own `{BENCH_DB}` database there. Default: a temporary SQLite file.",
    )
    parser.add_argument("--n", type=int, default=200, help="operations per measurement")
    parser.add_argument(
        "--repeat",
        type=int,
        default=repeat,
        help=f"measurements per figure; the median is printed (default {repeat})",
    )
    parser.add_argument(
        "--threads", default="1,8", help="client thread counts, comma-separated (default 1,8)"
    )
    return parser.parse_args(argv)


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def throwaway_django(pg_url: str | None = None) -> Iterator[str]:
    """Set up Django on a fresh, migrated database; yield the backend's name; drop it after."""
    tmp = Path(tempfile.mkdtemp(prefix="gigcase-bench-"))
    if pg_url:
        _pg_admin(pg_url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        _pg_admin(pg_url, f"CREATE DATABASE {BENCH_DB}")
        db_url = urlunsplit(urlsplit(pg_url)._replace(path=f"/{BENCH_DB}"))
    else:
        db_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "gigcase.settings.local"
    # Debug mode keeps every query in memory; the in-process channel layer and jobs keep the
    # figures about the database, whatever the caller's shell has set.
    os.environ["DEBUG"] = "false"
    os.environ.pop("REDIS_URL", None)
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        yield "postgresql" if pg_url else "sqlite"
    finally:
        from django.db import connections

        connections.close_all()
        if pg_url:
            _pg_admin(pg_url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)


def machine_caveat(backend: str) -> str:
    from django.db import connection

    if backend == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db_version = f"PostgreSQL {cursor.fetchone()[0]}"
            cursor.execute("SHOW fsync")
            db_version += f" (fsync={cursor.fetchone()[0]})"
    else:
        db_version = f"SQLite {sqlite3.sqlite_version} (WAL, IMMEDIATE transactions)"
    return (
        f"# caveat: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, {db_version}; absolute figures depend on this "
        "machine's disk and load, ratios against the same-run baseline less so"
    )


def run_threads(threads: int, items: Sequence, work: Callable[[object], object]) -> float:
    """Split `items` over `threads` client threads, each with its own database connection,
    release them together and return the seconds until the last one finished."""
    from django.db import connection

    chunks = [items[i::threads] for i in range(threads)]
    start = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def client(chunk: Sequence) -> None:
        try:
            connection.ensure_connection()
            start.wait()
            for item in chunk:
                work(item)
        except BaseException as exc:  # reported by the caller, with the others
            errors.append(exc)
            start.abort()
        finally:
            connection.close()

    pool = [threading.Thread(target=client, args=(c,)) for c in chunks]
    for t in pool:
        t.start()
    try:
        start.wait()
    except threading.BrokenBarrierError:
        pass  # a client failed while connecting: its error is raised below
    began = time.perf_counter()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return elapsed


class QueryCounter:
    """Counts the SQL statements run on this thread's connection, by statement shape."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def shapes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for sql in self.statements:
            words = sql.split()
            verb = words[0].upper() if words else "?"
            table = next(
                (
                    w.strip('"').split(".")[-1].strip('"')
                    for prev, w in zip(words, words[1:], strict=False)
                    if prev.upper() in {"FROM", "INTO", "UPDATE"}
                ),
                "?",
            )
            key = f"{verb} {table}" if table != "?" else verb
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
