"""`manage.py import_markets FILE`: upsert the gig-market registry from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casework.markets.imports import ImportFileError, import_markets, write_report


class Command(BaseCommand):
    help = (
        "Import gig markets from a CSV or XLSX file, upserting by (jurisdiction, name). All or "
        "nothing: if any row is bad, nothing is written, every rejected row is listed and the "
        "exit code is 1."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, write nothing"
        )
        parser.add_argument(
            "--report", type=Path, help="write the rejected rows, with a reason column, as CSV"
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        try:
            result = import_markets(path, dry_run=options["dry_run"])
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if options["report"]:
            write_report(result, options["report"])
        if not result.ok:
            for error in result.errors:
                self.stderr.write(
                    _("第 %(line)s 行 %(field)s：%(reason)s")
                    % {"line": error.line, "field": error.field, "reason": error.reason}
                )
            self.stderr.write(
                _("%(bad)s 行有误（共 %(rows)s 行），未导入任何数据。")
                % {"bad": len(result.rejected_lines()), "rows": result.rows}
            )
            raise SystemExit(1)
        summary = _("%(rows)s 行：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s。") % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        if result.dry_run:
            summary = _("试运行，未写入。") + summary
        self.stdout.write(summary)
