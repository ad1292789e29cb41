"""Seed the published holiday schedules for 2025 and 2026 (editable in the admin)."""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent.parent / "fixtures" / "holidays_2025_2026.csv"


def load(apps, schema_editor):
    CalendarDay = apps.get_model("casework", "CalendarDay")
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            CalendarDay.objects.update_or_create(
                date=date.fromisoformat(row["date"]), defaults={"kind": row["kind"], "name": row["name"]}
            )


def unload(apps, schema_editor):
    apps.get_model("casework", "CalendarDay").objects.filter(date__year__in=[2025, 2026]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
