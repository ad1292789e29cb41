"""The market-rectification kind (docs/domain.md §4): a road-occupying, unauthorised or
non-compliant gig market verified on site, given a rectification notice with a deadline,
re-inspected, and then closed, penalised or banned.

Verification (`verify`) records the site coordinates (inside the case's jurisdiction, by the
registry's rule), a verdict for every item of the checklist
chosen at opening, the findings and the site photos (image attachments of the case, uploaded
first as evidence). The market's registry status follows the case through
`market_status.py` (audited, in the status history, linked to the case): a notice puts a
registered market under rectification, a passed re-inspection puts it back, a penalty keeps it
under rectification or closes it, a ban bans it.

Market supervision (a participant) may run its own penalty procedure for unlicensed business
on the same case: see `market_supervision.py`, whose transitions this spec includes.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import day_text
from casework.kinds import ClockSpec, KindSpec, TransitionSpec, register
from casework.models import CaseParticipant, MarketStatus
from casework.payloads import CommentPayload
from permissions.models import Role, Unit

from ..site_checks import ReinspectionPayload, failed_items, reinspection_scheduler
from . import market_supervision
from .documents import DOCUMENTS
from .lead_penalty import FILE_PENALTY, IMPOSE_PENALTY, PENALTY_DECISION, end_lead_procedure
from .market_status import set_market
from .market_supervision import MARKET_CLOCKS
from .models import MarketRectificationCase, RectificationStatus
from .payloads import (
    BanPayload,
    NoticePayload,
    NotRectifiedPayload,
    ProposeClosurePayload,
    RectificationOpenSerializer,
    RectifiedPayload,
    VerifyPayload,
    item_label,
)

KIND = "market_rectification"
PARTICIPANT_DEPARTMENTS = ("hrss", "market")
VERIFICATION_WORKING_DAYS = 3

VERIFICATION = ClockSpec(
    code="verification",
    title=_l("现场核查期限"),
    legal_basis=_l("整治工作要求：接报后3个工作日内完成现场核查"),
    day_unit="working",
    days=VERIFICATION_WORKING_DAYS,
    start_event=_l("接报之日"),
    owner="housing",
)


# --- guards --------------------------------------------------------------------------------


def _details(case) -> dict:
    return case.details or {}


def has_findings(case) -> bool:
    return bool((_details(case).get("verification") or {}).get("failed"))


def closable(case) -> bool:
    # From `verified` only when the site check found nothing to rectify.
    return case.status != RectificationStatus.VERIFIED or not has_findings(case)


# --- effects -------------------------------------------------------------------------------


def on_open(ctx) -> None:
    case = ctx.case
    ctx.audit_payload["problem"] = case.details.get("problem", "")
    clocks.start(case, VERIFICATION, ctx.today)
    # Human resources and market supervision take part in every rectification (docs/domain.md §4).
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
    verification = ctx.case.details.get("verification") or {}
    notices.append(
        {
            "deadline": deadline.isoformat(),
            "requirements": ctx.data["requirements"],
            "notice_number": ctx.data.get("notice_number", ""),
            "items": verification.get("failed", []),
            "findings": failed_items(verification.get("results") or []),
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
    if set_market(
        ctx,
        MarketStatus.RECTIFYING,
        _("下达整改通知书（%(number)s）") % {"number": ctx.case.number},
    ):
        ctx.note("market_set_rectifying", True)
    ctx.audit_payload["deadline"] = deadline.isoformat()
    ctx.timeline_text = _("下达整改通知书，整改期限至%(date)s") % {"date": day_text(deadline)}


schedule_reinspection = reinspection_scheduler("notices")


def _reinspected(ctx) -> None:
    clocks.stop(ctx.case, "reinspection")
    ctx.note("reinspection", _round(ctx))


def confirm_rectified(ctx) -> None:
    _reinspected(ctx)
    if ctx.case.details.get("market_set_rectifying"):
        set_market(
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


def ban(ctx) -> None:
    stopped = clocks.stop(ctx.case, *MARKET_CLOCKS)
    lead_ended = end_lead_procedure(ctx.case)
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
    set_market(ctx, MarketStatus.BANNED, reason[:500])
    ctx.timeline_text = _("依法取缔零工市场")
    if stopped:
        ctx.timeline_text += _("（市场监管处罚程序随之终结）")
    if lead_ended:
        ctx.timeline_text += _("（本单位已立案的处罚程序随之终结）")


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
        PENALTY_DECISION.code,
        *MARKET_CLOCKS,
    )
    ctx.notify_decision(_("结案申请已批准"))


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

MARKET_RECTIFICATION = KindSpec(
    code=KIND,
    number_code="ZZ",
    label=_l("零工市场整治"),
    lead_departments=("housing",),
    model=MarketRectificationCase,
    statuses=RectificationStatus,
    initial_status=RectificationStatus.REPORTED,
    final_states=frozenset({RectificationStatus.CLOSED}),
    response_clock=VERIFICATION.code,
    resolved_states=frozenset({RectificationStatus.CLOSED}),
    on_open=on_open,
    app_label="enforcement",
    documents=DOCUMENTS,
    bench_share=10,
    panels=("enforcement/rectification/panel.html",),
    nav=("enforcement/rectification/_nav.html",),
    api_urls="enforcement.rectification.patrols.api",
    demo="enforcement.rectification.demo.seed",
    event_labels={
        "enforcement.watch.start": _l("启动定点盯守"),
        "enforcement.watch.end": _l("结束定点盯守"),
        "enforcement.patrol.record": _l("定点盯守巡查"),
    },
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
            FILE_PENALTY,
            IMPOSE_PENALTY,
            T(
                "ban",
                _l("依法取缔"),
                SUPERVISOR,
                serializer=BanPayload,
                effect=ban,
                style="danger",
            ),
            *market_supervision.TRANSITIONS,
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
