"""The steps of a wage case's transfer to the police that 国务院令第310号《行政执法机关移送涉嫌
犯罪案件的规定》 times, beyond the transfer itself and the police's answer (`kind.py`):

- §5: the officers' written report (`propose_transfer`) is decided by the bureau's head
  (`approve_transfer` / `refuse_transfer`, the refusal's reason on record) within 3 days of
  receiving it; an approved transfer is made (`transfer_to_police`) within 24 hours;
- §9: after the police decline (`police_return`, 不予立案), the bureau may ask them to
  reconsider (`request_reconsideration`) within 3 days of receiving their notice, or record
  that it will not (`waive_reconsideration`); the police answer within 3 days of receiving
  the request, with `police_accept` or `police_return` again;
- §12: after the police open a case (`police_accept`, 立案), the bureau hands over the seized
  items and the case materials (`hand_over_materials`) within 3 days of receiving the notice.

The clocks, guards and effects of these steps are here, with their transition specs; the
kind's spec lists them. A direct `transfer_to_police` by a supervisor (the head approving and
transferring in one act) stays possible. docs/domain.md, "Clocks added for procedure steps".
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework import clocks
from casework.documents import day_text
from casework.kinds import TransitionSpec
from casework.models import ClockStatus
from casework.payloads import CommentPayload, ReasonPayload, ServedOnPayload, served_on_field
from permissions.models import Role

from . import supervision
from .payloads import TransferPayload
from .transfer_clocks import (
    MATERIALS_HANDOVER,
    RECONSIDERATION_ANSWER,
    RECONSIDERATION_REQUEST,
    TRANSFER_APPROVAL,
    TRANSFER_DELIVERY,
)

# --- payloads ------------------------------------------------------------------------------


class TransferToPolicePayload(ServedOnPayload, TransferPayload):
    served_on = served_on_field(
        _l("公安机关接受移送日期"),
        _l("公安机关在移送书回执上签收之日（第八条的3日自此起算）；留空为今天"),
    )


class PoliceAnswerServedOn(ServedOnPayload):
    """The police's answer (立案 or 不予立案) is served after they received what it answers:
    the transfer (§8), or the request to reconsider (§9). An earlier date would start the
    §12 or §9 period before the case reached the police, and it would be overdue at once."""

    def validate_served_on(self, value: date) -> date:
        value = super().validate_served_on(value)
        received = _answered_received_on(self.context.get("case"))
        if received is not None and value < received:
            raise serializers.ValidationError(
                _("送达日期不能早于公安机关收到%(what)s之日（%(date)s）。")
                % {"what": _received_what(self.context["case"]), "date": received.isoformat()}
            )
        return value


class PoliceAcceptPayload(PoliceAnswerServedOn, CommentPayload):
    served_on = served_on_field(
        _l("立案通知书送达日期"),
        _l("移送机关接到立案通知书之日（第十二条的3日自此起算）；留空为今天"),
    )


class PoliceReturnPayload(PoliceAnswerServedOn, ReasonPayload):
    served_on = served_on_field(
        _l("不予立案通知书送达日期"),
        _l("移送机关接到不予立案通知书之日（第九条提请复议的3日自此起算）；留空为今天"),
    )


class ReconsiderationPayload(ServedOnPayload, ReasonPayload):
    served_on = served_on_field(
        _l("公安机关收到复议文件日期"),
        _l("公安机关收到提请复议文件之日（其作出决定的3日自此起算）；留空为今天"),
    )


class HandoverPayload(CommentPayload):
    materials = serializers.ListField(
        label=_l("移交的涉案物品和材料"),
        child=serializers.CharField(max_length=200),
        allow_empty=False,
        max_length=100,
    )


# --- guards --------------------------------------------------------------------------------


def _proposal(case) -> dict:
    return (case.details or {}).get("transfer_proposal") or {}


def may_propose(case) -> bool:
    """No report is waiting for the head's decision or for the approved transfer."""
    return _proposal(case).get("stage") not in ("pending", "approved")


def proposal_pending(case) -> bool:
    return _proposal(case).get("stage") == "pending"


def transfer_under_way(case) -> bool:
    return not may_propose(case)


def closable(case) -> bool:
    # A case the head must still decide on, or whose approved transfer is not yet made, is
    # not closed instead (§11: 不得以行政处罚代替移送).
    return not transfer_under_way(case)


def reconsideration_open(case) -> bool:
    """The §9 window is running and its last day has not passed."""
    clock = clocks.running(case, RECONSIDERATION_REQUEST.code)
    return clock is not None and clocks.local_today() <= clock.due_date


