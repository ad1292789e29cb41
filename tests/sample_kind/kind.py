"""The hotline-referral spec: who moves it, with what, and what it adds to the case page."""

from __future__ import annotations

from casework.kinds import KindSpec, TransitionSpec, register
from casework.payloads import CommentPayload, ReasonPayload
from permissions.models import Role

from .models import HotlineReferralCase, ReferralStatus
from .payloads import HandlePayload, ReferralOpenSerializer


def on_open(ctx) -> None:
    ctx.audit_payload["ticket"] = ctx.case.details["ticket"]


def handle(ctx) -> None:
    ctx.note("result", ctx.data["result"])
    ctx.timeline_text = f"办理完毕：{ctx.data['result']}"


HOTLINE_REFERRAL = KindSpec(
    code="hotline_referral",
    number_code="RX",
    label="热线转办",
    lead_departments=("hrss",),
    model=HotlineReferralCase,
    statuses=ReferralStatus,
    initial_status=ReferralStatus.RECEIVED,
    final_states=frozenset({ReferralStatus.RETURNED, ReferralStatus.CLOSED}),
    on_open=on_open,
    app_label="sample_kind",
    open_serializer=ReferralOpenSerializer,
    open_roles=(Role.OFFICER,),
    panels=("sample_kind/panel.html",),
    bench_share=0,
    transitions=[
        TransitionSpec("handle", "办理", Role.OFFICER, serializer=HandlePayload, effect=handle),
        TransitionSpec(
            "return_to_hotline",
            "退回热线",
            Role.OFFICER,
            serializer=ReasonPayload,
            style="secondary",
        ),
        TransitionSpec("close", "办结", Role.SUPERVISOR, serializer=CommentPayload),
    ],
)

register(HOTLINE_REFERRAL)
