"""Which jurisdiction the statistics are about, and whether the caller may ask.

A caller reaches the jurisdictions of its seats (any role) and everything below them; the
statistics count only the cases the caller may see there (`case_list_for_user`), so a
district officer never gets another district's numbers, and a city viewer gets its own
department's cases across the city."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework.errors import CaseworkError, InvalidInput
from permissions.models import Jurisdiction
from permissions.selectors import org_of


class OutOfReach(CaseworkError):
    """A jurisdiction the caller holds no seat in or above: as if it did not exist."""

    status_code = 404


def reach_of(user) -> list[str]:
    """The jurisdiction paths of the user's seats, the widest first."""
    paths = {seat.jurisdiction_path for seat in org_of(user).seats}
    return sorted(paths, key=lambda p: (p.count("/"), p))


def jurisdiction_for(user, code: str | None) -> Jurisdiction:
    """The jurisdiction asked for (`code`), or the caller's widest one when none is named.

    Unknown code: InvalidInput (400, field `jurisdiction`). Known but outside the caller's
    reach, or a caller with no seat at all: OutOfReach (404)."""
    reach = reach_of(user)
    code = (code or "").strip()
    if not code:
        if not reach:
            raise OutOfReach(_("您没有可以查看统计的辖区。"), field="jurisdiction")
        return Jurisdiction.objects.get(path=reach[0])
    jurisdiction = Jurisdiction.objects.filter(code=code).first()
    if jurisdiction is None:
        raise InvalidInput(
            _("没有代码为“%(c)s”的行政区划。") % {"c": code[:40]}, field="jurisdiction"
        )
    if not any(jurisdiction.path.startswith(path) for path in reach):
        raise OutOfReach(_("没有代码为“%(c)s”的可查看辖区。") % {"c": code}, field="jurisdiction")
    return jurisdiction


def within_reach(user, jurisdiction: Jurisdiction) -> bool:
    return any(jurisdiction.path.startswith(path) for path in reach_of(user))
