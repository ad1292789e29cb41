"""The organisation: departments, the Zaozhuang jurisdictions and their units."""

from __future__ import annotations

from django.db import transaction

from permissions.models import Unit
from permissions.services import ensure_units, load_departments, load_jurisdictions, unit_name

from .context import FIXTURES

# City-level bodies whose official names differ from the department pattern.
CITY_UNIT_NAMES = {"drc": "枣庄市发展和改革委员会", "health": "枣庄市卫生健康委员会"}


def seed_organisation() -> dict[str, int]:
    """Departments, the Zaozhuang jurisdictions and every department × jurisdiction unit."""
    with transaction.atomic():
        load_departments(FIXTURES / "departments.csv")
        created, _updated = load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
        units = ensure_units()
        for dept_code, name in CITY_UNIT_NAMES.items():
            unit = Unit.objects.filter(
                department__code=dept_code, jurisdiction__parent__isnull=True
            ).first()
            # Only rename a unit still carrying the generated name: an admin's edit stays.
            if (
                unit
                and unit.name != name
                and unit.name == unit_name(unit.department, unit.jurisdiction)
            ):
                unit.name = name
                unit.save(update_fields=["name"])
    return {"jurisdictions": created, "units": units}
