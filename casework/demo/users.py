"""The demo users: four roles in every department × jurisdiction unit, and `admin`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from permissions.models import Department, Jurisdiction, Membership, Role, Unit

from .context import rng_for
from .identities import person_name

ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK, Role.VIEWER)
# hrss handles most complaints: its district units get a second officer, so that workload
# balancing and reassignment have a choice to make.
SECOND_OFFICER_DEPARTMENT = "hrss"


def demo_usernames() -> list[tuple[str, str, str, str]]:
    """(username, department, jurisdiction, role) of every demo user but `admin`."""
    rows = []
    jurisdictions = list(Jurisdiction.objects.order_by("path").values_list("code", "depth"))
    departments = list(Department.objects.order_by("id").values_list("code", flat=True))
    for jur, depth in jurisdictions:
        for dept in departments:
            for role in ROLES:
                rows.append((f"{dept}.{role}.{jur}", dept, jur, role))
            if dept == SECOND_OFFICER_DEPARTMENT and depth > 0:
                rows.append((f"{dept}.officer2.{jur}", dept, jur, Role.OFFICER))
    return rows


def seed_users(password: str | None = None) -> dict[str, int]:
    """Create the missing demo users and memberships; existing ones are left as they are.

    The password is hashed once and the hash reused: hashing it ~230 times with the
    default PBKDF2 hasher would take minutes.
    """
    User = get_user_model()
    password = password or settings.DEMO_PASSWORD
    rng = rng_for("users")
    rows = demo_usernames()
    with transaction.atomic():
        hashed = make_password(password)
        existing = set(User.objects.values_list("username", flat=True))
        new_users = []
        if "admin" not in existing:
            new_users.append(
                User(
                    username="admin",
                    password=hashed,
                    first_name="系统管理员",
                    is_staff=True,
                    is_superuser=True,
                )
            )
        for username, *_ in rows:
            # Draw a name for every row, new or not, so names do not depend on what exists.
            name = person_name(rng)
            if username not in existing:
                new_users.append(User(username=username, password=hashed, first_name=name))
        User.objects.bulk_create(new_users)
        users = dict(
            User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", "id")
        )
        units = {
            (dept, jur): uid
            for uid, dept, jur in Unit.objects.values_list(
                "id", "department__code", "jurisdiction__code"
            )
        }
        have = set(Membership.objects.values_list("user_id", "unit_id", "role"))
        memberships = []
        for username, dept, jur, role in rows:
            key = (users[username], units[(dept, jur)], str(role))
            if key not in have:
                have.add(key)
                memberships.append(Membership(user_id=key[0], unit_id=key[1], role=key[2]))
        Membership.objects.bulk_create(memberships)
    return {"users": len(new_users), "memberships": len(memberships)}
