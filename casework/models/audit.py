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
    """One row holding the last hash; locking it serialises appends to the chain."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    # The hash before the last append: PostgreSQL appends in one statement (casework.audit),
    # whose UPDATE ... RETURNING can only return the row as it leaves it.
    prev_hash = models.CharField(max_length=64, default=GENESIS)


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
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
        ordering = ["seq"]
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
        """`[seq, at, actor, ..., payload, prev_hash]` as compact JSON with sorted keys; the
        database builds the same text when it appends (casework.audit)."""
        return f"[{json.dumps(self.seq)},{self.content()},{json.dumps(self.prev_hash)}]"

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")
