"""Dispute kinds as proxies of the Case core; the FSM transitions live here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case

from .dishonesty.models import DishonestyListing, ListingStatus  # noqa: F401  (loaded by Django from here)


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


class InvestigatedComplaint:
    """The acceptance / investigation / closure-approval / follow-up transitions that the
    complaint kinds handled by labour inspection share (wage arrears, discrimination).

    A plain mixin: django-fsm collects the transitions from the concrete proxy class."""

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

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.CLOSED)
    def approve_closure(self): ...

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.INVESTIGATING)
    def return_for_rework(self): ...

    @transition(field="status", source=S.CLOSED, target=S.CLOSED)
    def record_feedback(self): ...

    @transition(field="status", source=S.CLOSED, target=S.INVESTIGATING)
    def reopen(self): ...

    @transition(field="status", source=S.CLOSED, target=S.CLOSED)
    def keep_closed(self): ...


class WageArrearsCase(InvestigatedComplaint, Case):
    """欠薪投诉: domain.md §1. Each method is one transition of the public API."""

    class Meta:
        proxy = True
        verbose_name = _("欠薪投诉")
        verbose_name_plural = _("欠薪投诉")

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


# 就业歧视投诉 runs the wage-arrears procedure without payments or a transfer to the police:
# the same states and labels, minus the ones only those steps reach.
DiscriminationStatus = models.TextChoices(
    "DiscriminationStatus",
    [(s.name, (s.value, s.label)) for s in S if s not in (S.ORDERED, S.TRANSFERRED)],
)


class DiscriminationCase(InvestigatedComplaint, Case):
    """就业歧视投诉: domain.md §3 (就业促进法 §62: 实施就业歧视的，劳动者可以向人民法院起诉；
    劳动保障监察 handles the complaint like any other labour-law violation)."""

    class Meta:
        proxy = True
        verbose_name = _("就业歧视投诉")
        verbose_name_plural = _("就业歧视投诉")

    @transition(field="status", source=S.INVESTIGATING, target=S.CLOSURE_PENDING)
    def propose_closure(self): ...


class LabourDisputeStatus(models.TextChoices):
    APPLIED = "applied", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("已达成调解协议")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("已撤回")


L = LabourDisputeStatus


class LabourDisputeCase(Case):
    """劳动争议调解: domain.md §2, mediation under 劳动争议调解仲裁法 chapter II."""

    class Meta:
        proxy = True
        verbose_name = _("劳动争议调解")
        verbose_name_plural = _("劳动争议调解")

    @transition(field="status", source=L.APPLIED, target=L.ACCEPTED)
    def accept(self): ...

    @transition(field="status", source=L.ACCEPTED, target=L.MEDIATING)
    def start_mediation(self): ...

    @transition(field="status", source=L.MEDIATING, target=L.AGREED)
    def record_agreement(self): ...

    @transition(field="status", source=[L.ACCEPTED, L.MEDIATING], target=L.FAILED)
    def record_failure(self): ...

    @transition(field="status", source=[L.APPLIED, L.ACCEPTED, L.MEDIATING], target=L.WITHDRAWN)
    def withdraw(self): ...
