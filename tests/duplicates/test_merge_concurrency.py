"""Racing merges: each thread has its own connection and committed data. On PostgreSQL the
row locks (`FOR UPDATE OF casework_case`, lowest id first) serialise the writers; on SQLite
the IMMEDIATE transaction does. Exactly one merge wins; the others get 409, never a
deadlock, a 500 or a half-written merge."""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from casework.actions.duplicates import case_merge
from casework.audit import verify_chain
from casework.errors import Conflict
from casework.kinds import MERGED
from casework.models import AuditEvent, Case, CaseAlias
from permissions.services import load_departments
from tests.factories import open_wage_case

from .conftest import open_complaint

THREADS = 8
FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def departments(transactional_db):
    load_departments(FIXTURES / "departments.csv")


def race(jobs: list, actor_pk: int) -> list[object]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(i: int) -> None:
        try:
            actor = get_user_model().objects.get(pk=actor_pk)
            barrier.wait(timeout=60)
            results[i] = jobs[i](actor)
        except BaseException as exc:  # asserted on by the caller
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a merge hung instead of waiting its turn"
    return results


def merge(actor, *, case_id: int, into_id: int) -> Case:
    return case_merge(actor=actor, case_id=case_id, into_id=into_id)


def _outcomes(results):
    won = [r for r in results if isinstance(r, Case)]
    lost = [r for r in results if isinstance(r, Conflict)]
    other = [r for r in results if not isinstance(r, Case | Conflict)]
    assert other == [], f"unexpected outcomes: {other!r}"
    return won, lost


def test_one_case_merged_into_two_survivors_at_once(org, hrss_supervisor):
    dup = open_complaint()
    first, second = open_wage_case(), open_complaint(name="王五", id_number="")
    jobs = [
        partial(merge, case_id=dup.pk, into_id=(first if i % 2 else second).pk)
        for i in range(THREADS)
    ]
    won, lost = _outcomes(race(jobs, hrss_supervisor.pk))
    assert len(won) == 1 and len(lost) == THREADS - 1
    assert Case.objects.get(pk=dup.pk).status == MERGED
    assert CaseAlias.objects.get().case_id == won[0].pk
    assert AuditEvent.objects.filter(verb="casework.case.merged").count() == 1
    assert verify_chain().ok


def test_two_cases_merged_into_each_other_at_once(org, hrss_supervisor):
    a, b = open_wage_case(), open_complaint()
    jobs = [
        partial(merge, case_id=(a if i % 2 else b).pk, into_id=(b if i % 2 else a).pk)
        for i in range(THREADS)
    ]
    won, lost = _outcomes(race(jobs, hrss_supervisor.pk))
    assert len(won) == 1 and len(lost) == THREADS - 1
    statuses = sorted(Case.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True))
    assert statuses == [MERGED, "submitted"]
    assert CaseAlias.objects.count() == 1
    assert verify_chain().ok