def reconsideration_undecided(case) -> bool:
    return clocks.running(case, RECONSIDERATION_REQUEST.code) is not None


def materials_due(case) -> bool:
    """The §12 clock runs. The FSM's own condition of `hand_over_materials` (models.py), not
    only the spec's guard: the step from `closure_pending` lists what the state offers its
    supervisors (casework.flows), and the handover is offered only while it is due."""
    clock = clocks.running(case, MATERIALS_HANDOVER.code)
    return clock is not None and clock.status == ClockStatus.RUNNING


def _reconsidering(case) -> bool:
    """The police's answer now pending is the answer to a request for reconsideration."""
    return ((case.details or {}).get("reconsideration") or {}).get("outcome") == "pending"


def _answered_received_on(case) -> date | None:
    """The day the police received what their pending answer answers: the request to
    reconsider while one is pending, else the transfer (`served_on` of each)."""
    if case is None:
        return None
    details = case.details or {}
    key = "reconsideration" if _reconsidering(case) else "transfer"
    served = (details.get(key) or {}).get("served_on")
    return date.fromisoformat(served) if served else None


def _received_what(case) -> str:
    return _("复议文件") if _reconsidering(case) else _("移送的案件")


# --- effects of the new steps ---------------------------------------------------------------


def propose_transfer(ctx) -> None:
    case = ctx.case
    clocks.stop(case, RECONSIDERATION_REQUEST.code, supervision.SUPERVISION_REQUEST.code)
    clocks.start(case, TRANSFER_APPROVAL, ctx.today)
    ctx.note(
        "transfer_proposal",
        {
            "stage": "pending",
            "reason": ctx.data["reason"],
            "evidence": ctx.data.get("evidence", []),
            "on": ctx.today.isoformat(),
            "by": ctx.actor.get_username(),
        },
    )
    ctx.timeline_text = _("提请批准移送公安机关（涉嫌犯罪案件书面报告）")
    ctx.notify_next(
        "approve_transfer",
        "approval.requested",
        _("移送涉嫌犯罪案件待审批：%(number)s") % {"number": case.number},
    )


def approve_transfer(ctx) -> None:
    case = ctx.case
    clocks.stop(case, TRANSFER_APPROVAL.code)
    clock = clocks.start(case, TRANSFER_DELIVERY, ctx.today)
    ctx.note(
        "transfer_proposal",
        {**_proposal(case), "stage": "approved", "decided_on": ctx.today.isoformat()},
    )
    ctx.timeline_text = _("批准移送，应于%(date)s前移送公安机关") % {
        "date": day_text(clock.due_date)
    }
    ctx.notify_decision(_("移送申请已批准"))


def refuse_transfer(ctx) -> None:
    case = ctx.case
    clocks.stop(case, TRANSFER_APPROVAL.code)
    ctx.note(
        "transfer_proposal",
        {
            **_proposal(case),
            "stage": "refused",
            "decided_on": ctx.today.isoformat(),
            "refusal_reason": ctx.data["reason"],
        },
    )
    ctx.timeline_text = _("不批准移送（理由已记录在案）")
    ctx.notify_decision(_("移送申请未获批准"))


def request_reconsideration(ctx) -> None:
    case = ctx.case
    served = ctx.data["served_on"]
    clocks.stop(case, RECONSIDERATION_REQUEST.code, "payment_order")
    clock = clocks.start(case, RECONSIDERATION_ANSWER, served)
    ctx.note(
        "reconsideration",
        {
            "outcome": "pending",
            "reason": ctx.data["reason"],
            "served_on": served.isoformat(),
            "on": ctx.today.isoformat(),
        },
    )
    ctx.timeline_text = _("提请公安机关复议，公安机关应于%(date)s前作出决定") % {
        "date": day_text(clock.due_date)
    }
    ctx.notify_next(
        "police_accept",
        "transfer.received",
        _("移送机关提请复议不予立案决定：%(number)s") % {"number": case.number},
    )


def waive_reconsideration(ctx) -> None:
    clocks.stop(ctx.case, RECONSIDERATION_REQUEST.code)
    ctx.note("reconsideration", {"outcome": "waived", "on": ctx.today.isoformat()})
    ctx.timeline_text = _("不提请复议，依法继续处理")


