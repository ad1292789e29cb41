"""What linking and merging share: locking the two cases an action names, and reading
its inputs (the other case's id, the reason)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework.converters import parse_id
from casework.errors import InvalidInput
from casework.models import Case
from casework.policies import case_policy


def is_visible(actor, case: Case | None) -> bool:
    return case is not None and case_policy.can(actor, "view", case)


def lock_cases(*ids: int) -> dict[int, Case]:
    """Lock the cases' rows, lowest id first (the same order on every path: no deadlock).

    `of=("self",)`: PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins
    that select_related adds for the employer and the assignee.
    """
    rows = (
        Case.objects.select_for_update(of=("self",))
        .select_related("employer", "assignee", "lead_unit")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {c.pk: c for c in rows}


def clean_reason(text: str | None, *, required: bool, limit: int) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput(_("请填写理由。"), field="reason")
    if len(text) > limit:
        raise InvalidInput(_("理由不得超过 %(n)s 个字。") % {"n": limit}, field="reason")
    return text


def parse_case_id(raw) -> int | None:
    """The other case's id as a form or the API sent it; None when there is none (0 is none)."""
    return parse_id(raw) or None
