"""Personal information shown unmasked is written to the audit trail, every time."""

from __future__ import annotations

from django.db import transaction

from casework import audit
from casework.models import Case


def record_pii_view(*, actor, case: Case, channel: str, parties=None) -> None:
    """One `casework.pii.viewed` event naming the parties shown (`parties`: their ids, read
    from the case when not given)."""
    if parties is None:
        parties = list(case.parties.values_list("id", flat=True))
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="casework.pii.viewed",
            case=case,
            payload={
                "channel": channel,
                "parties": list(parties),
            },
        )
