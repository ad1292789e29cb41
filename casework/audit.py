"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

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
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside a transaction")
    seq, prev_hash = _claim_next_seq()
    target = obj if obj is not None else case
    event = AuditEvent(
        seq=seq,
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
        prev_hash=prev_hash,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(f"UPDATE {_head_table()} SET last_hash = %s WHERE id = 1", [event.hash])
    return event


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
