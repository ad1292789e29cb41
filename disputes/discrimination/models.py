"""就业歧视投诉 as a proxy of the Case core."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case

from ..investigated_complaint.fsm import ComplaintStatus as C
from ..investigated_complaint.fsm import InvestigatedComplaint


class DiscriminationStatus(models.TextChoices):
    """The procedure's states, with the one an order to correct (责令限期改正) reaches."""

    SUBMITTED = C.SUBMITTED.value, C.SUBMITTED.label
    INVESTIGATING = C.INVESTIGATING.value, C.INVESTIGATING.label
    REJECTED = C.REJECTED.value, C.REJECTED.label
    EXTENSION_PENDING = C.EXTENSION_PENDING.value, C.EXTENSION_PENDING.label
    ORDERED = "ordered", _("已责令改正")
    CLOSURE_PENDING = C.CLOSURE_PENDING.value, C.CLOSURE_PENDING.label
    CLOSED = C.CLOSED.value, C.CLOSED.label


S = DiscriminationStatus


class DiscriminationCase(InvestigatedComplaint, Case):
    """就业歧视投诉: docs/domain.md §3 (就业促进法 §62: 实施就业歧视的，劳动者可以向人民法院起诉；
    劳动保障监察 handles the complaint like any other labour-law violation)."""

    class Meta:
        proxy = True
        verbose_name = _("就业歧视投诉")
        verbose_name_plural = _("就业歧视投诉")

    # 劳动保障监察条例 §18(1)(二): 对应当改正未改正的，依法责令改正 (disputes/discrimination/correction.py).
    @transition(field="status", source=S.INVESTIGATING, target=S.ORDERED)
    def order_correction(self): ...

    @transition(field="status", source=[S.INVESTIGATING, S.ORDERED], target=S.CLOSURE_PENDING)
    def propose_closure(self): ...
