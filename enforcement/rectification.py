"""The market-rectification kind (domain.md §4): a road-occupying, unauthorised or
non-compliant gig market verified on site, given a rectification notice with a deadline,
re-inspected, and then closed, penalised or banned.

Verification (`verify`) records the site coordinates (inside the case's jurisdiction, by the
registry's rule in `casework.actions.markets`), a verdict for every item of the checklist
chosen at opening, the findings and the site photos (image attachments of the case, uploaded
first as evidence). The market's registry status follows the case through
`market_set_status` (audited, in the status history, linked to the case): a notice puts a
registered market under rectification, a passed re-inspection puts it back, a penalty keeps it
under rectification or closes it, a ban bans it.

Market supervision (a participant) may run its own penalty procedure for unlicensed business
(市场监督管理行政处罚程序规定) on the same case: the lead refers the case (`refer_to_market`,
the 线索 that starts the 15-working-day 立案 clock), market supervision records 立案
(`market_file`, starting the 90-day decision clock), pauses and resumes that clock for testing
or a hearing, takes the one extension of either clock, and decides (`market_decide`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework import clocks
from casework.actions.markets import Jurisdictions, market_set_status
from casework.kinds import ClockSpec, KindSpec, TransitionSpec, register
from casework.models import (
    FACILITIES,
    Attachment,
    Market,
    MarketStatus,
    PauseReason,
    TimelineEntry,
)
from casework.payloads import CommentPayload, ReasonPayload
from permissions.models import Jurisdiction, Role, Unit

from .inspection import ResultField, match_checklist, reinspection_scheduler
from .models import MarketRectificationCase, RectificationStatus

KIND = "market_rectification"
PARTICIPANT_DEPARTMENTS = ("hrss", "market")
VERIFICATION_WORKING_DAYS = 3
TEXT_MAX = 2000

PROBLEMS = (
    ("road_occupying", _l("占路占道")),
    ("unauthorised", _l("擅自举办")),
    ("non_compliant", _l("设施不达标")),
)
SITE_ITEMS = [
    ("road_clear", _l("未占用道路")),
    ("registration", _l("登记备案")),
    ("traffic", _l("交通秩序")),
    ("sanitation", _l("环境卫生")),
    ("fire_safety", _l("消防安全")),
]
# What a site check may cover: the registry's facilities, then the rectification items.
CHECKLIST: list[tuple[str, object]] = [*FACILITIES, *SITE_ITEMS]
CHECKLIST_CODES = [code for code, _label in CHECKLIST]
PENALTY_MARKET_STATUS = (
    (MarketStatus.RECTIFYING.value, _l("继续整治")),
    (MarketStatus.CLOSED.value, _l("责令关闭")),
)
MARKET_PAUSE_REASONS = (
    (PauseReason.TESTING.value, PauseReason.TESTING.label),
    (PauseReason.HEARING.value, PauseReason.HEARING.label),
)

VERIFICATION = ClockSpec(
    code="verification",
    title=_l("现场核查期限"),
    legal_basis=_l("整治工作要求：接报后3个工作日内完成现场核查"),
    day_unit="working",
    days=VERIFICATION_WORKING_DAYS,
)
MARKET_FILING = ClockSpec(
    code="market_filing",
    title=_l("市场监管立案期限"),
    legal_basis=_l(
        "《市场监督管理行政处罚程序规定》第十八条：自发现线索或者收到材料之日起15个工作日内"
        "决定是否立案；特殊情况经负责人批准可以延长15个工作日；检测、听证等时间不计入"
    ),
    day_unit="working",
    days=15,
    extension_days=15,
    extension_approver_role=Role.SUPERVISOR,
)
MARKET_PENALTY = ClockSpec(
    code="market_penalty",
    title=_l("市场监管处罚决定期限"),
    legal_basis=_l(
        "《市场监督管理行政处罚程序规定》第六十四条：自立案之日起90日内作出处理决定；"
        "经负责人批准可以延长30日；检测、听证等时间不计入"
    ),
    day_unit="calendar",
    days=90,
    extension_days=30,
    extension_approver_role=Role.SUPERVISOR,
)
MARKET_CLOCKS = (MARKET_FILING.code, MARKET_PENALTY.code)


def item_label(code: str) -> str:
    return str(dict(CHECKLIST).get(code, code))


def problem_label(code: str) -> str:
    return str(dict(PROBLEMS).get(code, code))


# --- validation helpers --------------------------------------------------------------------


def coordinates_error(jurisdiction: Jurisdiction, lon, lat) -> str | None:
    """The registry's rule: the point must lie in the area of the case's jurisdiction."""
    if not Jurisdictions().area(jurisdiction).contains(lon, lat):
        return _("坐标不在%(name)s范围内。") % {"name": jurisdiction.name}
    return None


def _coordinate_fields() -> tuple[serializers.DecimalField, serializers.DecimalField]:
    return (
        serializers.DecimalField(
            label=_l("经度"), max_digits=9, decimal_places=6, min_value=-180, max_value=180
        ),
        serializers.DecimalField(
            label=_l("纬度"), max_digits=9, decimal_places=6, min_value=-90, max_value=90
        ),
    )


# --- opening and payloads ------------------------------------------------------------------


class RectificationOpenSerializer(serializers.Serializer):
    """A rectification's own fields when it is opened; the market (generic) is required.

    The coordinates are where the problem was reported; left out, the market's registered
    coordinates are used.
    """

    problem = serializers.ChoiceField(label=_l("问题类型"), choices=PROBLEMS)
    lon = serializers.DecimalField(
        label=_l("经度"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
        help_text=_l("问题发生地点；留空则取零工市场登记的坐标"),
    )
    lat = serializers.DecimalField(
        label=_l("纬度"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
    )
    checklist = serializers.ListField(
        label=_l("核查项目"),
        child=serializers.ChoiceField(choices=CHECKLIST),
        allow_empty=False,
        help_text=_l(
            "每行一个项目代码：negotiation shelter heat_cold parking order hrss_station "
            "road_clear registration traffic sanitation fire_safety"
        ),
    )

    def validate_checklist(self, value: list[str]) -> list[str]:
        return [code for code in CHECKLIST_CODES if code in set(value)]

    def validate(self, attrs: dict) -> dict:
        errors: dict = {}
        market = None
        raw_market = self.initial_data.get("market")
        if raw_market in (None, ""):
            errors["market"] = [_("零工市场整治必须选择所涉零工市场。")]
        elif str(raw_market).isdigit():
            market = Market.objects.filter(pk=int(raw_market)).first()
        lon, lat = attrs.get("lon"), attrs.get("lat")
        if (lon is None) != (lat is None):
            missing = "lat" if lat is None else "lon"
            errors[missing] = [_("经度和纬度须同时填写。")]
        elif lon is None and market is not None:
            attrs["lon"], attrs["lat"] = market.lon, market.lat
        jurisdiction = Jurisdiction.objects.filter(
            code=str(self.initial_data.get("jurisdiction", ""))
        ).first()
        if jurisdiction is not None and attrs.get("lon") is not None and "lat" not in errors:
            problem = coordinates_error(jurisdiction, attrs["lon"], attrs["lat"])
            if problem:
                errors["lon"] = [problem]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _check_results(case, value: list[dict]) -> list[dict]:
    checklist = list((case.details or {}).get("checklist", [])) if case else CHECKLIST_CODES
    return match_checklist(
        value,
        checklist,
        item_label,
        unknown=_l("“%(item)s”不在本案核查项目中。"),
        missing=_l("以下核查项目尚未填写结果：%(items)s"),
    )


def _check_date(case, value: date) -> date:
    if value > timezone.localdate():
        raise serializers.ValidationError(_("核查日期不能晚于今天。"))
    if case is not None and value < timezone.localdate(case.submitted_at):
        raise serializers.ValidationError(_("核查日期不能早于立案日期。"))
    return value


class ResultsPayload(CommentPayload):
    inspected_on = serializers.DateField(label=_l("核查日期"))
    results = serializers.ListField(
        label=_l("核查结果"),
        child=ResultField(label_of=item_label),
        allow_empty=False,
        help_text=_l("逐项选择合格或不合格，不合格的写明情况"),
    )

    def validate_inspected_on(self, value: date) -> date:
        return _check_date(self.context.get("case"), value)

    def validate_results(self, value: list[dict]) -> list[dict]:
        return _check_results(self.context.get("case"), value)


class VerifyPayload(ResultsPayload):
    lon, lat = _coordinate_fields()
    findings = serializers.CharField(label=_l("现场核查情况"), max_length=TEXT_MAX)
    photos = serializers.ListField(
        label=_l("现场照片"),
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=_l(
            "先在“证据附件”上传现场照片；留空则使用本案已上传的全部照片，或每行填写一个附件编号"
        ),
    )

    def validate(self, attrs: dict) -> dict:
        case = self.context.get("case")
        errors: dict = {}
        if case is not None:
            problem = coordinates_error(case.jurisdiction, attrs["lon"], attrs["lat"])
            if problem:
                errors["lon"] = [problem]
            images = Attachment.objects.filter(case_id=case.pk, content_type__startswith="image/")
            wanted = attrs.get("photos") or []
            found = list(
                images.filter(pk__in=wanted).values_list("pk", flat=True)
                if wanted
                else images.values_list("pk", flat=True)
            )
            if wanted and set(found) != set(wanted):
                errors["photos"] = [_("所选附件不是本案的现场照片。")]
            elif not found:
                errors["photos"] = [_("请先在“证据附件”中上传至少一张现场照片。")]
            attrs["photos"] = sorted(found)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class NoticePayload(CommentPayload):
    deadline = serializers.DateField(label=_l("整改期限"))
    requirements = serializers.CharField(label=_l("整改要求"), max_length=TEXT_MAX)
    notice_number = serializers.CharField(
        label=_l("通知书文号"), required=False, allow_blank=True, max_length=60
    )

    def validate_deadline(self, value: date) -> date:
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("整改期限应晚于今天。"))
        return value


class ReinspectionPayload(CommentPayload):
    scheduled_for = serializers.DateField(label=_l("复查日期"))

    def validate_scheduled_for(self, value: date) -> date:
        if value < timezone.localdate():
            raise serializers.ValidationError(_("复查日期不能早于今天。"))
        return value


class RectifiedPayload(ResultsPayload):
    def validate_results(self, value: list[dict]) -> list[dict]:
        rows = super().validate_results(value)
        failed = [r["item"] for r in rows if not r["passed"]]
        if failed:
            raise serializers.ValidationError(
                _("仍有不合格项目（%(items)s），应登记为逾期未整改。")
                % {"items": "、".join(item_label(c) for c in failed)}
            )
        return rows


class NotRectifiedPayload(ResultsPayload):
    def validate_results(self, value: list[dict]) -> list[dict]:
        rows = super().validate_results(value)
        if all(r["passed"] for r in rows):
            raise serializers.ValidationError(_("全部项目合格，应登记为已整改。"))
        return rows


class PenaltyPayload(CommentPayload):
    decision = serializers.CharField(
        label=_l("处罚内容"), max_length=500, help_text=_l("如：罚款二千元，责令限期改正")
    )
    amount = serializers.DecimalField(
        label=_l("罚款金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
    )
    legal_basis = serializers.CharField(label=_l("法律依据"), max_length=500)
    market_status = serializers.ChoiceField(
        label=_l("零工市场处理"), choices=PENALTY_MARKET_STATUS, default="rectifying"
    )


class BanPayload(ReasonPayload):
    legal_basis = serializers.CharField(label=_l("法律依据"), max_length=500)


class MarketFilePayload(CommentPayload):
    filing_number = serializers.CharField(label=_l("立案编号"), max_length=60)


class MarketPausePayload(CommentPayload):
    reason = serializers.ChoiceField(label=_l("中止原因"), choices=MARKET_PAUSE_REASONS)


class ProposeClosurePayload(CommentPayload):
    summary = serializers.CharField(label=_l("办理情况"), max_length=TEXT_MAX)


# --- guards --------------------------------------------------------------------------------


def _details(case) -> dict:
    return case.details or {}


def has_findings(case) -> bool:
    return bool((_details(case).get("verification") or {}).get("failed"))


def closable(case) -> bool:
    # From `verified` only when the site check found nothing to rectify.
    return case.status != RectificationStatus.VERIFIED or not has_findings(case)


def referred(case) -> bool:
    return "market_referral" in _details(case)


def not_referred(case) -> bool:
    return not referred(case)


def awaiting_filing(case) -> bool:
    return referred(case) and "filed" not in _details(case)["market_referral"]


def filed(case) -> bool:
    return referred(case) and "filed" in _details(case)["market_referral"]


def lead_may_decide(case) -> bool:
    # Once referred, the penalty is market supervision's to decide.
    return not referred(case)


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


# How far a registry status restricts a market: a case only ever tightens it, except that
# a passed re-inspection lifts the rectification it imposed itself.
_SEVERITY = {
    MarketStatus.REGISTERED: 0,
    MarketStatus.RECTIFYING: 1,
    MarketStatus.CLOSED: 2,
    MarketStatus.BANNED: 3,
}


def _set_market(ctx, status: str, reason: str, *, lift: bool = False) -> bool:
    """Move the case's market to `status` through the registry action when that tightens its
    status (or, with `lift`, when it lifts a rectification back to registered); False when
    nothing changes. The change is also on the case's timeline."""
    market = Market.objects.filter(pk=ctx.case.market_id).first()
    if market is None:
        return False
    current = _SEVERITY.get(market.status, 0)
    if lift:
        if market.status != MarketStatus.RECTIFYING:
            return False
    elif current >= _SEVERITY[status]:
        return False
    market = market_set_status(
        actor=ctx.actor, market_id=market.pk, status=status, reason=reason, case=ctx.case
    )
    ctx.audit_payload["market_status"] = str(status)
    TimelineEntry.objects.create(
        case=ctx.case,
        at=ctx.now,
        actor=ctx.actor,
        verb="market_status",
        text=_("零工市场“%(market)s”状态变更为“%(status)s”")
        % {"market": market.name, "status": market.get_status_display()},
        comment=reason,
    )
    return True


