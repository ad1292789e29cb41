"""The append-only, hash-chained audit trail."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64


class AuditHead(models.Model):
    """The last link of one chain. Locking it serialises the appends to that chain alone.

    There is one chain per jurisdiction (named by its code) and one, named "", for what
    belongs to none (logins, users): writers in different districts never wait for each
    other, and each chain is verified on its own.
    """

    chain = models.CharField(max_length=40, unique=True, default="")
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)


class AuditEvent(models.Model):
    chain = models.CharField(max_length=40, blank=True, default="")
    seq = models.PositiveBigIntegerField()
    at = models.DateTimeField(db_index=True)
    # PROTECT: the actor's id is part of the hashed content, so a user who acted can be
    # deactivated but never deleted without breaking the chain.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        # The order of the appends across chains; within a chain `seq` orders them.
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique")
        ]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def content(self) -> str:
        """The hashed fields between `seq` and `prev_hash`, as the items of a JSON list."""
        return json.dumps(
            [
                self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                self.actor_id,
                self.actor_name,
                self.verb,
                self.object_type,
                self.object_id,
                self.case_id,
                self.from_state,
                self.to_state,
                self.payload,
            ],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )[1:-1]

    def canonical(self) -> str:
        """`[chain, seq, at, actor, ..., payload, prev_hash]` as compact JSON with sorted keys.

        The chain's name is hashed with the event, so that an event moved to another chain
        no longer verifies; the chain named "" (the trail's first, before there were chains
        per jurisdiction) keeps `[seq, ...]`, so that its events verify as they were written.
        """
        link = f"{json.dumps(self.seq)},{self.content()},{json.dumps(self.prev_hash)}"
        if self.chain:
            return f"[{json.dumps(self.chain, ensure_ascii=False)},{link}]"
        return f"[{link}]"

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")
