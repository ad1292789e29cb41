"""Read-only questions about the organisation, cached per request on the user object."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from .models import Membership, Role, Unit


@dataclass(frozen=True)
class Seat:
    """One role a user holds on one unit, flattened for cheap checks."""

    unit_id: int
    department_id: int
    department_code: str
    jurisdiction_path: str
    role: str


@dataclass
class Org:
    seats: list[Seat] = field(default_factory=list)

    def units(self, *roles: str) -> set[int]:
        return {s.unit_id for s in self.seats if not roles or s.role in roles}

    def has_role(self, unit_id: int, *roles: str) -> bool:
        return any(s.unit_id == unit_id and s.role in roles for s in self.seats)

    def viewer_paths(self) -> list[str]:
        """Jurisdiction subtrees a user sees as leadership (viewer role)."""
        return [s.jurisdiction_path for s in self.seats if s.role == Role.VIEWER]


def org_of(user: AbstractBaseUser) -> Org:
    """The user's active seats, computed once per user object."""
    if not getattr(user, "is_authenticated", False):
        return Org()
    cached = getattr(user, "_gigcase_org", None)
    if cached is not None:
        return cached
    rows = Membership.objects.filter(user_id=user.pk, active=True).values_list(
        "unit_id",
        "unit__department_id",
        "unit__department__code",
        "unit__jurisdiction_path",
        "role",
    )
    org = Org([Seat(*r) for r in rows])
    user._gigcase_org = org
    return org


def forget_org(user) -> None:
    if hasattr(user, "_gigcase_org"):
        del user._gigcase_org


def unit_for(department_code: str, jurisdiction_code: str) -> Unit | None:
    return (
        Unit.objects.select_related("department", "jurisdiction")
        .filter(department__code=department_code, jurisdiction__code=jurisdiction_code)
        .first()
    )


def members_with_role(unit_id: int, *roles: str):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__unit_id=unit_id,
            memberships__role__in=roles,
            memberships__active=True,
            is_active=True,
        )
        .distinct()
    )
