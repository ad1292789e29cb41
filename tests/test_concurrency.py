"""Racing writers on one case: exactly one transition wins, the others get 409.

Each thread has its own database connection and real committed data, so the race is the
one that production sees: on PostgreSQL the case row lock (`select_for_update`) serialises
the writers; on SQLite the IMMEDIATE transaction takes the write lock at BEGIN and the busy
timeout makes the others wait for it instead of failing with "database is locked".
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from casework.actions import case_transition
from casework.audit import verify_chain
from casework.errors import Conflict
from casework.models import AuditEvent, Case, Payment, TimelineEntry
from permissions.services import load_departments

from .factories import open_wage_case

THREADS = 16

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(autouse=True)
def departments(transactional_db):
    # A transactional test starts from whatever the previous one left (its flush empties
    # the tables the migrations filled), so it loads the reference data it builds on.
    load_departments(FIXTURES / "departments.csv")


def race(fire: Callable[[object], Case], actor_pk: int) -> list[object]:
    """Run `fire(actor)` in THREADS threads released together; return results or exceptions."""
    barrier = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def worker(i: int) -> None:
        try:
            # Connect (and load the actor) before the barrier: the race is between the
            # transactions, not between connection handshakes.
            actor = get_user_model().objects.get(pk=actor_pk)
            barrier.wait(timeout=60)
            results[i] = fire(actor)
        except BaseException as exc:  # collected and asserted on by the caller
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung instead of waiting its turn"
    return results


def split(results: list[object]) -> tuple[list[Case], list[Conflict], list[object]]:
    won = [r for r in results if isinstance(r, Case)]
    lost = [r for r in results if isinstance(r, Conflict)]
    other = [r for r in results if not isinstance(r, Case | Conflict)]
    return won, lost, other


def test_same_transition_fired_by_16_threads_succeeds_once(wage_case, hrss_officer):
    before = Case.objects.get(pk=wage_case.pk)
    assert before.status == "submitted"

    results = race(
        lambda actor: case_transition(actor=actor, case_id=wage_case.pk, name="accept", data={}),
        hrss_officer.pk,
    )

    won, lost, other = split(results)
    assert other == [], f"unexpected outcomes: {other!r}"
    assert len(won) == 1
    assert len(lost) == THREADS - 1
    assert {exc.status_code for exc in lost} == {409}

    after = Case.objects.get(pk=wage_case.pk)
    assert after.status == "investigating"
    assert after.version == before.version + 1
    assert after.assignee_id == hrss_officer.pk
    assert AuditEvent.objects.filter(case=after, verb="disputes.wage_arrears.accept").count() == 1
    assert TimelineEntry.objects.filter(case=after, verb="accept").count() == 1
    chain = verify_chain()
    assert chain.ok, chain.reason
    assert chain.count == AuditEvent.objects.count()


def test_16_threads_with_the_same_version_one_wins(wage_case, hrss_officer):
    # record_payment keeps the case in `ordered`, so the state would allow every attempt:
    # only the version check can refuse the fifteen stale ones.
    case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})
    today = timezone.localdate()
    case_transition(
        actor=hrss_officer,
        case_id=wage_case.pk,
        name="order_payment",
        data={"due_date": (today + timedelta(days=10)).isoformat(), "amount": "5000"},
    )
    seen = Case.objects.get(pk=wage_case.pk)
    assert seen.status == "ordered"

    results = race(
        lambda actor: case_transition(
            actor=actor,
            case_id=wage_case.pk,
            name="record_payment",
            data={"amount": "100.00", "paid_on": today.isoformat()},
            version=seen.version,
        ),
        hrss_officer.pk,
    )

    won, lost, other = split(results)
    assert other == [], f"unexpected outcomes: {other!r}"
    assert len(won) == 1
    assert len(lost) == THREADS - 1
    assert {exc.status_code for exc in lost} == {409}

    after = Case.objects.get(pk=wage_case.pk)
    assert after.status == "ordered"
    assert after.version == seen.version + 1
    assert Payment.objects.filter(case=after).count() == 1
    assert (
        AuditEvent.objects.filter(case=after, verb="disputes.wage_arrears.record_payment").count()
        == 1
    )
    chain = verify_chain()
    assert chain.ok, chain.reason


def test_16_threads_each_on_its_own_case_all_succeed_and_chain_in_order(hrss_officer):
    # Every action of every user appends to the one audit chain: writers on different cases
    # queue on its head only, and each event follows the one committed before it.
    cases = [open_wage_case().pk for _ in range(THREADS)]
    before = AuditEvent.objects.count()
    turn = iter(range(THREADS))
    lock = threading.Lock()

    def fire(actor):
        with lock:
            case_id = cases[next(turn)]
        return case_transition(actor=actor, case_id=case_id, name="accept", data={})

    won, lost, other = split(race(fire, hrss_officer.pk))
    assert other == [] and lost == [], f"unexpected outcomes: {other!r} {lost!r}"
    assert sorted(c.pk for c in won) == sorted(cases)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == THREADS
    assert {e.case_id for e in events} == set(cases)
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + THREADS))
    assert Case.objects.filter(pk__in=cases, status="investigating").count() == THREADS
    assert TimelineEntry.objects.filter(case_id__in=cases, verb="accept").count() == THREADS
    chain = verify_chain()
    assert chain.ok, chain.reason
