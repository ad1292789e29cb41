"""How the generated users and cases are spread: weights per jurisdiction, department and
role, and the weighted draw."""

from __future__ import annotations

import random

from permissions.models import Role

# Share of cases and staff per jurisdiction: the districts carry the work, the city level
# leads what is escalated to it.
JURISDICTION_WEIGHTS = {
    "city": 6,
    "tengzhou": 24,
    "shizhong": 17,
    "xuecheng": 14,
    "yicheng": 10,
    "gaoxin": 10,
    "taierzhuang": 9,
    "shanting": 10,
}
DEPARTMENT_STAFF = {
    "hrss": 30,
    "police": 36,
    "market": 14,
    "health": 7,
    "housing": 5,
    "drc": 4,
    "finance": 4,
}
ROLE_WEIGHTS = {Role.OFFICER: 64, Role.CLERK: 12, Role.SUPERVISOR: 14, Role.VIEWER: 10}


def weighted(rng: random.Random, weights: dict) -> object:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]
