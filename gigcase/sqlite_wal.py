"""One idle SQLite connection held for the server's life, so that the WAL outlives requests.

Under ASGI each request runs in a thread of its own and closes its connection at its end
(docs/performance.md). With SQLite in WAL mode, the last connection to close checkpoints
the WAL into the database file, syncs it and deletes the WAL and its shared-memory index;
the next request creates them again. One connection left open keeps them: writers'
transactions stay in the WAL and are checkpointed by SQLite's automatic checkpoint (every
1,000 pages) instead of on every request. The held connection never opens a transaction,
so it blocks no writer and no checkpoint.
"""

from __future__ import annotations

import sqlite3
import threading

from django.db.backends.signals import connection_created
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

held: dict[str, sqlite3.Connection] = {}
holding = threading.Lock()


def keep_wal_open(database: dict) -> sqlite3.Connection | None:
    """Open and return the idle connection for a file-backed SQLite `database` (a
    `DATABASES` entry); None for any other database. The caller keeps the reference."""
    if not database["ENGINE"].endswith("sqlite3"):
        return None
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    conn = sqlite3.connect(name, check_same_thread=False)
    # A first read opens the file, the WAL and its index; the cursor is closed at once, so
    # no read transaction stays open.
    conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").close()
    return conn


def hold_on_first_connection(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: the first connection to each SQLite file opens its
    held one (the database's name as Django uses it, so a test database's too)."""
    name = str(connection.settings_dict["NAME"])
    if name in held:
        return
    with holding:
        if name not in held:
            conn = keep_wal_open(connection.settings_dict)
            if conn is not None:
                held[name] = conn


def hold_wal_for_this_process() -> None:
    """Called by the server's entry point (gigcase/asgi.py), so management commands, which
    never import it, open and close their connections as before. Only SQLite connections
    reach the receiver (a PostgreSQL server never calls it)."""
    connection_created.connect(
        hold_on_first_connection, sender=SQLiteWrapper, dispatch_uid="gigcase.sqlite_wal"
    )
