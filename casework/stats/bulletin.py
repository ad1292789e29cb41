"""The monthly statistics report (统计通报) as a PDF (docs/statistics.md, "The monthly
report").

The numbers are the report of `GET /api/v1/stats/` (`report.build_report`) for the same
caller, jurisdiction and month, so the same visibility rule and the same 400/404 apply;
this module chooses the month and the issuing unit, turns the figures into the rows the
document prints (`BulletinContent`), renders it (`bulletin_pdf.render_bulletin`) and audits
the download. Nothing is stored: every download is laid out from the recorded data at that
moment, prints when it read them, and its audit event keeps the SHA-256 of the bytes handed
out.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casework import audit
from casework.documents.issue import unit_abbreviation
from casework.documents.layout import chinese_date
from casework.errors import InvalidInput
from casework.payments import yuan
from permissions.models import Jurisdiction, Unit
from permissions.selectors import org_of

from .periods import parse_period
from .report import build_report
from .scope import jurisdiction_for

# The character of the 文号 naming a statistics report: 薛城人社统〔2026〕11号.
NUMBER_CODE = "统"

_MONTH_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}$")


def last_complete_month(today: date) -> str:
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def bulletin_period(text: str | None, today: date) -> str:
    """The month a report covers, `2026-11`: empty means the last complete month. Text the
    statistics would refuse gets their 400; a valid period that is not one month (a year, a
    quarter, a day, a range), or a month not yet begun, is a 400 too (field `period`)."""
    text = (text or "").strip() or last_complete_month(today)
    period = parse_period(text, today)
    if not _MONTH_TEXT.match(text):
        raise InvalidInput(
            _("统计通报按月出具：期间（period）应为 2026-11 这样的月份。"), field="period"
        )
    if period.first > today:
        raise InvalidInput(_("%(m)s尚未开始，无法出具统计通报。") % {"m": text}, field="period")
    return text


def dashboard_month(period_text: str, today: date) -> str:
    """The month whose report the dashboard offers for the period it shows: that month when
    it shows one that has begun, else the last complete month."""
    try:
        return bulletin_period(period_text, today)
    except InvalidInput:
        return last_complete_month(today)


def issuing_unit(user, place: Jurisdiction) -> Unit:
    """The unit the report goes out under: of the caller's seats that reach `place`, the
    one nearest to it (a district's own bureau before the city's)."""
    seats = [s for s in org_of(user).seats if place.path.startswith(s.jurisdiction_path)]
    seat = max(seats, key=lambda s: (s.jurisdiction_path.count("/"), -s.unit_id))
    return Unit.objects.select_related("department", "jurisdiction").get(pk=seat.unit_id)


def bulletin_number(unit: Unit, month: str) -> str:
    """The report's 文号, the same for every download of one unit's month: 枣庄人社统〔2026〕11号."""
    year, number = month.split("-")
    return f"{unit_abbreviation(unit)}{NUMBER_CODE}〔{year}〕{int(number)}号"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def wan(value: str | Decimal) -> str:
    """Yuan as 万元 with two decimals, as rankings print money: 71,500 → 7.15."""
    return f"{Decimal(value) / 10000:,.2f}"


def ranked(rows: list[dict]) -> list[dict]:
    """Rows by missed clocks first (the ones a leader asks about), then the overdue
    backlog, then the cases received; names break ties."""
    return sorted(
        rows,
        key=lambda r: (-r["overdue"], -r["backlog_overdue"], -r["received"], r["name"]),
    )


def ranking_rows(rows: list[dict]) -> list[list[str]]:
    """One line per jurisdiction or unit, ranked: the columns of `bulletin_pdf.RANKING`."""
    return [
        [
            str(n),
            r["name"],
            str(r["received"]),
            str(r["overdue"]),
            str(r["closed"]),
            percent(r["resolution"]["rate"]),
            str(r["backlog_open"]),
            str(r["backlog_overdue"]),
            wan(r["wages_recovered"]),
        ]
        for n, r in enumerate(ranked(rows), start=1)
    ]


@dataclass
class BulletinContent:
    """Everything the report prints, as text: laid out by `bulletin_pdf.bulletin_story`."""

    unit: str
    number: str
    title: str
    place: str
    month: str  # 2026年11月
    issued_on: date
    read_at: str  # when the figures were read: 2026年12月3日10时05分
    opening: str
    summary: list[str]
    headline: list[list[str]]
    rates: list[list[str]]
    markets: list[list[str]]
    areas: list[list[str]]
    units: list[list[str]]
    kinds: list[list[str]]
    notes: str
    closing: str
    keywords: tuple[str, ...] = field(default_factory=tuple)


def _read_at(now: datetime) -> str:
    local = timezone.localtime(now)
    return f"{chinese_date(local.date())}{local.hour}时{local.minute:02d}分"


def bulletin_content(
    report: dict, *, unit: Unit, number: str, issued_on: date, now: datetime
) -> BulletinContent:
    """The report's text from the statistics (`build_report`'s answer for one month)."""
    place = report["jurisdiction"]["name"]
    first = date.fromisoformat(report["period"]["first"])
    last = date.fromisoformat(report["period"]["last"])
    month = _("%(y)s年%(m)s月") % {"y": first.year, "m": first.month}
    t = report["totals"]
    read_at = _read_at(now)
    summary = [
        _(
            "%(month)s（%(first)s至%(last)s），%(place)s共受理案件%(received)s件，其中按时办理"
            "%(on_time)s件，超时办理%(overdue)s件，至今仍在办理%(open)s件；办结案件%(closed)s件，"
            "其中问题得到解决%(resolved)s件，帮助劳动者%(workers)s人。"
        )
        % {
            "month": month,
            "first": chinese_date(first),
            "last": chinese_date(last),
            "place": place,
            "received": t["received"],
            "on_time": t["on_time"],
            "overdue": t["overdue"],
            "open": t["open"],
            "closed": t["closed"],
            "resolved": t["resolved"],
            "workers": t["workers_helped"],
        },
        _(
            "本月受理的欠薪案件涉及金额%(owed)s元，已追回%(recovered)s元；本月记录的工资支付"
            "%(paid)s元。截至%(at)s，全部在办案件%(backlog)s件，其中已超过办理期限%(late)s件。"
        )
        % {
            "owed": yuan(t["wages_owed"]),
            "recovered": yuan(t["wages_recovered"]),
            "paid": yuan(t["wages_paid"]),
            "at": read_at,
            "backlog": t["backlog_open"],
            "late": t["backlog_overdue"],
        },
    ]
    headline = [
        [_("受理案件（件）"), str(t["received"])],
        [_("其中：按时办理（件）"), str(t["on_time"])],
        [_("　　　超时办理（件）"), str(t["overdue"])],
        [_("　　　仍在办理（件）"), str(t["open"])],
        [_("办结案件（件）"), str(t["closed"])],
        [_("其中：问题得到解决（件）"), str(t["resolved"])],
        [_("帮助劳动者（人）"), str(t["workers_helped"])],
        [_("涉及欠薪（元）"), yuan(t["wages_owed"])],
        [_("追回工资（元）"), yuan(t["wages_recovered"])],
        [_("本月支付工资（元）"), yuan(t["wages_paid"])],
        [_("当前在办案件（件）"), str(t["backlog_open"])],
        [_("其中：已超过办理期限（件）"), str(t["backlog_overdue"])],
    ]
    r, s, v = t["response"], t["resolution"], t["satisfaction"]
    rates = [
        [
            _("响应率"),
            _("受理时限内作出受理决定"),
            str(r["timely"]),
            str(r["due"]),
            percent(r["rate"]),
        ],
        [
            _("解决率"),
            _("办结案件中问题得到解决"),
            str(s["resolved"]),
            str(s["closed"]),
            percent(s["rate"]),
        ],
        [
            _("满意率"),
            _("回访中表示满意"),
            str(v["satisfied"]),
            str(v["asked"]),
            percent(v["rate"]),
        ],
    ]
    markets = [[m["label"], str(m["count"])] for m in report["markets"]]
    markets.append([_("合计"), str(sum(m["count"] for m in report["markets"]))])
    own = _("（本级）")
    areas = ranking_rows(
        [
            {**a, "name": a["name"] + own if a["own_level"] else a["name"]}
            for a in report["by_jurisdiction"]
        ]
    )
    units = ranking_rows(report["by_unit"])
    kinds = [
        [
            k["label"],
            str(k["received"]),
            str(k["on_time"]),
            str(k["overdue"]),
            str(k["closed"]),
            str(k["resolved"]),
            str(k["backlog_open"]),
        ]
        for k in report["by_kind"]
    ]
    title = _("%(place)s%(month)s案件办理情况通报") % {"place": place, "month": month}
    opening = _(
        "现将%(month)s%(place)s案件办理情况通报如下。本通报由系统根据办案记录自动统计，"
        "只统计本单位有权查看的案件，数据截至%(at)s。"
    ) % {"month": month, "place": place, "at": read_at}
    notes = _(
        "受理：本月提交的案件；按时、超时：本月受理的案件中，主办单位有无错过法定由其"
        "遵守的办理时限（责令当事人限期支付、限期改正等期限和其他部门的时限不计）；办结：本月"
        "办结的案件（合并不计）；在办、超期：统计时尚未办结、已过办理期限的案件，"
        "不限月份；响应率：受理时限届满或已作出决定的案件中按时作出决定的比例；解决率："
        "办结案件中问题得到解决的比例；满意率：本月回访中表示满意的比例。无可计算的案件时"
        "比率记为“—”。"
    )
    return BulletinContent(
        unit=unit.name,
        number=number,
        title=title,
        place=place,
        month=month,
        issued_on=issued_on,
        read_at=read_at,
        opening=opening,
        summary=summary,
        headline=headline,
        rates=rates,
        markets=markets,
        areas=areas,
        units=units,
        kinds=kinds,
        notes=notes,
        closing=_("特此通报。"),
        keywords=(number, report["jurisdiction"]["code"], report["period"]["text"]),
    )


@dataclass
class BulletinFile:
    content: bytes
    filename: str
    number: str
    sha256: str


def bulletin_download(
    user, *, jurisdiction: str | None, period: str | None, channel: str
) -> BulletinFile:
    """The caller's report for a jurisdiction (a code; the caller's widest when empty) and a
    month (`bulletin_period`), rendered now and audited as a download. Raises InvalidInput
    (400) or OutOfReach (404) as the statistics do."""
    from .bulletin_pdf import render_bulletin

    now = timezone.now()
    today = timezone.localdate(now)
    month = bulletin_period(period, today)
    place = jurisdiction_for(user, jurisdiction)
    unit = issuing_unit(user, place)
    number = bulletin_number(unit, month)
    # An official document is Chinese whatever language the caller's pages are in.
    with translation.override("zh-hans"):
        report = build_report(
            user, jurisdiction=place.code, period=month, today=today, links=False, series=False
        )
        content = bulletin_content(report, unit=unit, number=number, issued_on=today, now=now)
        pdf = render_bulletin(content)
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        audit.record(
            actor=user,
            verb="casework.stats.bulletin_downloaded",
            obj=unit,
            payload={
                "jurisdiction": place.code,
                "period": month,
                "number": number,
                "sha256": digest,
                "size": len(pdf),
                "received": report["totals"]["received"],
                "channel": channel,
            },
        )
    return BulletinFile(pdf, f"tongbao-{place.code}-{month}.pdf", number, digest)