def on_open(ctx) -> None:
    case = ctx.case
    ctx.audit_payload["problem"] = case.details.get("problem", "")
    clocks.start(case, VERIFICATION, ctx.today)
    # Human resources and market supervision take part in every rectification (domain.md §4).
    from casework.models import CaseParticipant

    for unit in Unit.objects.filter(
        department__code__in=PARTICIPANT_DEPARTMENTS, jurisdiction_id=case.jurisdiction_id
    ):
        CaseParticipant.objects.get_or_create(case=case, unit=unit, defaults={"reason": KIND})


def _round(ctx) -> dict:
    results = ctx.data["results"]
    return {
        "on": ctx.data["inspected_on"].isoformat(),
        "by": ctx.actor.get_username(),
        "results": results,
        "failed": [r["item"] for r in results if not r["passed"]],
    }


def verify(ctx) -> None:
    clocks.stop(ctx.case, VERIFICATION.code)
    record = {
        **_round(ctx),
        "lon": str(ctx.data["lon"]),
        "lat": str(ctx.data["lat"]),
        "findings": ctx.data["findings"],
        "photos": ctx.data["photos"],
    }
    ctx.note("verification", record)
    if ctx.case.assignee_id is None:
        ctx.case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")
    if record["failed"]:
        ctx.timeline_text = _("现场核查：%(n)s项不合格（%(items)s）") % {
            "n": len(record["failed"]),
            "items": "、".join(item_label(c) for c in record["failed"]),
        }
    else:
        ctx.timeline_text = _("现场核查：全部项目合格")


