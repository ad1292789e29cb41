"""Dispute kinds as proxies of the Case core; the FSM transitions live here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class WageStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    INVESTIGATING = "investigating", _("调查处理中")
    REJECTED = "rejected", _("不予受理")
    EXTENSION_PENDING = "extension_pending", _("延期待审批")
    ORDERED = "ordered", _("已下达限期支付指令")
    TRANSFERRED = "transferred", _("已移送公安")
    CLOSURE_PENDING = "closure_pending", _("结案待审批")
    CLOSED = "closed", _("已结案")


S = WageStatus


class WageArrearsCase(Case):
    """欠薪投诉: domain.md §1. Each method is one transition of the public API."""

    class Meta:
        proxy = True
        verbose_name = _("欠薪投诉")
        verbose_name_plural = _("欠薪投诉")

    @transition(field="status", source=S.SUBMITTED, target=S.INVESTIGATING)
    def accept(self): ...

    @transition(field="status", source=S.SUBMITTED, target=S.REJECTED)
    def reject(self): ...

    @transition(field="status", source=S.INVESTIGATING, target=S.EXTENSION_PENDING)
    def request_extension(self): ...

    @transition(field="status", source=S.EXTENSION_PENDING, target=S.INVESTIGATING)
    def approve_extension(self): ...

    @transition(field="status", source=S.EXTENSION_PENDING, target=S.INVESTIGATING)
    def deny_extension(self): ...

    @transition(field="status", source=S.INVESTIGATING, target=S.ORDERED)
    def order_payment(self): ...

    @transition(field="status", source=S.ORDERED, target=S.ORDERED)
    def record_payment(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=S.TRANSFERRED)
    def transfer_to_police(self): ...

    @transition(field="status", source=S.TRANSFERRED, target=S.CLOSURE_PENDING)
    def police_accept(self): ...

    @transition(field="status", source=S.TRANSFERRED, target=S.INVESTIGATING)
    def police_return(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=S.CLOSURE_PENDING)
    def propose_closure(self): ...

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.CLOSED)
    def approve_closure(self): ...

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.INVESTIGATING)
    def return_for_rework(self): ...

    @transition(field="status", source=S.CLOSED, target=S.CLOSED)
    def record_feedback(self): ...

    @transition(field="status", source=S.CLOSED, target=S.INVESTIGATING)
    def reopen(self): ...
