"""The employment-discrimination complaint (docs/domain.md §3): the wage-arrears procedure of
labour inspection — 5 working days to accept, 60 (+30 once) to investigate, closure
approved by the supervisor, follow-up and reopening — without payments or a transfer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _l

from casework.kinds import KindSpec, TransitionSpec, register
from permissions.models import Role

from ..investigated_complaint.payloads import ClosurePayload
from ..investigated_complaint.steps import (
    PROPOSE_CLOSURE_LABEL,
    investigated_complaint,
    start_acceptance,
)
from ..investigated_complaint.steps import submit_closure as propose_closure
from .models import DiscriminationCase, DiscriminationStatus

DISCRIMINATION = KindSpec(
    code="discrimination",
    number_code="QS",
    label=_l("就业歧视投诉"),
    lead_departments=("hrss",),
    model=DiscriminationCase,
    statuses=DiscriminationStatus,
    initial_status=DiscriminationStatus.SUBMITTED,
    final_states=frozenset({DiscriminationStatus.REJECTED, DiscriminationStatus.CLOSED}),
    public=True,
    on_open=start_acceptance,
    app_label="disputes",
    demo="disputes.discrimination.demo.seed",
    transitions=investigated_complaint(
        TransitionSpec(
            "propose_closure",
            PROPOSE_CLOSURE_LABEL,
            Role.OFFICER,
            serializer=ClosurePayload,
            effect=propose_closure,
        ),
    ),
)

register(DISCRIMINATION)
