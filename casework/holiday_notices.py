"""Loading a year's State Council holiday notice: its days, all at once, and the handlers
told when a deadline of theirs moved.

Used by `manage.py load_holidays` and by the notice's admin form. Edits of single days in
the admin recompute clocks silently (`casework.receivers`); loading a notice is the event
that makes a year's provisional deadlines exact, so it is the one that notifies.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .clocks import recompute_open_clocks
from .language import writes_records
from .models import CalendarDay, ClockStatus, DayKind, HolidayNotice, LegalClock
from .models.clocks import CALENDAR_DAY_NAME_MAX
from .notify import notify

NOTIFICATION_TYPE = "deadline.moved"
MAX_ROWS = 366


class NoticeFileError(ValueError):
    """The days file is unusable; `errors` lists each problem with its row number."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Day:
    date: date
    kind: str
    name: str


def parse_days(year: int, text: str) -> list[Day]:
    """The rows of a `date,kind,name` CSV (as `fixtures/holidays_2025_2026.csv`), all in
    `year`; NoticeFileError naming every bad row."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or not {"date", "kind"} <= set(reader.fieldnames):
        raise NoticeFileError([_("第1行：表头须包含 date、kind（可选 name）列。")])
    days: list[Day] = []
    errors: list[str] = []
    seen: set[date] = set()
    kinds = set(DayKind.values)
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(_("行数超过%(n)s行。") % {"n": MAX_ROWS})
            break
        raw = (row.get("date") or "").strip()
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            errors.append(
                _("第%(row)s行 date：“%(value)s”不是日期（YYYY-MM-DD）。")
                % {"row": number, "value": raw[:20]}
            )
            continue
        kind = (row.get("kind") or "").strip()
        name = (row.get("name") or "").strip()
        if day.year != year:
            errors.append(
                _("第%(row)s行 date：%(day)s 不在%(year)s年。")
                % {"row": number, "day": day, "year": year}
            )
        elif day in seen:
            errors.append(_("第%(row)s行 date：%(day)s 重复。") % {"row": number, "day": day})
        if kind not in kinds:
            errors.append(_("第%(row)s行 kind：须为 holiday 或 workday。") % {"row": number})
        if len(name) > CALENDAR_DAY_NAME_MAX:
            errors.append(_("第%(row)s行 name：过长。") % {"row": number})
        seen.add(day)
        days.append(Day(day, kind, name))
    if errors:
        raise NoticeFileError(errors)
    if not days:
        raise NoticeFileError([_("文件中没有日期。")])
    return days


def replace_days(year: int, days: list[Day]) -> None:
    """The year's calendar becomes exactly `days` (inside the caller's transaction)."""
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d.date, kind=d.kind, name=d.name) for d in days
    )


def open_due_dates() -> dict[int, date]:
    return dict(
        LegalClock.objects.exclude(status=ClockStatus.STOPPED).values_list("id", "due_date")
    )


@writes_records
def notify_moved(before: dict[int, date]) -> int:
    """Recompute the open clocks and tell each case's handler which of its deadlines moved
    from `before` (one notification per case, in the site's language). Returns the number
    of cases told."""
    recompute_open_clocks()
    moved = (
        LegalClock.objects.filter(pk__in=before)
        .exclude(status=ClockStatus.STOPPED)
        .select_related("case")
        .order_by("case_id", "due_date")
    )
    told: set[int] = set()
    with transaction.atomic():
        for clock in moved:
            old = before[clock.pk]
            if clock.due_date == old or clock.case_id in told:
                continue
            told.add(clock.case_id)
            case = clock.case
            text = _("%(number)s：%(title)s届满日因节假日安排调整为%(new)s（原为%(old)s）。") % {
                "number": case.number,
                "title": clock.title,
                "new": f"{clock.due_date:%Y-%m-%d}",
                "old": f"{old:%Y-%m-%d}",
            }
            notify([case.assignee_id], case=case, type=NOTIFICATION_TYPE, text=text)
    return len(told)


@contextmanager
def handlers_told_of_moves() -> Iterator[None]:
    """Around a change of the calendar inside a transaction: once it commits, every open
    clock is recomputed and the handlers of the deadlines that moved are told."""
    before = open_due_dates()
    yield
    transaction.on_commit(lambda: notify_moved(before))


def load_notice(
    *, year: int, title: str, number: str = "", issued_on: date | None = None, days: list[Day]
) -> HolidayNotice:
    """The year's notice and exactly its days, in one transaction."""
    with transaction.atomic(), handlers_told_of_moves():
        replace_days(year, days)
        notice, _created = HolidayNotice.objects.update_or_create(
            year=year, defaults={"title": title, "number": number, "issued_on": issued_on}
        )
    return notice
