"""The server's idle SQLite connection keeps the WAL between requests (gigcase/sqlite_wal.py)."""

from __future__ import annotations

import sqlite3

from gigcase.sqlite_wal import held, hold_on_first_connection, keep_wal_open


def write_once(path) -> None:
    """A request's connection: one committed write, then closed."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO t (v) VALUES (1)")
    conn.close()


def wal_database(tmp_path):
    path = tmp_path / "db.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (v INTEGER)")
    conn.close()
    return path


def test_without_a_held_connection_the_last_close_checkpoints_and_removes_the_wal(tmp_path):
    path = wal_database(tmp_path)
    write_once(path)
    assert not (tmp_path / "db.sqlite3-wal").exists()


def test_a_held_connection_keeps_the_wal_and_blocks_no_writer(tmp_path):
    path = wal_database(tmp_path)
    held = keep_wal_open({"ENGINE": "django.db.backends.sqlite3", "NAME": path})
    try:
        for _ in range(3):
            write_once(path)
        wal = tmp_path / "db.sqlite3-wal"
        assert wal.exists() and wal.stat().st_size > 0
        # The writes are committed: a new connection reads all three.
        reader = sqlite3.connect(path)
        assert reader.execute("SELECT count(*) FROM t").fetchone() == (3,)
        reader.close()
        # Nothing of the held connection stops a checkpoint from moving every frame.
        checkpointer = sqlite3.connect(path)
        busy, frames, moved = checkpointer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        checkpointer.close()
        assert busy == 0 and frames == moved
    finally:
        held.close()


def test_only_a_sqlite_file_gets_a_held_connection():
    assert keep_wal_open({"ENGINE": "django.db.backends.postgresql", "NAME": "gigcase"}) is None
    for name in (":memory:", "file:memorydb_default?mode=memory&cache=shared"):
        assert keep_wal_open({"ENGINE": "django.db.backends.sqlite3", "NAME": name}) is None


def test_the_first_connection_to_a_file_opens_the_held_one_once(tmp_path):
    path = wal_database(tmp_path)

    class Connection:  # what `connection_created` passes: its settings
        settings_dict = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}

    hold_on_first_connection(None, Connection())
    first = held[str(path)]
    hold_on_first_connection(None, Connection())
    try:
        assert held[str(path)] is first
        write_once(path)
        assert (tmp_path / "db.sqlite3-wal").exists()
    finally:
        held.pop(str(path)).close()


def test_the_server_listens_to_sqlite_connections_only(tmp_path):
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQLWrapper
    from django.db.backends.signals import connection_created
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

    from gigcase.sqlite_wal import hold_wal_for_this_process

    path = wal_database(tmp_path)

    class Connection:
        settings_dict = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}

    hold_wal_for_this_process()
    connection_created.send(sender=PostgreSQLWrapper, connection=Connection())
    assert str(path) not in held
    connection_created.send(sender=SQLiteWrapper, connection=Connection())
    try:
        assert str(path) in held
    finally:
        held.pop(str(path)).close()