def issue_notice(ctx) -> None:
    deadline: date = ctx.data["deadline"]
    notices = list(ctx.case.details.get("notices") or [])
    notices.append(
        {
            "deadline": deadline.isoformat(),
            "requirements": ctx.data["requirements"],
            "notice_number": ctx.data.get("notice_number", ""),
            "items": (ctx.case.details.get("verification") or {}).get("failed", []),
            "on": ctx.today.isoformat(),
        }
    )
    ctx.note("notices", notices)
    clocks.start_fixed(
        ctx.case,
        code="rectification",
        title=str(_l("整改期限")),
        legal_basis=str(_l("整改通知书确定的整改期限")),
        start_date=ctx.today,
        due=deadline,
    )
    if _set_market(
        ctx,
        MarketStatus.RECTIFYING,
        _("下达整改通知书（%(number)s）") % {"number": ctx.case.number},
    ):
        ctx.note("market_set_rectifying", True)
    ctx.audit_payload["deadline"] = deadline.isoformat()
    ctx.timeline_text = _("下达整改通知书，整改期限至%(date)s") % {"date": deadline.isoformat()}


schedule_reinspection = reinspection_scheduler("notices")


def _reinspected(ctx) -> None:
    clocks.stop(ctx.case, "reinspection")
    ctx.note("reinspection", _round(ctx))


