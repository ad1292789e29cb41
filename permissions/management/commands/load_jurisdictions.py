from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from permissions.errors import OrganisationDataError
from permissions.services import ensure_units, load_jurisdictions


class Command(BaseCommand):
    help = "Load or update the jurisdiction tree from a CSV (code,name,parent,division_code,lon,lat) or JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--no-units", action="store_true", help="do not create department units"
        )

    def handle(self, *args, file: Path, no_units: bool, **options):
        if not file.exists():
            raise CommandError(f"file not found: {file}")
        try:
            created, updated = load_jurisdictions(file)
        except OrganisationDataError as exc:
            raise CommandError(str(exc)) from exc
        units = 0 if no_units else ensure_units()
        self.stdout.write(
            f"jurisdictions: {created} created, {updated} updated; units created: {units}"
        )
