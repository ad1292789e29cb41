"""Departments of the policy; jurisdictions come from `load_jurisdictions` or `seed_demo`."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent.parent / "fixtures" / "departments.csv"


def load(apps, schema_editor):
    Department = apps.get_model("permissions", "Department")
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Department.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"], "short_name": row["short_name"],
                    "city_unit_name_pattern": row["city_unit_name_pattern"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("permissions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
