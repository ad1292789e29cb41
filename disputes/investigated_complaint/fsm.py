"""The states and FSM transitions of the procedure, shared by the kinds' proxy models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition


class ComplaintStatus(models.TextChoices):
    """The states of a complaint that labour inspection investigates; a kind may add its own."""

    SUBMITTED = "submitted", _("待受理")
    INVESTIGATING = "investigating", _("调查处理中")
    REJECTED = "rejected", _("不予受理")
    EXTENSION_PENDING = "extension_pending", _("延期待审批")
    CLOSURE_PENDING = "closure_pending", _("结案待审批")
    CLOSED = "closed", _("已结案")


S = ComplaintStatus


class InvestigatedComplaint:
    """The acceptance / investigation / closure-approval / follow-up transitions that the
    complaint kinds handled by labour inspection share (wage arrears, discrimination).

    A plain mixin: django-fsm collects the transitions from the concrete proxy class."""

    @transition(field="status", source=S.SUBMITTED, target=S.INVESTIGATING)
    def accept(self): ...

    # A complaint beyond the two years of 劳动保障监察条例 第二十条, accepted by a supervisor.
    @transition(field="status", source=S.SUBMITTED, target=S.INVESTIGATING)
    def accept_time_barred(self): ...

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
