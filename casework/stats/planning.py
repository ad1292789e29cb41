"""How PostgreSQL plans the statistics' statements: each with its actual parameters, and
without JIT compilation, in a transaction of their own (docs/statistics.md, "Planner
settings"). Nothing changes on SQLite, nor for any other statement."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def report_planning() -> Iterator[None]:
    """Run the enclosed statements in one transaction planned for reporting.

    - `plan_cache_mode = force_custom_plan`: psycopg prepares a statement after its fifth
      run on a connection (`prepare_threshold`, gigcase/settings/base.py), and PostgreSQL
      may then use a generic plan, made without the parameters' values. Here the values
      decide the plan (the period's bounds, the subtree's path pattern): the generic plan
      of the grouped pass expected 34 rows for 320,971, sorted them on disk without
      parallel workers, and took 1.4 s where a plan for the values takes 0.5 s. The
      dashboard repeats the same statements every minute on pooled connections, so it
      gets there within minutes.
    - `jit = off`: the grouped pass carries up to 34 filtered aggregates; compiling them
      took 0.1–0.27 s of statements that run in 0.3–0.7 s, more than it saved.

    `SET LOCAL` lasts until the transaction ends: the pooled connection keeps its own
    settings for everything else.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            cursor.execute("SET LOCAL jit = off")
        yield
