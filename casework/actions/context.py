from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class TransitionContext:
    """What a kind's transition effect receives and may add to."""

    case: Any
    actor: Any
    name: str
    data: dict
    from_state: str
    to_state: str
    now: datetime
    today: date
    # Extra fields of the case the effect changed (saved with status and version).
    changed_fields: set[str] = field(default_factory=set)
    audit_payload: dict = field(default_factory=dict)
    timeline_text: str = ""
    # (users, type, text) triples written as notifications after the transition.
    notifications: list[tuple[Any, str, str]] = field(default_factory=list)
