"""Step 1 and the last step of every action on a case: its row, locked until the action's
transaction ends, and its write back, guarded by the version the action read."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import clocks
from ..errors import Conflict
from ..models import Case


def lock_case(case_id, related: tuple[str, ...] = ()) -> Case | None:
    """The case, row-locked; None if there is none. `related`: relations read with it
    (`select_related`), for an action whose caller shows the case afterwards.

    Must run inside the action's transaction. `of=("self",)`: the case row alone, so that a
    joined row (its unit) is never locked with it on PostgreSQL. SQLite has no row locks;
    its writers are serialised by the IMMEDIATE transaction every action opens.
    """
    try:
        pk = int(getattr(case_id, "pk", case_id))
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:  # what no row has, and what a 64-bit parameter cannot carry
        return None
    rows = Case.objects.select_for_update(of=("self",)).filter(pk=pk)
    return (rows.select_related(*related) if related else rows).first()


def save_case(case: Case, *fields: str) -> None:
    """Write the case's `fields`, bump its `version` and set its `deadline`, in one UPDATE.

    The UPDATE matches only the row at the version the action read; no row means another
    writer came first (where `select_for_update` is a no-op, as on SQLite, or for a case
    read outside the action): `Conflict` (409), and the action's transaction rolls back.
    `deadline` is the earliest due date of the case's running clocks, as they now are. The
    instance is left as the row now is.
    """
    values = {}
    for name in fields:
        attname = Case._meta.get_field(name).attname
        values[attname] = getattr(case, attname)
    deadline = clocks.binding_deadline(case)
    now = timezone.now()
    values.update(version=F("version") + 1, deadline=deadline, updated_at=now)
    if Case.objects.filter(pk=case.pk, version=case.version).update(**values) != 1:
        raise Conflict(_("案件已被他人更新，请刷新后重试。"))
    case.version += 1
    case.deadline = deadline
    case.updated_at = now
