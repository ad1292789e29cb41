"""Wage-arrears transitions through the action against a raw ORM write loop.

The action (`case_transition` firing `accept` on freshly opened cases) locks the case,
checks policy, state and payload, fires the FSM transition, updates the legal clocks, and
writes the audit event (hash chain), the timeline entry, the notifications and the workflow
task, in one transaction (docs/performance.md says how it is made fast enough). The baseline is the least a transition could write: one UPDATE and
two INSERTs in one transaction, through the ORM, on the same database in the same process.

    python -m bench.transitions                 # temporary SQLite file
    python -m bench.transitions --pg URL        # a `gigcase_bench` database on that server
"""

from __future__ import annotations

import copy
import statistics
from collections.abc import Sequence
from decimal import Decimal

from . import ROOT, QueryCounter, arguments, machine_caveat, run_threads, throwaway_django

QUERY_TARGET = 20
RATIO_TARGET = 0.3
SAMPLE = 20  # transitions whose SQL statements are counted
RAW_POOL = 64  # cases the raw loop updates in turn (distinct per thread)

VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"
VALID_PHONE = "13812345678"


def setup_organisation():
    """Zaozhuang's units and one HR officer in xuecheng; returns the officer."""
    from django.contrib.auth import get_user_model

    from permissions.models import Membership
    from permissions.selectors import unit_for
    from permissions.services import ensure_units, load_jurisdictions

    load_jurisdictions(ROOT / "fixtures" / "zaozhuang-jurisdictions.csv")
    ensure_units()
    officer = get_user_model().objects.create_user("bench.officer.xuecheng", password=None)
    Membership.objects.create(user=officer, unit=unit_for("hrss", "xuecheng"), role="officer")
    return officer


def open_cases(n: int) -> list[int]:
    from casework.actions import EmployerInput, PartyInput, case_open
    from permissions.models import Jurisdiction

    jurisdiction = Jurisdiction.objects.get(code="xuecheng")
    ids = []
    for _ in range(n):
        case, _code = case_open(
            actor=None,
            kind="wage_arrears",
            jurisdiction=jurisdiction,
            description="工地干活两个月，工资一直未结清。",
            employer=EmployerInput(name="枣庄某建筑劳务有限公司", credit_code=VALID_CREDIT_CODE),
            parties=[
                PartyInput(
                    name="张三",
                    id_number=VALID_ID,
                    phone=VALID_PHONE,
                    amount_owed=Decimal("5000"),
                )
            ],
            workers_count=1,
            amount_owed=Decimal("5000"),
        )
        ids.append(case.pk)
    return ids


def fresh_actors(officer, n: int) -> list:
    # The policy caches the user's seats on the user object for one request; a new copy per
    # transition is what n separate requests would see.
    return [copy.copy(officer) for _ in range(n)]


def accept(item: tuple[int, object]) -> None:
    from casework.actions import case_transition

    case_id, actor = item
    case_transition(actor=actor, case_id=case_id, name="accept", data={"comment": "受理"})


def raw_write(case_id: int) -> None:
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from casework.models import Case, OutboxMessage, TimelineEntry

    now = timezone.now()
    with transaction.atomic():
        Case.objects.filter(pk=case_id).update(version=F("version") + 1, updated_at=now)
        TimelineEntry.objects.create(case_id=case_id, at=now, verb="bench", text="bench")
        OutboxMessage.objects.create(topic="bench", payload={"case": case_id})


def count_queries(officer) -> QueryCounter:
    from django.db import connection

    ids = open_cases(SAMPLE)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        for item in zip(ids, fresh_actors(officer, SAMPLE), strict=True):
            accept(item)
    return counter


def main(argv: Sequence[str] | None = None) -> None:
    # Five measurements: on a shared machine the 8-thread figures move most between runs.
    args = arguments(__doc__.splitlines()[0], argv, repeat=5)
    thread_counts = [int(t) for t in args.threads.split(",") if t.strip()]
    with throwaway_django(args.pg) as backend:
        print(machine_caveat(backend), flush=True)
        officer = setup_organisation()
        # Warm up imports, caches and the first pages of each table.
        warm = open_cases(10)
        run_threads(1, list(zip(warm, fresh_actors(officer, 10), strict=True)), accept)

        counter = count_queries(officer)
        per_transition = len(counter.statements) / SAMPLE
        verdict = "ok" if per_transition <= QUERY_TARGET else "OVER"
        print(
            f"{backend:<10} queries/transition {per_transition:8.1f}"
            f"   (target <= {QUERY_TARGET}: {verdict})",
            flush=True,
        )
        shapes = ", ".join(f"{k} {v / SAMPLE:g}" for k, v in counter.shapes().items())
        print(f"{backend:<10} queries/transition by statement: {shapes}", flush=True)

        raw_pool = open_cases(RAW_POOL)
        raw_items = [raw_pool[i % RAW_POOL] for i in range(args.n)]
        for threads in thread_counts:
            # Action and baseline alternate, so that both see the same machine load; the
            # median of the repeats damps the noise of a shared machine.
            rates, raws, ratios = [], [], []
            for _ in range(args.repeat):
                ids = open_cases(args.n)
                items = list(zip(ids, fresh_actors(officer, args.n), strict=True))
                rates.append(args.n / run_threads(threads, items, accept))
                raws.append(args.n / run_threads(threads, raw_items, raw_write))
                ratios.append(rates[-1] / raws[-1])
            transitions, raw, ratio = (statistics.median(v) for v in (rates, raws, ratios))
            verdict = "ok" if ratio >= RATIO_TARGET else "UNDER"
            label = f"{backend:<10} {threads} thread{'s' if threads > 1 else ' '}"
            spread = f"median of {args.repeat}, {min(rates):.0f}-{max(rates):.0f}"
            print(
                f"{label} transitions/s {transitions:8.1f}   (accept via case_transition; {spread})"
            )
            print(f"{label} raw ops/s     {raw:8.1f}   (ORM: 1 UPDATE + 2 INSERT per transaction)")
            print(
                f"{label} ratio         {ratio:8.2f}x  (target >= {RATIO_TARGET}x: {verdict})",
                flush=True,
            )


if __name__ == "__main__":
    main()
