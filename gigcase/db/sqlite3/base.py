"""SQLite for the embedded default: its writers queue in the process instead of polling.

SQLite lets one transaction write at a time. Every action opens an IMMEDIATE transaction
(it takes the write lock at BEGIN), and a second writer that finds the lock taken sleeps in
SQLite's busy handler — 1, 2, 5, 10, ... up to 100 ms between attempts — so the lock often
stands free while the writers that want it sleep: under concurrent requests the writes of
one process ran at a fraction of their one-at-a-time rate.

Here the writers of this process also take a lock of the process, per database file,
before BEGIN IMMEDIATE and give it back when the transaction ends (commit, rollback or
close): the next one starts the moment the previous one is done. SQLite's own lock stays
what guarantees one writer at a time — other processes (a management command, a second
server) still meet it, and a writer that waits here longer than the connection's timeout
goes on to SQLite's busy handling as before — so a transaction can never depend on this
lock for its correctness, only for its turn.
"""

from __future__ import annotations

import threading

from django.db.backends.sqlite3 import base

_turns: dict[str, threading.Lock] = {}
_turns_guard = threading.Lock()


def _turn_for(name: str) -> threading.Lock:
    with _turns_guard:
        lock = _turns.get(name)
        if lock is None:
            lock = _turns[name] = threading.Lock()
        return lock


class DatabaseWrapper(base.DatabaseWrapper):
    _holding_turn: threading.Lock | None = None

    def _start_transaction_under_autocommit(self):
        if self.transaction_mode == "IMMEDIATE" and not self.is_in_memory_db():
            turn = _turn_for(str(self.settings_dict["NAME"]))
            timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
            if turn.acquire(timeout=timeout):
                self._holding_turn = turn
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _end_turn(self) -> None:
        turn, self._holding_turn = self._holding_turn, None
        if turn is not None:
            turn.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._end_turn()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_turn()
