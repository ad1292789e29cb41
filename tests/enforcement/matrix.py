"""Shared assertions of the per-kind transition matrices: fired from a legal source, refused
from every other state."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casework.actions import available_transitions
from casework.audit import verify_chain
from casework.errors import Conflict
from casework.models import AuditEvent, Case, TimelineEntry
from tests.disputes.walk import snapshot


def assert_fires(
    case, name: str, source: str, target: str, actor, verb: str, fire: Callable
) -> None:
    """`name` is available to `actor`, moves `source` → `target`, bumps the version and writes
    exactly one audit event and a timeline entry."""
    assert name in available_transitions(actor, case)
    _counts, row = snapshot(case)
    last = AuditEvent.objects.order_by("-id").first()

    fire()

    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == target
    assert fresh.version == row["version"] + 1
    events = list(AuditEvent.objects.filter(id__gt=last.id))
    assert [(e.verb, e.from_state, e.to_state, e.actor_id) for e in events] == [
        (verb, source, target, actor.pk)
    ]
    assert TimelineEntry.objects.filter(case=case).order_by("-id").first().verb == name
    assert verify_chain().ok


def assert_refused(case, name: str, actor, fire: Callable) -> None:
    """`name` is not available: firing it is a 409 and writes nothing."""
    before = snapshot(case)
    assert name not in available_transitions(actor, case)
    with pytest.raises(Conflict) as exc:
        fire()
    assert exc.value.status_code == 409
    assert snapshot(case) == before