def hand_over_materials(ctx) -> None:
    clocks.stop(ctx.case, MATERIALS_HANDOVER.code)
    ctx.note(
        "materials_handover",
        {
            **((ctx.case.details or {}).get("materials_handover") or {}),
            "materials": ctx.data["materials"],
            "on": ctx.today.isoformat(),
        },
    )
    ctx.timeline_text = _("向公安机关移交涉案物品和材料，办结交接手续（%(n)s项）") % {
        "n": len(ctx.data["materials"])
    }


# --- what the existing steps add -----------------------------------------------------------


def on_transfer(ctx) -> None:
    """`transfer_to_police`: the head's approval (if any) is carried out; the §9 window of an
    earlier return ends with the new transfer."""
    clocks.stop(
        ctx.case,
        TRANSFER_APPROVAL.code,
        TRANSFER_DELIVERY.code,
        RECONSIDERATION_REQUEST.code,
        supervision.SUPERVISION_REQUEST.code,
    )
    proposal = _proposal(ctx.case)
    if proposal.get("stage") in ("pending", "approved"):
        ctx.note("transfer_proposal", {**proposal, "stage": "transferred"})


def on_police_accept(ctx) -> None:
    case = ctx.case
    served = ctx.data["served_on"]
    clock = clocks.start(case, MATERIALS_HANDOVER, served)
    ctx.note("materials_handover", {"notice_served_on": served.isoformat()})
    if _reconsidering(case):
        ctx.note("reconsideration", {**case.details["reconsideration"], "outcome": "accepted"})
    ctx.audit_payload["materials_due"] = clock.due_date.isoformat()


def on_police_return(ctx) -> None:
    """Record the return; open the §9 ¶1 window, or, when it answers a reconsideration,
    the ¶2 window for the procuratorate's supervision (立案监督, `supervision.py`)."""
    case = ctx.case
    served = ctx.data["served_on"]
    again = _reconsidering(case)
    ctx.note(
        "police_return",
        {
            "reason": ctx.data["reason"],
            "served_on": served.isoformat(),
            "on": ctx.today.isoformat(),
            "after_reconsideration": again,
        },
    )
    if again:
        ctx.note("reconsideration", {**case.details["reconsideration"], "outcome": "returned"})
        ctx.timeline_text = _("公安机关复议后仍不予立案")
        supervision.open_window(ctx, served)
        return
    clock = clocks.start(case, RECONSIDERATION_REQUEST, served)
    ctx.audit_payload["reconsideration_due"] = clock.due_date.isoformat()


T = TransitionSpec
OFFICER, SUPERVISOR = Role.OFFICER, Role.SUPERVISOR

PROPOSE_TRANSFER = T(
    "propose_transfer",
    _l("提请批准移送公安"),
    OFFICER,
    serializer=TransferPayload,
    effect=propose_transfer,
    condition=may_propose,
    refusal=_l("移送申请正在审批，或已批准待移送。"),
    style="secondary",
)
APPROVE_TRANSFER = T(
    "approve_transfer",
    _l("批准移送"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=approve_transfer,
    condition=proposal_pending,
    refusal=_l("没有待审批的移送申请。"),
)
REFUSE_TRANSFER = T(
    "refuse_transfer",
    _l("不批准移送"),
    SUPERVISOR,
    serializer=ReasonPayload,
    effect=refuse_transfer,
    condition=proposal_pending,
    refusal=_l("没有待审批的移送申请。"),
    style="secondary",
)
REQUEST_RECONSIDERATION = T(
    "request_reconsideration",
    _l("提请公安复议"),
    SUPERVISOR,
    serializer=ReconsiderationPayload,
    effect=request_reconsideration,
    condition=reconsideration_open,
    refusal=_l(
        "只能在接到不予立案通知书之日起3日内提请复议一次"
        "（《行政执法机关移送涉嫌犯罪案件的规定》第九条）。"
    ),
    style="secondary",
)
WAIVE_RECONSIDERATION = T(
    "waive_reconsideration",
    _l("不提请复议"),
    SUPERVISOR,
    serializer=CommentPayload,
    effect=waive_reconsideration,
    condition=reconsideration_undecided,
    refusal=_l("没有待决定是否提请复议的不予立案决定。"),
    style="secondary",
)
# A supervisor's step: from `closure_pending` the case waits on its supervisors, and an
# officer's step there would take the approval off their list (casework.flows.next_step).
# Its guard, `materials_due`, is the FSM transition's condition.
HAND_OVER_MATERIALS = T(
    "hand_over_materials",
    _l("移交涉案材料"),
    SUPERVISOR,
    serializer=HandoverPayload,
    effect=hand_over_materials,
    style="secondary",
)
