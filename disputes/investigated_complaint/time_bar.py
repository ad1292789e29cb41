"""The two-year bar of 劳动保障监察条例 第二十条 on complaints handled by labour inspection.

违反劳动保障法律、法规或者规章的行为在2年内未被劳动保障行政部门发现，也未被举报、投诉的，
劳动保障行政部门不再查处。前款规定的期限，自违反劳动保障法律、法规或者规章的行为发生之日起
计算；违法行为有连续或者继续状态的，自行为终了之日起计算。

At intake the complaint says when the violation happened (`occurred_on`) and, for one that
went on (连续或者继续状态), whether it still goes on (`violation_continuing`) or the day it
ended (`violation_ended_on`). The two years are counted from that day (the day itself not
counted, 民法典 第二百零一条) to the corresponding day two years on, or the month's last day
(第二百零二条), and a last day on a rest day moves to the next working day (第二百零三条):
a complaint is an act the complainant must do in time. A complaint received after that day
is flagged (`details.time_bar.barred`); acceptance (`accept`) is then refused, and only a
supervisor may accept it anyway, giving the reason (`accept_time_barred`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.workdays import add_years, next_working_day
from permissions.models import Role
from permissions.selectors import members_with_role

YEARS = 2
ARTICLE = _l("《劳动保障监察条例》第二十条")
ARTICLE_TEXT = _l(
    "违反劳动保障法律、法规或者规章的行为在2年内未被劳动保障行政部门发现，也未被举报、投诉的，"
    "劳动保障行政部门不再查处。前款规定的期限，自违反劳动保障法律、法规或者规章的行为发生之日起"
    "计算；违法行为有连续或者继续状态的，自行为终了之日起计算。"
)


def last_day(counted_from: date) -> date:
    """The last day on which a complaint about a violation that happened (or ended) on
    `counted_from` is still within the two years."""
    return next_working_day(add_years(counted_from, YEARS))


def assess(
    *,
    occurred_on: date | None,
    continuing: bool,
    ended_on: date | None,
    received_on: date,
) -> dict | None:
    """What the case records of the bar (`details.time_bar`), or None when the complaint
    gives no date to count from."""
    if continuing and ended_on is None:
        # Still going on: the two years have not started.
        return {
            "continuing": True,
            "counted_from": None,
            "last_day": None,
            "received_on": received_on.isoformat(),
            "barred": False,
            "basis": str(ARTICLE),
        }
    counted_from = ended_on or occurred_on
    if counted_from is None:
        return None
    last = last_day(counted_from)
    return {
        "continuing": bool(continuing or ended_on),
        "counted_from": counted_from.isoformat(),
        "last_day": last.isoformat(),
        "received_on": received_on.isoformat(),
        "barred": received_on > last,
        "basis": str(ARTICLE),
    }


def _day(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def received_day(details: dict) -> date | None:
    """The day the unit received the complaint, when an officer recorded it (`received_on`)."""
    return _day(details.get("received_on"))


def note_time_bar(ctx) -> None:
    """At opening: record the bar on the case, and tell the unit's supervisors, who alone
    may accept a complaint beyond it."""
    case = ctx.case
    details = case.details or {}
    received_on = received_day(details) or ctx.today
    bar = assess(
        occurred_on=case.occurred_on,
        continuing=bool(details.get("violation_continuing")),
        ended_on=_day(details.get("violation_ended_on")),
        received_on=received_on,
    )
    if bar is None:
        return
    ctx.note("time_bar", bar)
    if bar["barred"]:
        ctx.audit_payload["time_barred"] = True
        ctx.notifications.append(
            (
                members_with_role(case.lead_unit_id, Role.SUPERVISOR),
                "case.time_barred",
                _(
                    "投诉%(number)s所反映的违法行为自%(start)s起已超过2年（%(article)s），"
                    "如确需受理，须由审批人决定。"
                )
                % {"number": case.number, "start": bar["counted_from"], "article": ARTICLE},
            )
        )


def time_barred(case) -> bool:
    """The complaint came in after the two years (the flag stays after a supervisor
    accepted it anyway: it is a fact of the complaint)."""
    return bool(((case.details or {}).get("time_bar") or {}).get("barred"))


def not_time_barred(case) -> bool:
    return not time_barred(case)
