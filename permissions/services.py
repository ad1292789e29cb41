"""Loading and maintaining the organisation's reference data."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from .errors import OrganisationDataError
from .models import Department, Jurisdiction, Unit

JURISDICTION_COLUMNS = ("code", "name", "parent", "division_code", "lon", "lat")


def _read_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, list):
            raise OrganisationDataError("JSON file must hold a list of objects")
        return data
    return list(csv.DictReader(io.StringIO(text)))


def _decimal(value, field: str, line: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise OrganisationDataError(f"row {line}: {field} is not a number: {value!r}") from exc
    # NaN, infinities and out-of-range degrees would otherwise fail at save time, unnamed.
    if not number.is_finite() or abs(number) > (180 if field == "lon" else 90):
        raise OrganisationDataError(f"row {line}: {field} is out of range: {value!r}")
    return number


@transaction.atomic
def load_jurisdictions(path: Path) -> tuple[int, int]:
    """Create or update the jurisdiction tree from a CSV or JSON file.

    Parents may come after children in the file. All or nothing: an error names the row
    and nothing is written. Returns (created, updated).
    """
    rows = _read_rows(path)
    if not rows:
        raise OrganisationDataError("file holds no rows")
    missing = [c for c in ("code", "name") if c not in rows[0]]
    if missing:
        raise OrganisationDataError(f"missing columns: {', '.join(missing)}")
    by_code: dict[str, dict] = {}
    for i, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if not code or not (row.get("name") or "").strip():
            raise OrganisationDataError(f"row {i}: code and name are required")
        if code in by_code:
            raise OrganisationDataError(f"row {i}: duplicate code {code!r}")
        row["_line"] = i
        by_code[code] = row
    created = updated = 0
    done: dict[str, Jurisdiction] = {}

    def ensure(code: str, trail: tuple[str, ...] = ()) -> Jurisdiction:
        nonlocal created, updated
        if code in done:
            return done[code]
        if code in trail:
            raise OrganisationDataError(
                f"row {by_code[code]['_line']}: cycle in parents: {' -> '.join((*trail, code))}"
            )
        row = by_code[code]
        parent_code = (row.get("parent") or "").strip()
        parent = None
        if parent_code:
            if parent_code in by_code:
                parent = ensure(parent_code, (*trail, code))
            else:
                parent = Jurisdiction.objects.filter(code=parent_code).first()
                if parent is None:
                    raise OrganisationDataError(
                        f"row {row['_line']}: unknown parent {parent_code!r}"
                    )
        values = {
            "name": row["name"].strip(),
            "parent": parent,
            "division_code": (row.get("division_code") or "").strip(),
            "lon": _decimal(row.get("lon"), "lon", row["_line"]),
            "lat": _decimal(row.get("lat"), "lat", row["_line"]),
        }
        obj, was_created = Jurisdiction.objects.update_or_create(code=code, defaults=values)
        created += was_created
        updated += not was_created
        done[code] = obj
        return obj

    for code in by_code:
        ensure(code)
    # A row may hang an existing node under one of its own descendants stored earlier.
    parent_of = dict(Jurisdiction.objects.values_list("code", "parent__code"))
    for code in by_code:
        seen, node = [code], parent_of[code]
        while node is not None and node not in seen:
            seen.append(node)
            node = parent_of[node]
        if node is not None:
            cycle = seen[seen.index(node) :]
            row = min((by_code[c]["_line"] for c in cycle if c in by_code), default=2)
            raise OrganisationDataError(
                f"row {row}: cycle in parents: {' -> '.join((*cycle, node))}"
            )
    # Paths of descendants may have moved with their parent.
    for j in Jurisdiction.objects.select_related("parent").order_by("depth", "id"):
        old = (j.path, j.depth)
        j.compute_path()
        if (j.path, j.depth) != old:
            j.save(update_fields=["path", "depth"])
    for unit in Unit.objects.select_related("jurisdiction"):
        if unit.jurisdiction_path != unit.jurisdiction.path:
            unit.save(update_fields=["jurisdiction_path"])
    return created, updated


@transaction.atomic
def load_departments(path: Path) -> int:
    rows = _read_rows(path)
    for i, row in enumerate(rows, start=2):
        if not row.get("code") or not row.get("name"):
            raise OrganisationDataError(f"row {i}: code and name are required")
        Department.objects.update_or_create(
            code=row["code"].strip(),
            defaults={
                "name": row["name"].strip(),
                "short_name": (row.get("short_name") or row["name"]).strip(),
                "city_unit_name_pattern": (
                    row.get("city_unit_name_pattern") or "{jurisdiction}{name}"
                ).strip(),
            },
        )
    return len(rows)


def unit_name(department: Department, jurisdiction: Jurisdiction) -> str:
    return department.city_unit_name_pattern.format(
        jurisdiction=jurisdiction.name, name=department.name
    )


@transaction.atomic
def ensure_units() -> int:
    """One unit for every department in every jurisdiction; returns how many were created."""
    existing = set(Unit.objects.values_list("department_id", "jurisdiction_id"))
    created = 0
    for jur in Jurisdiction.objects.all():
        for dept in Department.objects.all():
            if (dept.id, jur.id) not in existing:
                Unit.objects.create(department=dept, jurisdiction=jur, name=unit_name(dept, jur))
                created += 1
    return created
