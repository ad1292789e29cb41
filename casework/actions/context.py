from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from casework import clocks


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
    # The timeline entry's comment when the payload's `comment`, `reason` or `summary` is not
    # the officer's words (a `reason` that is a choice code, e.g. a pause's 检测).
    timeline_comment: str | None = None
    # (users, type, text) triples written as notifications after the transition.
    notifications: list[tuple[Any, str, str]] = field(default_factory=list)

    def note(self, key: str, value: Any) -> None:
        """Record a kind-specific fact in `case.details` (saved with the transition)."""
        self.case.details = {**self.case.details, key: value}
        self.changed_fields.add("details")

    def notify_next(self, name: str, ntype: str, text: str) -> None:
        """Notify whoever may fire transition `name` next (from the policy)."""
        from casework.policies import case_policy

        self.notifications.append(
            (case_policy.who_can(f"transition:{name}", self.case), ntype, text)
        )

    def notify_handler(self, ntype: str, text: str) -> None:
        """Notify the officer handling the case, if one is assigned."""
        if self.case.assignee_id:
            self.notifications.append(([self.case.assignee_id], ntype, text))

    def notify_decision(self, what: str) -> None:
        """Tell the handling officer of a decision on what they asked (`approval.decided`):
        "<what>：<case number>"."""
        text = _("%(what)s：%(number)s") % {"what": what, "number": self.case.number}
        self.notify_handler("approval.decided", text)

    def extend_clock(self, code: str, *, note: str, days: int | None = None):
        """Grant the case's running clock `code` the next extension its article allows
        (`casework.clocks.extend`), approved by the actor today; the audit payload records
        the approving authority and the new due date. None when the article allows no more."""
        clock = clocks.extend(self.case, code, days=days, by=self.actor, note=note, on=self.today)
        if clock is not None:
            self.audit_payload["basis"] = clock.extensions.last().approver
            self.audit_payload["new_due_date"] = clock.due_date.isoformat()
        return clock
