"""The inspection kind (docs/domain.md §6): a market checked against a fixed checklist.

Rounds: the first inspection and every re-inspection record a verdict for each checklist
item into `details["rounds"]`; the case then sits in `inspected` until either the
supervisor approves closure (the latest round has no failed item) or the officer orders
rectification with a deadline (it has one). A failed re-inspection therefore comes back to
`inspected` and goes on to a new rectification order with a new deadline.

Clocks: `inspection` is due on the scheduled date (the opening day for an ad-hoc
inspection); `rectification` is due on the deadline the officer sets; `reinspection` is due
`enforcement.site_checks.REINSPECTION_WORKING_DAYS` working days after that deadline. Failed facility items are
recorded on the case only; the market registry is changed by its own actions.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import day_text
from casework.kinds import KindSpec, TransitionSpec, register
from casework.payloads import CommentPayload
from permissions.models import Role

from ..site_checks import ReinspectionPayload, failed_items, reinspection_scheduler
from .documents import DOCUMENTS
from .models import InspectionCase, InspectionStatus
from .payloads import (
    InspectionOpenSerializer,
    RectificationPayload,
    ResultsPayload,
    item_label,
)

KIND = "inspection"


# --- effects -----------------------------------------------------------------------------


def latest_failed(case) -> list[str] | None:
    """The failed items of the latest round; None before the first round."""
    rounds = (case.details or {}).get("rounds") or []
    return list(rounds[-1]["failed"]) if rounds else None


def has_findings(case) -> bool:
    return bool(latest_failed(case))


def all_passed(case) -> bool:
    return latest_failed(case) == []


def on_open(ctx) -> None:
    d = ctx.case.details
    ctx.audit_payload["mode"] = d.get("mode", "")
    due = date.fromisoformat(d["scheduled_for"]) if d.get("scheduled_for") else ctx.today
    clocks.start_fixed(
        ctx.case,
        code="inspection",
        title=str(_l("检查期限")),
        legal_basis=str(_l("检查计划确定的检查日期（临时检查为立案当日）")),
        start_date=ctx.today,
        due=max(due, ctx.today),
    )


def _record_round(ctx, kind: str) -> None:
    results = ctx.data["results"]
    failed = [r["item"] for r in results if not r["passed"]]
    rounds = list(ctx.case.details.get("rounds") or [])
    rounds.append(
        {
            "round": len(rounds) + 1,
            "kind": kind,
            "on": ctx.data["inspected_on"].isoformat(),
            "by": ctx.actor.get_username(),
            "results": results,
            "failed": failed,
        }
    )
    ctx.note("rounds", rounds)
    if ctx.case.assignee_id is None:
        ctx.case.assignee = ctx.actor
        ctx.changed_fields.add("assignee")
    if failed:
        ctx.timeline_text = _("%(what)s：%(n)s项不合格（%(items)s）") % {
            "what": _("检查完成") if kind == "inspection" else _("复查完成"),
            "n": len(failed),
            "items": "、".join(item_label(c) for c in failed),
        }
    else:
        ctx.timeline_text = (
            _("检查完成：全部项目合格") if kind == "inspection" else _("复查完成：全部项目合格")
        )
        ctx.notify_next(
            "approve_closure",
            "approval.requested",
            _("检查合格，结案待审批：%(number)s") % {"number": ctx.case.number},
        )


def record_inspection(ctx) -> None:
    clocks.stop(ctx.case, "inspection")
    _record_round(ctx, "inspection")


def record_reinspection(ctx) -> None:
    clocks.stop(ctx.case, "reinspection")
    _record_round(ctx, "reinspection")


def require_rectification(ctx) -> None:
    deadline: date = ctx.data["deadline"]
    orders = list(ctx.case.details.get("rectifications") or [])
    rounds = ctx.case.details.get("rounds") or []
    orders.append(
        {
            "deadline": deadline.isoformat(),
            "requirements": ctx.data["requirements"],
            "items": latest_failed(ctx.case) or [],
            "findings": failed_items(rounds[-1]["results"] if rounds else []),
            "on": ctx.today.isoformat(),
        }
    )
    ctx.note("rectifications", orders)
    clocks.start_fixed(
        ctx.case,
        code="rectification",
        title=str(_l("整改期限")),
        legal_basis=str(_l("责令限期整改通知确定的整改期限")),
        start_date=ctx.today,
        due=deadline,
    )
    ctx.audit_payload["deadline"] = deadline.isoformat()
    ctx.timeline_text = _("责令限期整改，期限至%(date)s") % {"date": day_text(deadline)}


schedule_reinspection = reinspection_scheduler("rectifications")


def approve_closure(ctx) -> None:
    clocks.stop(ctx.case, "inspection", "rectification", "reinspection")
    ctx.notify_decision(_("结案申请已批准"))


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

INSPECTION = KindSpec(
    code=KIND,
    number_code="JC",
    label=_l("安全与卫生检查"),
    lead_departments=("hrss", "health"),
    model=InspectionCase,
    statuses=InspectionStatus,
    initial_status=InspectionStatus.SCHEDULED,
    final_states=frozenset({InspectionStatus.CLOSED}),
    resolved_states=frozenset({InspectionStatus.CLOSED}),
    on_open=on_open,
    app_label="enforcement",
    documents=DOCUMENTS,
    bench_share=8,
    panels=("enforcement/inspection/_results.html",),
    demo="enforcement.inspection.demo.seed",
    open_serializer=InspectionOpenSerializer,
    transitions={
        t.name: t
        for t in [
            T(
                "record_inspection",
                _l("登记检查结果"),
                OFFICER,
                serializer=ResultsPayload,
                effect=record_inspection,
            ),
            T(
                "require_rectification",
                _l("责令限期整改"),
                OFFICER,
                serializer=RectificationPayload,
                effect=require_rectification,
                condition=has_findings,
                refusal=_l("最近一次检查没有不合格项目，无需整改。"),
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
                "record_reinspection",
                _l("登记复查结果"),
                OFFICER,
                serializer=ResultsPayload,
                effect=record_reinspection,
            ),
            T(
                "approve_closure",
                _l("批准结案"),
                SUPERVISOR,
                serializer=CommentPayload,
                effect=approve_closure,
                condition=all_passed,
                refusal=_l("最近一次检查仍有不合格项目，应责令整改，不能结案。"),
            ),
        ]
    },
)

register(INSPECTION)
