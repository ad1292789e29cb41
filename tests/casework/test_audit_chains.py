"""Appends to the audit trail in two districts do not wait for each other; in one district
they take turns. Real connections, real row locks: PostgreSQL only (SQLite lets one
transaction write at a time, whatever it writes)."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, transaction

from casework import audit
from casework.audit import verify_chain
from casework.models import AuditEvent

from ..factories import load_reference_data, open_wage_case

pytestmark = [
    pytest.mark.postgres_only(
        reason="SQLite lets one transaction write at a time, so no two appends can ever be "
        "held together there; the CI's PostgreSQL pass runs these"
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT = 30  # seconds a thread waits for the other before the test fails


@pytest.fixture(autouse=True)
def reference(transactional_db):
    load_reference_data()


def hold_and_append(first_case, second_case) -> dict[str, object]:
    """Thread A appends for `first_case` and keeps its transaction open; thread B then
    appends for `second_case` and commits, giving up after 3 s if it has to wait for A's
    lock. A commits only once B is done (or gave up). What each saw, by name."""
    seen: dict[str, object] = {}
    a_appended = threading.Event()
    b_finished = threading.Event()

    def a() -> None:
        try:
            with transaction.atomic():
                audit.record(actor=None, verb="test.hold", case=first_case)
                a_appended.set()
                seen["b finished while A held its append"] = b_finished.wait(WAIT)
        except BaseException as exc:  # asserted on by the test
            seen["a"] = exc
        finally:
            connection.close()

    def b() -> None:
        try:
            assert a_appended.wait(WAIT), "A never appended"
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                audit.record(actor=None, verb="test.meanwhile", case=second_case)
            seen["b"] = "committed"
        except BaseException as exc:  # asserted on by the test
            seen["b"] = exc
        finally:
            b_finished.set()
            connection.close()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=2 * WAIT)
    assert not any(t.is_alive() for t in threads)
    return seen


def test_two_districts_hold_their_audit_writes_at_the_same_time():
    xuecheng = open_wage_case(jurisdiction="xuecheng")
    shizhong = open_wage_case(jurisdiction="shizhong", credit_code="")

    seen = hold_and_append(xuecheng, shizhong)

    assert seen == {"b": "committed", "b finished while A held its append": True}
    assert list(
        AuditEvent.objects.filter(verb__startswith="test.")
        .order_by("chain")
        .values_list("chain", "seq")
    ) == [
        ("shizhong", 2),
        ("xuecheng", 2),
    ]
    assert verify_chain().ok


def test_one_district_takes_turns():
    # The same as above within one district: B must wait for A's lock, and gives up.
    first = open_wage_case(jurisdiction="xuecheng")
    second = open_wage_case(jurisdiction="xuecheng", credit_code="")

    seen = hold_and_append(first, second)

    assert isinstance(seen["b"], OperationalError)
    assert "lock timeout" in str(seen["b"])
    assert seen["b finished while A held its append"] is True
    assert list(
        AuditEvent.objects.filter(verb__startswith="test.")
        .order_by("chain")
        .values_list("chain", "seq")
    ) == [("xuecheng", 3)]
    assert verify_chain().ok