def confirm_rectified(ctx) -> None:
    _reinspected(ctx)
    if ctx.case.details.get("market_set_rectifying"):
        _set_market(
            ctx,
            MarketStatus.REGISTERED,
            _("复查合格，整改完成（%(number)s）") % {"number": ctx.case.number},
            lift=True,
        )
    ctx.timeline_text = _("复查合格，已整改")


def confirm_not_rectified(ctx) -> None:
    _reinspected(ctx)
    failed = ctx.case.details["reinspection"]["failed"]
    ctx.timeline_text = _("复查不合格，逾期未整改（%(items)s）") % {
        "items": "、".join(item_label(c) for c in failed)
    }


def _penalty(ctx, by: str) -> None:
    d = ctx.data
    ctx.note(
        "penalty",
        {
            "by": by,
            "decision": d["decision"],
            "amount": str(d["amount"]) if d.get("amount") is not None else "",
            "legal_basis": d["legal_basis"],
            "market_status": d["market_status"],
            "on": ctx.today.isoformat(),
        },
    )
    reason = _("行政处罚（%(number)s）：%(decision)s") % {
        "number": ctx.case.number,
        "decision": d["decision"],
    }
    _set_market(ctx, d["market_status"], reason[:500])
    ctx.timeline_text = _("作出处罚决定：%(decision)s") % {"decision": d["decision"]}


