"""The statutory public holidays of 《全国年节及纪念日放假办法》, computed for any year.

The State Council's yearly notice (国务院办公厅关于××年部分节假日安排的通知) fixes each year's
days off and adjusted working days (调休); it is loaded as data (`HolidayNotice` and its
`CalendarDay` rows). Until it is, a year still has the holidays the 办法 itself gives, and
these are computed here from the Gregorian and the lunar calendar (`lunar_python`):

- 2024 revision (国务院令第798号, in force since 2025-01-01, 第二条): 元旦 1 day (1 January),
  春节 4 days (除夕 to 正月初三), 清明节 1 day (the day of the 清明 solar term), 劳动节 2 days
  (1–2 May), 端午节 1 day (五月初五), 中秋节 1 day (八月十五), 国庆节 3 days (1–3 October).
- 2013 revision (国务院令第644号, for 2014–2024): the same, but 春节 3 days (正月初一 to
  初三) and 劳动节 1 day.

Not computed: the makeup day off (补假) for a holiday falling on a weekend (第六条) and the
adjusted working days, which only the notice fixes; a year's computed calendar is therefore
provisional (暂定), and pages and the API say so.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar

# The years the rules are computed for; other years fall back to the plain week.
FIRST_YEAR = 2014
LAST_YEAR = 2199
REVISION_2024_FROM = 2025


def _solar(lunar: Lunar) -> date:
    solar = lunar.getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The days off the 办法 gives in `year`, each with its festival's name; empty for a
    year outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return {}
    revised = year >= REVISION_2024_FROM
    days: dict[date, str] = {}

    def add(d: date, name: str) -> None:
        days[d] = f"{days[d]}、{name}" if d in days else name  # e.g. 国庆节、中秋节

    add(date(year, 1, 1), "元旦")
    new_year = _solar(Lunar.fromYmd(year, 1, 1))
    first = new_year - timedelta(days=1) if revised else new_year  # 除夕 from 2025
    for i in range(4 if revised else 3):
        add(first + timedelta(days=i), "春节")
    qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    add(date(qingming.getYear(), qingming.getMonth(), qingming.getDay()), "清明节")
    for d in range(1, 3 if revised else 2):
        add(date(year, 5, d), "劳动节")
    add(_solar(Lunar.fromYmd(year, 5, 5)), "端午节")
    for d in range(1, 4):
        add(date(year, 10, d), "国庆节")
    add(_solar(Lunar.fromYmd(year, 8, 15)), "中秋节")
    return dict(sorted(days.items()))
