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
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    target = obj if obj is not None else case
    event = AuditEvent(
        seq=head.last_seq + 1,
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
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
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
