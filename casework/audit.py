"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, AuditHead
from .models.audit import GENESIS


def plain(payload: dict | None) -> dict:
    """The payload as the database returns it: round-tripped through JSON, so that what is
    hashed is what is stored (Decimals and dates become strings; key order is irrelevant)."""
    return json.loads(json.dumps(payload or {}, default=str, ensure_ascii=False))


def chain_of(target) -> str:
    """The chain an event about `target` joins: the code of its jurisdiction, or "" when it
    has none (a login, a user)."""
    if target is None:
        return ""
    path = getattr(target, "jurisdiction_path", "")
    if path:  # a case: its jurisdiction's materialised path, "city/xuecheng/"
        return path.rstrip("/").rsplit("/", 1)[-1]
    if getattr(target, "jurisdiction_id", None):
        return target.jurisdiction.code
    return ""


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
    """Append one event to its jurisdiction's chain. Must run inside the caller's transaction.

    The chain's head row stays locked until that transaction ends, so appends to one chain
    follow each other in commit order; other jurisdictions' chains are not touched.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside a transaction")
    target = obj if obj is not None else case
    event = AuditEvent(
        chain=chain_of(case if case is not None else obj),
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        verb=verb,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        case=case,
        from_state=from_state or "",
        to_state=to_state or "",
        payload=plain(payload),
    )
    head, _created = AuditHead.objects.select_for_update().get_or_create(chain=event.chain)
    event.seq = head.last_seq + 1
    event.prev_hash = head.last_hash
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass
class VerifyResult:
    ok: bool
    count: int
    broken_seq: int | None = None
    reason: str = ""
    chain: str = ""


def verify_chain(batch: int = 2000) -> VerifyResult:
    """Walk every chain from its first event: each in sequence, each linked to the one
    before, each matching its hash, and the last one the chain's head. `count` is the number
    of events verified (on failure, those of the broken chain before the broken one)."""
    names = set(AuditHead.objects.values_list("chain", flat=True))
    names |= set(AuditEvent.objects.order_by().values_list("chain", flat=True).distinct())
    total = 0
    for name in sorted(names):
        result = _verify_one(name, batch)
        if not result.ok:
            return result
        total += result.count
    return VerifyResult(True, total)


def _verify_one(chain: str, batch: int) -> VerifyResult:
    prev = GENESIS
    count = 0
    qs = AuditEvent.objects.filter(chain=chain).order_by("seq")
    while True:
        rows = list(qs.filter(seq__gt=count)[:batch])
        if not rows:
            break
        for ev in rows:
            expected = count + 1
            if ev.seq != expected:
                return VerifyResult(
                    False, count, ev.seq, f"sequence gap: expected {expected}", chain
                )
            if ev.prev_hash != prev:
                return VerifyResult(False, count, ev.seq, "previous hash does not match", chain)
            if ev.compute_hash() != ev.hash:
                return VerifyResult(False, count, ev.seq, "content does not match its hash", chain)
            prev = ev.hash
            count += 1
    head = AuditHead.objects.filter(chain=chain).first()
    if head is None and count:
        return VerifyResult(False, count, count, "the chain has no head", chain)
    if head and (head.last_seq != count or head.last_hash != prev):
        return VerifyResult(
            False,
            count,
            count + 1 if head.last_seq > count else head.last_seq,
            "records missing at the end of the chain",
            chain,
        )
    return VerifyResult(True, count, chain=chain)
