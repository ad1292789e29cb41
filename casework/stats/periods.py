"""The `period` of the statistics: `2026`, `2026-Q4`, `2026-11`, `2026-11-05` or a range of
days `2026-10-01..2026-12-31` (both ends included). Empty means the current month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.errors import InvalidInput

MIN_YEAR, MAX_YEAR = 2000, 2100
# A range of days is at most this long: longer questions are asked by year.
MAX_RANGE_DAYS = 366
# Up to this many days the series is by day, beyond it by month.
DAILY_UP_TO = 62

# ASCII digits only: a bare \d also matches other scripts' digits (full-width ２０２６,
# mathematical 𝟐𝟎𝟐𝟔, Arabic-Indic ٢٠٢٦), which int() reads but the PDF's font cannot print.
_YEAR = re.compile(r"^([0-9]{4})$")
_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Period:
    text: str
    first: date  # first day, included
    last: date  # last day, included

    @property
    def step(self) -> str:
        """The series' step: "day" for a month or shorter, "month" beyond."""
        return "day" if (self.last - self.first).days < DAILY_UP_TO else "month"

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as [start, end) in local time, for timestamp columns."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.first, time.min, tzinfo=tz)
        end = datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=tz)
        return start, end

    def months(self) -> list[tuple[date, datetime, datetime]]:
        """The calendar months the period touches, each as (its first day, [start, end) in
        local time cut to the period): the buckets of a series by month."""
        tz = timezone.get_current_timezone()
        out = []
        month = self.first.replace(day=1)
        while month <= self.last:
            following = _month_end(month.year, month.month) + timedelta(days=1)
            lo, hi = max(month, self.first), min(following, self.last + timedelta(days=1))
            out.append(
                (
                    month,
                    datetime.combine(lo, time.min, tzinfo=tz),
                    datetime.combine(hi, time.min, tzinfo=tz),
                )
            )
            month = following
        return out


def _bad(message: str) -> InvalidInput:
    return InvalidInput(message, field="period")


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _bad(_("统计期间的年份应在%(lo)s至%(hi)s之间。") % {"lo": MIN_YEAR, "hi": MAX_YEAR})
    return year


def _month_end(year: int, month: int) -> date:
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return nxt - timedelta(days=1)


def _day(text: str) -> date:
    if not _DAY.match(text):
        raise _bad(_("日期格式应为YYYY-MM-DD。"))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise _bad(_("日期不存在：%(d)s") % {"d": text}) from None
    _year(str(day.year))
    return day


def parse_period(text: str | None, today: date) -> Period:
    """The period named by `text`; InvalidInput (400, field `period`) when it makes no sense."""
    text = (text or "").strip()
    if any(c.isdigit() and not c.isascii() for c in text):
        raise _bad(_("统计期间请用半角数字0-9书写，如 2026-11。"))
    if not text:
        return Period(
            today.strftime("%Y-%m"), today.replace(day=1), _month_end(today.year, today.month)
        )
    if m := _YEAR.match(text):
        year = _year(m[1])
        return Period(text, date(year, 1, 1), date(year, 12, 31))
    if m := _QUARTER.match(text):
        year, quarter = _year(m[1]), int(m[2])
        first = date(year, 3 * quarter - 2, 1)
        return Period(f"{year}-Q{quarter}", first, _month_end(year, 3 * quarter))
    if m := _MONTH.match(text):
        year, month = _year(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise _bad(_("月份应在01至12之间。"))
        return Period(text, date(year, month, 1), _month_end(year, month))
    if ".." in text:
        lo, _sep, hi = text.partition("..")
        first, last = _day(lo.strip()), _day(hi.strip())
        if last < first:
            raise _bad(_("统计期间的结束日期早于开始日期。"))
        if (last - first).days >= MAX_RANGE_DAYS:
            raise _bad(_("统计期间不得超过%(n)s天，请按年度统计。") % {"n": MAX_RANGE_DAYS})
        return Period(f"{first.isoformat()}..{last.isoformat()}", first, last)
    if _DAY.match(text):
        day = _day(text)
        return Period(text, day, day)
    raise _bad(
        _(
            "无法识别的统计期间“%(p)s”：可用 2026、2026-Q4、2026-11、2026-11-05 或 2026-10-01..2026-12-31。"
        )
        % {"p": text[:40]}
    )
