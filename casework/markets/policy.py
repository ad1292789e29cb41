"""Who may read and edit the gig-market registry.

Every signed-in member of the organisation reads the registry (the public map shows it to
anyone anyway). Editing it — creating, updating, changing a market's status — belongs to the
departments that run or police the markets: a member of a `market`, `housing` or `hrss` unit
with an officer, supervisor or clerk role, whose unit's jurisdiction contains the market's
(the same department at a higher level edits the markets of the districts below it).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from permissions import policy as registry
from permissions.models import Role
from permissions.selectors import org_of

from .models import Market

EDITING_DEPARTMENTS = ("market", "housing", "hrss")
EDITING_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)
EDIT_ACTIONS = ("add", "change", "set_status")


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def editing_paths(user) -> list[str]:
    """The jurisdiction subtrees (materialised paths) whose markets the user may edit."""
    if not _active(user):
        return []
    return [
        seat.jurisdiction_path
        for seat in org_of(user).seats
        if seat.department_code in EDITING_DEPARTMENTS and seat.role in EDITING_ROLES
    ]


class MarketPolicy:
    def can(self, user, action: str, obj: Market | None = None) -> bool:
        if not _active(user):
            return False
        if action == "view":
            return True
        if action not in EDIT_ACTIONS:
            return False
        paths = editing_paths(user)
        if obj is None:
            # "May this user add markets anywhere?" — e.g. whether to offer the form.
            return bool(paths)
        market_path = obj.jurisdiction.path
        return any(market_path.startswith(p) for p in paths)

    def scope(self, user, action: str, queryset: QuerySet) -> QuerySet:
        if not _active(user):
            return queryset.none()
        if action == "view":
            return queryset
        if action not in EDIT_ACTIONS:
            return queryset.none()
        q = Q(pk__in=[])
        for p in editing_paths(user):
            q |= Q(jurisdiction__path__startswith=p)
        return queryset.filter(q)

    def who_can(self, action: str, obj: Market):
        User = get_user_model()
        if action not in EDIT_ACTIONS:
            return User.objects.none()
        # Every prefix of the market's path is a jurisdiction whose units contain it.
        parts = obj.jurisdiction.path.strip("/").split("/")
        paths = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
        return User.objects.filter(
            memberships__unit__jurisdiction_path__in=paths,
            memberships__unit__department__code__in=EDITING_DEPARTMENTS,
            memberships__role__in=EDITING_ROLES,
            memberships__active=True,
            is_active=True,
        ).distinct()


market_policy = MarketPolicy()
registry.register(Market, market_policy)
