"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gigcase.prepared import execute, insert, update_where

from .models import AuditEvent, AuditHead
from .models.audit import GENESIS


def _plain(payload: dict | None) -> dict:
    # Round-trip through JSON so that what we hash is exactly what the database returns
    # (Decimals and dates become strings, key order is irrelevant).
    return json.loads(json.dumps(payload or {}, default=str, ensure_ascii=False))


def _head_table() -> str:
    return transaction.get_connection().ops.quote_name(AuditHead._meta.db_table)


def _claim_next_seq() -> tuple[int, str]:
    """Take the chain's head row lock and the next sequence number with one statement.

    Every append of every action goes through this row, so it is plain SQL (UPDATE ...
    RETURNING, PostgreSQL and SQLite >= 3.35) rather than an ORM read-modify-write: the
    lock is held from here to the commit, and callers append last to keep that short.
    """
    sql = (
        f"UPDATE {_head_table()} SET last_seq = last_seq + 1 WHERE id = 1 "
        "RETURNING last_seq, last_hash"
    )
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
        if row is None:  # the very first event: create the head, then claim as usual
            AuditHead.objects.get_or_create(pk=1)
            cursor.execute(sql)
            row = cursor.fetchone()
    return int(row[0]), str(row[1])


def record(
    *,
    actor,
    verb: str,
    case=None,
    obj=None,
    from_state: str = "",
    to_state: str = "",
    payload: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction.

    Inside an action's write batch the event goes to the database with the batch's last
    round trip, and the returned event has no `pk`, `seq` or hashes yet.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside a transaction")
    target = obj if obj is not None else case
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        verb=verb,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        case=case,
        from_state=from_state or "",
        to_state=to_state or "",
        payload=_plain(payload),
    )
    if connection.vendor == "postgresql":
        _append_in_database(connection, event)
        return event
    event.seq, event.prev_hash = _claim_next_seq()
    event.hash = event.compute_hash()
    insert(event, defer=True)
    update_where(
        AuditHead,
        {"last_hash": event.hash, "prev_hash": event.prev_hash},
        where={"pk": 1},
        defer=True,
    )
    return event


_APPEND_SQL: dict[str, str] = {}
_HASHED = (
    "encode(sha256(convert_to('[' || ({seq})::text || ',' || %s || ',\"' || {prev} || '\"]', "
    "'UTF8')), 'hex')"
)
_EVENT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "verb",
    "object_type",
    "object_id",
    "case_id",
    "from_state",
    "to_state",
    "payload",
)


def _append_sql(connection) -> str:
    """One statement that moves the head and inserts the event (PostgreSQL).

    The head row is claimed by the upsert's row lock, as by `_claim_next_seq`; the hash is
    computed by the database over the same text as `AuditEvent.canonical()` (the event's
    content rendered by Python, framed by the sequence number and the previous hash), so
    `verify_audit` checks it like any other. A missing head row (a new database) is created
    by the same statement.
    """
    sql = _APPEND_SQL.get(connection.alias)
    if sql is None:
        qn = connection.ops.quote_name
        head = qn(AuditHead._meta.db_table)
        meta = AuditEvent._meta
        fields = [meta.get_field(name) for name in _EVENT_COLUMNS]
        columns = [f.column for f in fields]
        # Typed: a parameter in a SELECT list is not typed by the column it goes to.
        casts = [f"CAST(%s AS {f.db_type(connection)})" for f in fields]
        first = _HASHED.format(seq="1", prev=f"'{GENESIS}'")
        following = _HASHED.format(seq=f"{head}.last_seq + 1", prev=f"{head}.last_hash")
        sql = (
            f"WITH head AS ("
            f"INSERT INTO {head} (id, last_seq, prev_hash, last_hash) "
            f"VALUES (1, 1, '{GENESIS}', {first}) "
            f"ON CONFLICT (id) DO UPDATE SET last_seq = {head}.last_seq + 1, "
            f"prev_hash = {head}.last_hash, last_hash = {following} "
            f"RETURNING last_seq, prev_hash, last_hash) "
            f"INSERT INTO {qn(meta.db_table)} "
            f"({', '.join(qn(c) for c in ['seq', *columns, 'prev_hash', 'hash'])}) "
            f"SELECT head.last_seq, {', '.join(casts)}, "
            f"head.prev_hash, head.last_hash FROM head "
            f"RETURNING {qn(meta.pk.column)}, {qn('seq')}, {qn('prev_hash')}, {qn('hash')}"
        )
        _APPEND_SQL[connection.alias] = sql
    return sql


def _append_in_database(connection, event: AuditEvent) -> None:
    content = event.content()
    meta = AuditEvent._meta
    values = [
        meta.get_field(name).get_db_prep_save(
            getattr(event, meta.get_field(name).attname), connection
        )
        for name in _EVENT_COLUMNS
    ]
    # No check of the result: the upsert returns the head row whether it inserts or updates
    # it, so the statement inserts exactly one event or fails.
    rows = execute(_append_sql(connection), [content, content, *values], defer=True)
    if rows:  # run at once (outside a write batch): the event as stored
        event.pk, event.seq, event.prev_hash, event.hash = rows[0]
        event._state.adding = False
        event._state.db = connection.alias


@dataclass
class VerifyResult:
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""


def verify_chain(batch: int = 2000) -> VerifyResult:
    prev = GENESIS
    expected_seq = 1
    count = 0
    qs = AuditEvent.objects.order_by("seq")
    last_seq = 0
    while True:
        rows = list(qs.filter(seq__gt=last_seq)[:batch])
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return VerifyResult(False, count, ev.seq, f"sequence gap: expected {expected_seq}")
            if ev.prev_hash != prev:
                return VerifyResult(False, count, ev.seq, "previous hash does not match")
            if ev.compute_hash() != ev.hash:
                return VerifyResult(False, count, ev.seq, "content does not match its hash")
            prev = ev.hash
            expected_seq += 1
            count += 1
            last_seq = ev.seq
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.last_seq != count or head.last_hash != prev):
        return VerifyResult(
            False,
            count,
            count + 1 if head.last_seq > count else head.last_seq,
            "records missing at the end of the chain",
        )
    return VerifyResult(True, count)
