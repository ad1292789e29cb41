"""Step 1 of every action on a case: its row, locked until the action's transaction ends."""

from __future__ import annotations

from gigcase.prepared import Prepared

from ..models import Case

# The case row alone: its unit and jurisdiction are read when an action needs them (few
# do), and `of=("self",)` keeps PostgreSQL from locking a joined row should one be added.
_LOCKED_CASE = Prepared(
    lambda case_id: Case.objects.select_for_update(of=("self",)).filter(pk=case_id),
    int,
)


def lock_case(case_id) -> Case | None:
    """The case, row-locked; None if there is none.

    Must run inside the action's transaction (on SQLite, whose writers are serialised by
    the IMMEDIATE transaction, there is no row lock to take).
    """
    try:
        pk = int(getattr(case_id, "pk", case_id))
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:  # what no row has, and what a 64-bit parameter cannot carry
        return None
    return _LOCKED_CASE.first(pk)
