"""The embedded SQLite backend: writers of one process take turns instead of polling.

These tests open their own database file through the project's backend, whatever database
the suite itself runs on.
"""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from gigcase.db.sqlite3.base import _turn_for


@pytest.fixture
def handler(tmp_path, django_db_blocker):
    # Not the suite's database: a file of its own, which pytest-django need not guard.
    with django_db_blocker.unblock():
        yield from _handler(tmp_path)


def _handler(tmp_path):
    def make(timeout: float = 30):
        return ConnectionHandler(
            {
                "default": {
                    "ENGINE": "gigcase.db.sqlite3",
                    "NAME": str(tmp_path / "writers.sqlite3"),
                    "OPTIONS": {
                        "transaction_mode": "IMMEDIATE",
                        "timeout": timeout,
                        "init_command": "PRAGMA journal_mode=WAL;",
                    },
                }
            }
        )

    first = make()
    with first["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, writer INTEGER, n INTEGER)")
    made = [first]

    def another(timeout: float = 30):
        made.append(make(timeout))
        return made[-1]["default"]

    yield first["default"], another
    for h in made:
        h.close_all()


def _write(conn, writer: int, n: int) -> None:
    conn.ensure_connection()  # as atomic() does before it begins
    conn._start_transaction_under_autocommit()
    with conn.cursor() as cursor:
        cursor.execute("INSERT INTO t (writer, n) VALUES (%s, %s)", [writer, n])
    conn.commit()


def test_a_transaction_holds_the_turn_until_it_ends(handler):
    conn, _ = handler
    turn = _turn_for(conn.settings_dict["NAME"])
    for end in ("commit", "rollback", "close"):
        conn._start_transaction_under_autocommit()
        assert turn.locked() and conn._holding_turn is turn
        with conn.cursor() as cursor:
            cursor.execute("INSERT INTO t (writer, n) VALUES (0, 0)")
        if end == "close":
            conn.close()
        else:
            getattr(conn, end)()
        assert not turn.locked(), end
    with conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM t")
        assert cursor.fetchone()[0] == 1  # the committed one only


def test_writers_in_threads_all_succeed(handler):
    _, another = handler
    writers, each = 8, 25
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def work(writer: int) -> None:
        conn = another()
        try:
            barrier.wait(timeout=30)
            for n in range(each):
                _write(conn, writer, n)
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    conn, _ = handler
    with conn.cursor() as cursor:
        cursor.execute("SELECT writer, COUNT(*) FROM t GROUP BY writer ORDER BY writer")
        assert cursor.fetchall() == [(w, each) for w in range(writers)]
    assert not _turn_for(conn.settings_dict["NAME"]).locked()


def test_a_writer_that_waits_too_long_meets_sqlites_own_lock(handler):
    # The turn only orders writers; SQLite's lock is what keeps them apart. A writer whose
    # wait for its turn runs out goes on to SQLite, which refuses it while the other
    # transaction holds the database.
    conn, another = handler
    conn._start_transaction_under_autocommit()
    try:
        failed: list[BaseException] = []

        def attempt() -> None:
            impatient = another(timeout=0.2)  # a connection of this thread
            try:
                _write(impatient, 1, 1)
            except BaseException as exc:  # asserted on below
                failed.append(exc)
            finally:
                impatient.close()

        thread = threading.Thread(target=attempt)
        thread.start()
        thread.join(timeout=30)
        assert len(failed) == 1 and isinstance(failed[0], OperationalError)
        assert "locked" in str(failed[0])
    finally:
        conn.rollback()
    _write(conn, 2, 2)  # the database is free again