def impose_penalty(ctx) -> None:
    _penalty(ctx, "lead")


def ban(ctx) -> None:
    stopped = clocks.stop(ctx.case, *MARKET_CLOCKS)
    ctx.note(
        "ban",
        {
            "reason": ctx.data["reason"],
            "legal_basis": ctx.data["legal_basis"],
            "on": ctx.today.isoformat(),
        },
    )
    reason = _("依法取缔（%(number)s）：%(reason)s") % {
        "number": ctx.case.number,
        "reason": ctx.data["reason"],
    }
    _set_market(ctx, MarketStatus.BANNED, reason[:500])
    ctx.timeline_text = _("依法取缔零工市场")
    if stopped:
        ctx.timeline_text += _("（市场监管处罚程序随之终结）")


def refer_to_market(ctx) -> None:
    clocks.start(ctx.case, MARKET_FILING, ctx.today)
    ctx.note("market_referral", {"reason": ctx.data["reason"], "on": ctx.today.isoformat()})
    ctx.timeline_text = _("移送市场监管部门立案查处")
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
    ctx.timeline_text = _("%(clock)s中止计时（%(reason)s）") % {
        "clock": clock.title,
        "reason": PauseReason(ctx.data["reason"]).label,
    }


def market_resume(ctx) -> None:
    clock = clocks.resume(ctx.case, _market_clock(ctx.case).code, on=ctx.today)
    ctx.audit_payload["clock"] = clock.code
    ctx.audit_payload["new_due_date"] = clock.due_date.isoformat()
    ctx.timeline_text = _("%(clock)s恢复计时，扣除%(n)s日，届满日%(date)s") % {
        "clock": clock.title,
        "n": clock.excluded_units,
        "date": clock.due_date.isoformat(),
    }


