"""The generated users: every role of every unit once, then the rest spread by weight."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from permissions.models import Membership, Role

from .organisation import Organisation
from .weights import DEPARTMENT_STAFF, ROLE_WEIGHTS, weighted

USER_PREFIX = "bench."


def create_users(org: Organisation, n: int, rng: random.Random) -> int:
    """`n` users; the first ones hold every role of every unit once, so that each persona
    exists, the rest are spread by department, jurisdiction and role weights."""
    User = get_user_model()
    start = User.objects.filter(username__startswith=USER_PREFIX).count()
    seats = [(dept, jur, role) for (dept, jur) in sorted(org.units) for role in ROLE_WEIGHTS]
    staff = {d: DEPARTMENT_STAFF.get(d, 3) for d in org.departments}
    plan: list[list[tuple[str, str, str]]] = []
    for i in range(start, start + n):
        if i < len(seats):
            plan.append([seats[i]])
            continue
        dept = weighted(rng, staff)
        jur = weighted(rng, org.jur_weights)
        role = weighted(rng, ROLE_WEIGHTS)
        held = [(dept, jur, role)]
        if rng.random() < 0.05:
            # Some hold a second role in their unit (an officer who also registers cases).
            other = weighted(rng, {r: w for r, w in ROLE_WEIGHTS.items() if r != role})
            held.append((dept, jur, other))
        plan.append(held)
    users = [
        User(
            username=f"{USER_PREFIX}{held[0][0]}.{held[0][2]}.{held[0][1]}.{start + k:05d}",
            password="!",  # unusable: benchmark users never log in with a password
            is_active=True,
        )
        for k, held in enumerate(plan)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    ids = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
    )
    memberships = []
    for user, held in zip(users, plan, strict=True):
        for dept, jur, role in held:
            unit = org.units[(dept, jur)]
            memberships.append(Membership(user_id=ids[user.username], unit=unit, role=role))
            if role == Role.OFFICER:
                org.officers[unit.pk].append(ids[user.username])
    Membership.objects.bulk_create(memberships, batch_size=2000)
    return len(users)
