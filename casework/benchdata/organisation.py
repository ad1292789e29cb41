"""The organisation the data is generated over: jurisdictions, departments and units
(loaded from `fixtures/` when missing) and the officers of each unit."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings

from permissions.models import Department, Jurisdiction, Membership, Role, Unit
from permissions.services import ensure_units, load_departments, load_jurisdictions

from .weights import JURISDICTION_WEIGHTS

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Organisation:
    """Units by (department code, jurisdiction code), with the generated officers per unit."""

    def __init__(self) -> None:
        if not Jurisdiction.objects.exists():
            load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
        if not Department.objects.exists():
            load_departments(FIXTURES / "departments.csv")
        ensure_units()
        self.jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
        self.departments = {d.code: d for d in Department.objects.all()}
        self.units: dict[tuple[str, str], Unit] = {
            (u.department.code, u.jurisdiction.code): u
            for u in Unit.objects.select_related("department", "jurisdiction")
        }
        self.root = next(j.code for j in self.jurisdictions.values() if j.parent_id is None)
        self.jur_weights = {code: JURISDICTION_WEIGHTS.get(code, 8) for code in self.jurisdictions}
        self.officers: dict[int, list[int]] = defaultdict(list)
        for unit_id, user_id in Membership.objects.filter(
            role=Role.OFFICER, active=True
        ).values_list("unit_id", "user_id"):
            self.officers[unit_id].append(user_id)