def market_extend(ctx) -> None:
    clock = clocks.extend(ctx.case, _market_clock(ctx.case).code)
    ctx.audit_payload["clock"] = clock.code
    ctx.audit_payload["new_due_date"] = clock.due_date.isoformat()
    ctx.timeline_text = _("%(clock)s经负责人批准延长，届满日%(date)s") % {
        "clock": clock.title,
        "date": clock.due_date.isoformat(),
    }


def market_decide(ctx) -> None:
    clocks.stop(ctx.case, *MARKET_CLOCKS)
    _penalty(ctx, "market")


def propose_closure(ctx) -> None:
    clocks.stop(ctx.case, VERIFICATION.code)
    ctx.note("closure_summary", ctx.data["summary"])
    ctx.notify_next(
        "approve_closure",
        "approval.requested",
        _("结案申请待审批：%(number)s") % {"number": ctx.case.number},
    )


def approve_closure(ctx) -> None:
    clocks.stop(
        ctx.case,
        "verification",
        "rectification",
        "reinspection",
        *MARKET_CLOCKS,
    )
    if ctx.case.assignee_id:
        ctx.notifications.append(
            (
                [ctx.case.assignee_id],
                "approval.decided",
                f"{_('结案申请已批准')}：{ctx.case.number}",
            )
        )


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR
MARKET_SIDE = "participant:market"

MARKET_RECTIFICATION = KindSpec(
    code=KIND,
    number_code="ZZ",
    label=_l("零工市场整治"),
    lead_departments=("housing",),
    model=MarketRectificationCase,
    statuses=RectificationStatus,
    initial_status=RectificationStatus.REPORTED,
    final_states=frozenset({RectificationStatus.CLOSED}),
    on_open=on_open,
    app_label="enforcement",
    demo="enforcement.rectification_demo.seed",
    open_serializer=RectificationOpenSerializer,
    transitions={
        t.name: t
        for t in [
            T("verify", _l("登记现场核查"), OFFICER, serializer=VerifyPayload, effect=verify),
            T(
                "issue_notice",
                _l("下达整改通知书"),
                OFFICER,
                serializer=NoticePayload,
                effect=issue_notice,
                condition=has_findings,
                refusal=_l("现场核查没有不合格项目，无需下达整改通知。"),
                style="danger",
            ),
            T(
                "schedule_reinspection",
                _l("安排复查"),
                OFFICER,
                serializer=ReinspectionPayload,
                effect=schedule_reinspection,
            ),
            T(
                "confirm_rectified",
                _l("复查合格"),
                OFFICER,
                serializer=RectifiedPayload,
                effect=confirm_rectified,
            ),
            T(
                "confirm_not_rectified",
                _l("复查未整改"),
                OFFICER,
                serializer=NotRectifiedPayload,
                effect=confirm_not_rectified,
                style="danger",
            ),
            T(
                "impose_penalty",
                _l("作出处罚决定"),
                OFFICER,
                serializer=PenaltyPayload,
                effect=impose_penalty,
                condition=lead_may_decide,
                refusal=_l("已移送市场监管部门立案查处，由其作出处罚决定。"),
                style="danger",
            ),
            T(
                "ban",
                _l("依法取缔"),
                SUPERVISOR,
                serializer=BanPayload,
                effect=ban,
                style="danger",
            ),
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
                serializer=ReasonPayload,
                effect=market_extend,
                condition=market_clock_extendable,
                refusal=_l("市场监管期限已延长过一次，或没有正在计时的期限。"),
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
            T(
                "propose_closure",
                _l("申请结案"),
                OFFICER,
                serializer=ProposeClosurePayload,
                effect=propose_closure,
                condition=closable,
                refusal=_l("现场核查发现问题，应下达整改通知书，不能直接结案。"),
            ),
            T(
                "approve_closure",
                _l("批准结案"),
                SUPERVISOR,
                serializer=CommentPayload,
                effect=approve_closure,
            ),
        ]
    },
)

register(MARKET_RECTIFICATION)
