"""`manage.py load_holidays FILE --year Y --title T [--number N] [--issued-on D]`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casework.holiday_notices import NoticeFileError, load_notice, parse_days


class Command(BaseCommand):
    help = (
        "Load a year's State Council holiday notice: FILE is a date,kind,name CSV of its days "
        "off (holiday) and adjusted working days (workday). The year's days are replaced by "
        "the file's, all or nothing; every open clock is recomputed and the handlers whose "
        "deadline moved are notified."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--title", required=True, help="the notice's title")
        parser.add_argument("--number", default="", help="its 文号, e.g. 国办发明电〔2024〕12号")
        parser.add_argument("--issued-on", default="", help="its date, YYYY-MM-DD")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("文件不存在：%(path)s") % {"path": path})
        year = options["year"]
        if not 2000 <= year <= 2199:
            raise CommandError(_("--year：须在2000至2199之间。"))
        issued_on = None
        if options["issued_on"]:
            try:
                issued_on = date.fromisoformat(options["issued_on"])
            except ValueError:
                raise CommandError(_("--issued-on：须为日期（YYYY-MM-DD）。")) from None
        title = options["title"].strip()
        if not title or len(title) > 120:
            raise CommandError(_("--title：不能为空，且不超过120字。"))
        number = options["number"].strip()
        if len(number) > 60:
            raise CommandError(_("--number：不超过60字。"))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise CommandError(_("文件须为 UTF-8 编码的 CSV。")) from None
        try:
            days = parse_days(year, text)
        except NoticeFileError as exc:
            raise CommandError("\n".join(exc.errors)) from None
        load_notice(year=year, title=title, number=number, issued_on=issued_on, days=days)
        self.stdout.write(
            _("已载入%(year)s年节假日安排：%(n)s天。") % {"year": year, "n": len(days)}
        )
