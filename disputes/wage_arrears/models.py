"""欠薪投诉 as a proxy of the Case core, carrying its FSM transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case

from ..investigated_complaint.fsm import ComplaintStatus as C
from ..investigated_complaint.fsm import InvestigatedComplaint
from .police_transfer import materials_due


class WageStatus(models.TextChoices):
    """The procedure's states, with the two that only a payment order and a transfer reach."""

    SUBMITTED = C.SUBMITTED.value, C.SUBMITTED.label
    INVESTIGATING = C.INVESTIGATING.value, C.INVESTIGATING.label
    REJECTED = C.REJECTED.value, C.REJECTED.label
    EXTENSION_PENDING = C.EXTENSION_PENDING.value, C.EXTENSION_PENDING.label
    ORDERED = "ordered", _("已下达限期支付指令")
    TRANSFERRED = "transferred", _("已移送公安")
    CLOSURE_PENDING = C.CLOSURE_PENDING.value, C.CLOSURE_PENDING.label
    CLOSED = C.CLOSED.value, C.CLOSED.label


S = WageStatus


class WageArrearsCase(InvestigatedComplaint, Case):
    """欠薪投诉: docs/domain.md §1. Each method is one transition of the public API."""

    class Meta:
        proxy = True
        verbose_name = _("欠薪投诉")
        verbose_name_plural = _("欠薪投诉")

    @transition(field="status", source=S.INVESTIGATING, target=S.ORDERED)
    def order_payment(self): ...

    @transition(field="status", source=S.ORDERED, target=S.ORDERED)
    def record_payment(self): ...

    # A correction keeps the state: while the officer investigates and while the order runs
    # (a closure proposal with a wrong payment goes back for rework to be corrected).
    @transition(field="status", source=S.INVESTIGATING, target=S.INVESTIGATING)
    @transition(field="status", source=S.ORDERED, target=S.ORDERED)
    def correct_payment(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=S.TRANSFERRED)
    def transfer_to_police(self): ...

    @transition(field="status", source=S.TRANSFERRED, target=S.CLOSURE_PENDING)
    def police_accept(self): ...

    @transition(field="status", source=S.TRANSFERRED, target=S.INVESTIGATING)
    def police_return(self): ...

    # The timed steps around the transfer (police_transfer.py). Those that keep the state
    # have target None: they are fired from `investigating` or `ordered` and leave it as is.
    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=None)
    def propose_transfer(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=None)
    def approve_transfer(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=None)
    def refuse_transfer(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=S.TRANSFERRED)
    def request_reconsideration(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=None)
    def waive_reconsideration(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=None)
    def suggest_supervision(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=None)
    def waive_supervision(self): ...

    @transition(
        field="status",
        source=[S.INVESTIGATING, S.ORDERED, S.CLOSURE_PENDING],
        target=None,
        conditions=[materials_due],
    )
    def hand_over_materials(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=S.CLOSURE_PENDING)
    def propose_closure(self): ...
