"""The inspection kind as a proxy of the Case core; the FSM transitions live here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class InspectionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("待检查")
    INSPECTED = "inspected", _("已检查")
    RECTIFICATION_REQUIRED = "rectification_required", _("限期整改")
    REINSPECTION = "reinspection", _("待复查")
    CLOSED = "closed", _("已结案")


N = InspectionStatus


class InspectionCase(Case):
    """安全与卫生检查: docs/domain.md §6. Each method is one transition of the public API.

    `inspected` is the fork after every round (first inspection or re-inspection): with no
    failed item the supervisor approves closure, otherwise the officer orders rectification
    with a new deadline. The two guards on the results live in the kind's spec.
    """

    class Meta:
        proxy = True
        verbose_name = _("安全与卫生检查")
        verbose_name_plural = _("安全与卫生检查")

    @transition(field="status", source=N.SCHEDULED, target=N.INSPECTED)
    def record_inspection(self): ...

    @transition(field="status", source=N.INSPECTED, target=N.RECTIFICATION_REQUIRED)
    def require_rectification(self): ...

    @transition(field="status", source=N.RECTIFICATION_REQUIRED, target=N.REINSPECTION)
    def schedule_reinspection(self): ...

    @transition(field="status", source=N.REINSPECTION, target=N.INSPECTED)
    def record_reinspection(self): ...

    @transition(field="status", source=N.INSPECTED, target=N.CLOSED)
    def approve_closure(self): ...
