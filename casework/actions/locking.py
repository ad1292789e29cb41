"""Step 1 of every action on a case: its row, locked until the action's transaction ends."""

from __future__ import annotations

from gigcase.prepared import Prepared

from ..models import Case

# `of=("self",)`: PostgreSQL would otherwise lock the joined unit and jurisdiction rows too,
# and every action in a unit would wait for every other one.
_LOCKED_CASE = Prepared(
    lambda case_id: (
        Case.objects.select_for_update(of=("self",))
        .select_related("lead_unit", "jurisdiction")
        .filter(pk=case_id)
    ),
    int,
)


def lock_case(case_id) -> Case | None:
    """The case with its lead unit and jurisdiction, row-locked; None if there is none.

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
