"""The employment-discrimination complaint (docs/domain.md §3): the wage-arrears procedure of
labour inspection — 5 working days to accept, 60 (+30 once) to investigate, closure
approved by the supervisor, follow-up and reopening — without payments or a transfer, and
with its own order to correct (责令限期改正, `correction.py`) in place of the order to pay."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.kinds import KindSpec, PublicIntake, TransitionSpec, register
from permissions.models import Role

from ..intake.officer import OfficerComplaintSerializer, record_complaint
from ..investigated_complaint.payloads import ClosurePayload
from ..investigated_complaint.steps import (
    ACCEPTANCE,
    PROPOSE_CLOSURE_LABEL,
    RECORD_FEEDBACK,
    investigated_complaint,
    start_acceptance,
)
from . import correction
from .documents import DOCUMENTS
from .models import DiscriminationCase, DiscriminationStatus
from .payloads import OrderCorrectionPayload


def no_amount_claimed(attrs: dict) -> dict[str, list]:
    """A discrimination complaint asks for a finding, not money: an amount there is a
    mistaken kind, and it would count towards the wage totals of the employer."""
    if attrs["amount_owed"] > 0:
        return {"amount_owed": [_("就业歧视投诉不涉及拖欠金额；追讨工资请选择欠薪投诉。")]}
    return {}


DISCRIMINATION = KindSpec(
    code="discrimination",
    number_code="QS",
    label=_l("就业歧视投诉"),
    lead_departments=("hrss",),
    model=DiscriminationCase,
    statuses=DiscriminationStatus,
    initial_status=DiscriminationStatus.SUBMITTED,
    final_states=frozenset({DiscriminationStatus.REJECTED, DiscriminationStatus.CLOSED}),
    response_clock=ACCEPTANCE.code,
    resolved_states=frozenset({DiscriminationStatus.CLOSED}),
    follow_up=RECORD_FEEDBACK.name,
    public=True,
    intake=PublicIntake(
        lead=_l(
            "在招聘、录用或工作中因性别、年龄、民族、户籍、健康状况等受到不公平对待，"
            "可以在这里向劳动保障监察机构投诉。"
        ),
        facts=_l("歧视情况"),
        hidden=("workers_count", "amount_owed"),
        labels={"occurred_on": _l("发生日期")},
        help={
            "occurred_on": _l("受到歧视对待的日期，记不清可填大概日期"),
            "description": _l("在哪里应聘或工作、对方说了什么或做了什么、有哪些证据"),
        },
        check=no_amount_claimed,
        order=3,
        officer_serializer=OfficerComplaintSerializer,
        officer_open=record_complaint,
    ),
    on_open=start_acceptance,
    app_label="disputes",
    # The two-year bar of 劳动保障监察条例 第二十条, when the complaint is beyond it.
    panels=("disputes/investigated_complaint/_time_bar.html",),
    documents=DOCUMENTS,
    bench_share=3,
    demo="disputes.discrimination.demo.seed",
    transitions=investigated_complaint(
        TransitionSpec(
            "order_correction",
            _l("责令限期改正"),
            Role.OFFICER,
            serializer=OrderCorrectionPayload,
            effect=correction.order_correction,
            public_text=_l("已责令用人单位限期改正"),
        ),
        TransitionSpec(
            "propose_closure",
            PROPOSE_CLOSURE_LABEL,
            Role.OFFICER,
            serializer=ClosurePayload,
            effect=correction.propose_closure,
        ),
    ),
)

register(DISCRIMINATION)
