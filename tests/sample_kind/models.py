"""The hotline referral as a proxy of the Case core; its FSM transitions live here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", _("已接收")
    HANDLED = "handled", _("已办理")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("已办结")


S = ReferralStatus


class HotlineReferralCase(Case):
    class Meta:
        proxy = True
        verbose_name = "热线转办"
        verbose_name_plural = "热线转办"

    @transition(field="status", source=S.RECEIVED, target=S.HANDLED)
    def handle(self): ...

    @transition(field="status", source=S.RECEIVED, target=S.RETURNED)
    def return_to_hotline(self): ...

    @transition(field="status", source=S.HANDLED, target=S.CLOSED)
    def close(self): ...
