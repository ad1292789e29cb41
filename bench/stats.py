"""The dashboard's statistics at a city's scale against one plain COUNT(*) ... GROUP BY.

On PostgreSQL, with `manage.py bench_populate` data (1,000,000 cases and 10,000 users by
default): the whole report of `GET /api/v1/stats/` (`casework.stats.report.build_report`:
every figure, breakdown, series and drill-down link, for the current month and for the
year) for an HR viewer of the city and an HR officer of a district, against one plain
`SELECT kind, status, COUNT(*) ... GROUP BY kind, status` over the same scope (the cases
the persona may see in its jurisdiction's subtree), built in the same run. Both run under
the report's planner settings (`casework.stats.planning`: custom plans, no JIT). Persona
and baseline alternate; the medians are printed with the statements of one report.

    python -m bench.stats                # a throw-away PostgreSQL cluster (initdb)
    python -m bench.stats --pg URL       # the case list bench's database there, reused

BENCH_DATABASE_URL stands for --pg when set. The generated data has no clocks, timeline
or payments (see casework.benchdata): those statements run over empty tables here.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence

from . import QueryCounter, machine_caveat
from .caselist import arguments, bench_database, persona, setup_django

RATIO_TARGET = 2.0


def baseline(user, path: str) -> list:
    """One COUNT(*) ... GROUP BY over the persona's scope, nothing else, planned the way the
    report's statements are (`report_planning`: custom plans, no JIT), so that neither side
    gains or loses by a plan the other is spared."""
    from django.db import connection
    from django.db.models import Count

    from casework.models import Case
    from casework.policies import case_policy
    from casework.stats.planning import report_planning

    scope = case_policy.visibility(user, connection.vendor).q()
    with report_planning():
        return list(
            Case.objects.filter(scope, jurisdiction_path__startswith=path)
            .order_by()
            .values("kind", "status")
            .annotate(n=Count("pk"))
        )


class Timer:
    """The SQL and duration of every statement run on this thread's connection."""

    def __init__(self) -> None:
        self.runs: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.runs.append((time.perf_counter() - began, sql))


def timed(fn) -> tuple[float, object]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(argv)
    with bench_database(args.pg, args.cases, args.users) as (url, reuse):
        setup_django(url)
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from casework.stats.report import build_report
        from permissions.selectors import org_of

        print(machine_caveat("postgresql"), flush=True)
        if reuse:
            print(f"postgresql data       reused: {args.cases} cases, {args.users} users")
        else:
            began = time.perf_counter()
            call_command("bench_populate", cases=args.cases, users=args.users, force=True)
            print(
                f"postgresql data       generated {args.cases} cases, {args.users} users in "
                f"{time.perf_counter() - began:.1f} s",
                flush=True,
            )
        today = timezone.localdate()
        personas = {
            "city viewer": persona("hrss", "city", "viewer"),
            "district officer": persona("hrss", "tengzhou", "officer"),
        }
        for label, user in personas.items():
            if user is None:
                raise SystemExit(f"no generated user for the {label}: run bench_populate")
            path = org_of(user).seats[0].jurisdiction_path
            for period in (today.strftime("%Y-%m"), str(today.year)):

                def report(user=user, period=period):
                    return build_report(user, jurisdiction=None, period=period)

                for _ in range(2):  # warm the caches and the connection
                    report()
                    baseline(user, path)
                mine, base, ratios = [], [], []
                for _ in range(args.repeat):
                    t_mine, data = timed(report)
                    t_base, rows = timed(lambda user=user, path=path: baseline(user, path))
                    mine.append(t_mine)
                    base.append(t_base)
                    ratios.append(t_mine / t_base)
                counter = QueryCounter()
                with connection.execute_wrapper(counter):
                    report()
                if args.explain:
                    timer = Timer()
                    with connection.execute_wrapper(timer):
                        report()
                    for took, sql in sorted(timer.runs, reverse=True)[:6]:
                        print(f"    {took * 1000:7.1f} ms  {sql[:150]}")
                ratio = statistics.median(ratios)
                verdict = "ok" if ratio <= RATIO_TARGET else "OVER"
                name = f"postgresql {label:<17} {period:<8}"
                scope_total = sum(r["n"] for r in rows)
                print(
                    f"{name} report {statistics.median(mine) * 1000:7.1f} ms   "
                    f"GROUP BY {statistics.median(base) * 1000:7.1f} ms   "
                    f"(median of {args.repeat}; {data['totals']['received']} received in the "
                    f"period, {scope_total} cases in scope)"
                )
                print(f"{name} ratio  {ratio:7.2f}x     (target <= {RATIO_TARGET:g}x: {verdict})")
                print(f"{name} statements {len(counter.statements):3d}", flush=True)
        connection.close()


if __name__ == "__main__":
    main()
