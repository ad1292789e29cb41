"""劳动争议调解 as a proxy of the Case core: each method is one transition of the public API."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class LabourDisputeStatus(models.TextChoices):
    APPLIED = "applied", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    MEDIATING = "mediating", _("调解中")
    AGREED = "agreed", _("已达成调解协议")
    FAILED = "failed", _("调解不成")
    WITHDRAWN = "withdrawn", _("已撤回")


L = LabourDisputeStatus


class LabourDisputeCase(Case):
    """劳动争议调解: docs/domain.md §2, mediation under 劳动争议调解仲裁法 chapter II."""

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
