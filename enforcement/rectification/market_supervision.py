"""Market supervision's penalty procedure for unlicensed business (市场监督管理行政处罚程序规定),
run on the rectification case by the participating market-supervision unit.

The lead refers the case (`refer_to_market`, the 线索 that starts the 15-working-day 立案
clock); market supervision records 立案 (`market_file`, starting the 90-day decision clock),
pauses and resumes the running clock for testing or a hearing, takes the one extension of
either clock, and decides (`market_decide`). The clocks, guards, effects and transitions of
that procedure are here; `kind.py` places the transitions in the kind's spec.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import day_text
from casework.kinds import ClockSpec, Extension, TransitionSpec
from casework.models import PauseReason
from casework.payloads import CommentPayload, ReasonPayload
from permissions.models import Role

from .lead_penalty import end_lead_procedure
from .market_status import record_penalty
from .payloads import MarketExtendPayload, MarketFilePayload, MarketPausePayload, PenaltyPayload

MARKET_FILING = ClockSpec(
    code="market_filing",
    title=_l("市场监管立案期限"),
    legal_basis=_l(
        "《市场监督管理行政处罚程序规定》第十八条：应当自发现线索或者收到材料之日起15个工作日内"
        "予以核查，由市场监督管理部门负责人决定是否立案；特殊情况下，经市场监督管理部门负责人"
        "批准，可以延长15个工作日；检测、检验、检疫、鉴定以及权利人辨认或者鉴别等所需时间，"
        "不计入前款规定期限"
    ),
    day_unit="working",
    days=15,
    start_event=_l("收到移送材料之日"),
    exclusions=(
        PauseReason.TESTING,
        PauseReason.INSPECTION,
        PauseReason.QUARANTINE,
        PauseReason.APPRAISAL,
        PauseReason.IDENTIFICATION,
    ),
    extensions=(Extension(15, _l("市场监督管理部门负责人批准")),),
    owner="market",
)
MARKET_PENALTY = ClockSpec(
    code="market_penalty",
    title=_l("市场监管处罚决定期限"),
    legal_basis=_l(
        "《市场监督管理行政处罚程序规定》第六十四条：适用普通程序办理的案件应当自立案之日起"
        "90日内作出处理决定；经市场监督管理部门负责人批准，可以延长30日；经延期仍不能作出"
        "处理决定的，由负责人集体讨论决定是否继续延期并确定延长的合理期限；中止、听证、公告"
        "和检测、检验、检疫、鉴定、权利人辨认或者鉴别、责令退还等时间不计入案件办理期限"
    ),
    day_unit="calendar",
    days=90,
    start_event=_l("立案之日"),
    exclusions=(
        PauseReason.SUSPENSION,
        PauseReason.HEARING,
        PauseReason.PUBLIC_NOTICE,
        PauseReason.TESTING,
        PauseReason.INSPECTION,
        PauseReason.QUARANTINE,
        PauseReason.APPRAISAL,
        PauseReason.IDENTIFICATION,
        PauseReason.ORDER_REFUND,
    ),
    extensions=(
        Extension(30, _l("市场监督管理部门负责人批准")),
        Extension(None, _l("市场监督管理部门负责人集体讨论决定")),
    ),
    owner="market",
)
MARKET_CLOCKS = (MARKET_FILING.code, MARKET_PENALTY.code)


# --- guards --------------------------------------------------------------------------------


def _details(case) -> dict:
    return case.details or {}


def referred(case) -> bool:
    return "market_referral" in _details(case)


def not_referred(case) -> bool:
    return not referred(case)


def awaiting_filing(case) -> bool:
    return referred(case) and "filed" not in _details(case)["market_referral"]


def filed(case) -> bool:
    return referred(case) and "filed" in _details(case)["market_referral"]


def _market_clock(case):
    for code in MARKET_CLOCKS:
        clock = clocks.running(case, code)
        if clock is not None:
            return clock
    return None


def market_clock_running(case) -> bool:
    clock = _market_clock(case)
    return clock is not None and clock.status == "running"


def market_clock_paused(case) -> bool:
    clock = _market_clock(case)
    return clock is not None and clock.status == "paused"


def market_clock_extendable(case) -> bool:
    clock = _market_clock(case)
    return clock is not None and clocks.can_extend(case, clock.code)


# --- effects -------------------------------------------------------------------------------


def refer_to_market(ctx) -> None:
    ended = end_lead_procedure(ctx.case)
    clocks.start(ctx.case, MARKET_FILING, ctx.today)
    ctx.note("market_referral", {"reason": ctx.data["reason"], "on": ctx.today.isoformat()})
    ctx.timeline_text = _("移送市场监管部门立案查处")
    if ended:
        ctx.timeline_text += _("（本单位已立案的处罚程序随之终结）")
    ctx.notify_next(
        "market_file",
        "transfer.received",
        _("零工市场整治案件移送立案：%(number)s") % {"number": ctx.case.number},
    )


def market_file(ctx) -> None:
    clocks.stop(ctx.case, MARKET_FILING.code)
    clocks.start(ctx.case, MARKET_PENALTY, ctx.today)
    referral = {
        **ctx.case.details["market_referral"],
        "filed": ctx.today.isoformat(),
        "filing_number": ctx.data["filing_number"],
    }
    ctx.note("market_referral", referral)
    ctx.timeline_text = _("市场监管部门立案（%(no)s）") % {"no": ctx.data["filing_number"]}


def market_pause(ctx) -> None:
    clock = _market_clock(ctx.case)
    clocks.pause(
        ctx.case,
        clock.code,
        reason=ctx.data["reason"],
        note=ctx.data.get("comment", ""),
        on=ctx.today,
    )
    ctx.audit_payload["clock"] = clock.code
    # `reason` is a code (testing, hearing…), named in the text: the comment is the officer's.
    ctx.timeline_comment = ctx.data.get("comment", "")
    ctx.timeline_text = _("%(clock)s中止计时（%(reason)s）") % {
        "clock": clock.title,
        "reason": PauseReason(ctx.data["reason"]).label,
    }


def market_resume(ctx) -> None:
    clock = clocks.resume(ctx.case, _market_clock(ctx.case).code, on=ctx.today)
    ctx.audit_payload["clock"] = clock.code
    ctx.audit_payload["new_due_date"] = clock.due_date.isoformat()
    ctx.timeline_text = _("%(clock)s恢复计时，扣除%(n)s个%(unit)s，届满日%(date)s") % {
        "clock": clock.title,
        "n": clock.excluded_units,
        "unit": clock.get_day_unit_display(),
        "date": day_text(clock.due_date),
    }


def market_extend(ctx) -> None:
    clock = ctx.extend_clock(
        _market_clock(ctx.case).code, note=ctx.data["reason"], days=ctx.data.get("days")
    )
    granted = clock.extensions.last()
    ctx.audit_payload["clock"] = clock.code
    ctx.audit_payload["days"] = granted.days
    # In the clock's own unit: the filing clock's extension is 15 working days, not 15 days.
    ctx.timeline_text = _("%(clock)s经%(approver)s延长%(n)s个%(unit)s，届满日%(date)s") % {
        "clock": clock.title,
        "approver": granted.approver,
        "n": granted.days,
        "unit": clock.get_day_unit_display(),
        "date": day_text(clock.due_date),
    }


def market_decide(ctx) -> None:
    clocks.stop(ctx.case, *MARKET_CLOCKS)
    record_penalty(ctx, "market")


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR
MARKET_SIDE = "participant:market"

# In the kind's spec after the lead's own decisions (`impose_penalty`, `ban`).
TRANSITIONS = [
    T(
        "refer_to_market",
        _l("移送市场监管立案"),
        OFFICER,
        serializer=ReasonPayload,
        effect=refer_to_market,
        condition=not_referred,
        refusal=_l("本案已移送市场监管部门。"),
        style="secondary",
    ),
    T(
        "market_file",
        _l("立案（市场监管）"),
        OFFICER,
        side=MARKET_SIDE,
        serializer=MarketFilePayload,
        effect=market_file,
        condition=awaiting_filing,
        refusal=_l("本案未移送市场监管部门，或已立案。"),
    ),
    T(
        "market_pause",
        _l("中止计时：检测或听证（市场监管）"),
        OFFICER,
        side=MARKET_SIDE,
        serializer=MarketPausePayload,
        effect=market_pause,
        condition=market_clock_running,
        refusal=_l("没有正在计时的市场监管期限。"),
        style="secondary",
    ),
    T(
        "market_resume",
        _l("恢复计时（市场监管）"),
        OFFICER,
        side=MARKET_SIDE,
        serializer=CommentPayload,
        effect=market_resume,
        condition=market_clock_paused,
        refusal=_l("市场监管期限没有中止。"),
        style="secondary",
    ),
    T(
        "market_extend",
        _l("批准延长期限（市场监管负责人）"),
        SUPERVISOR,
        side=MARKET_SIDE,
        serializer=MarketExtendPayload,
        effect=market_extend,
        condition=market_clock_extendable,
        refusal=_l("市场监管期限已用尽依法可以延长的次数，或没有正在计时的期限。"),
        style="secondary",
    ),
    T(
        "market_decide",
        _l("作出处罚决定（市场监管）"),
        OFFICER,
        side=MARKET_SIDE,
        serializer=PenaltyPayload,
        effect=market_decide,
        condition=filed,
        refusal=_l("市场监管部门尚未立案。"),
        style="danger",
    ),
]
