"""The security-incident kind as a proxy of the Case core; the FSM transitions live here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("已报警")
    DISPATCHED = "dispatched", _("已出警")
    ON_SCENE = "on_scene", _("已到达现场")
    CASE_OPENED = "case_opened", _("已受案")
    INVESTIGATING = "investigating", _("调查中")
    EXTENSION_PENDING = "extension_pending", _("延期待上级批准")
    DECIDED = "decided", _("已作出决定")
    TRANSFERRED_CRIMINAL = "transferred_criminal", _("已转刑事案件")
    CLOSURE_PENDING = "closure_pending", _("结案待审批")
    CLOSED = "closed", _("已结案")


class IncidentType(models.TextChoices):
    ASSAULT = "assault", _("殴打他人")
    PROVOKING_TROUBLE = "provoking_trouble", _("寻衅滋事")
    EXTORTION = "extortion", _("敲诈勒索")
    FORCED_TRADING = "forced_trading", _("强迫交易")
    FRAUD = "fraud", _("诈骗")
    TRAFFIC_HAZARD = "traffic_hazard", _("交通安全隐患")


S = IncidentStatus


class SecurityIncidentCase(Case):
    """治安事件: docs/domain.md §5. Each method is one transition of the public API."""

    class Meta:
        proxy = True
        verbose_name = _("治安事件")
        verbose_name_plural = _("治安事件")

    @transition(field="status", source=S.REPORTED, target=S.DISPATCHED)
    def dispatch(self): ...

    @transition(field="status", source=S.DISPATCHED, target=S.ON_SCENE)
    def arrive(self): ...

    # 受案审查 runs from the report until 受案 or 不予受案, whatever the state before them;
    # extending it keeps the state (target None).
    @transition(field="status", source=[S.REPORTED, S.DISPATCHED, S.ON_SCENE], target=None)
    def extend_review(self): ...

    @transition(field="status", source=S.ON_SCENE, target=S.CASE_OPENED)
    def open_case(self): ...

    @transition(field="status", source=S.ON_SCENE, target=S.CLOSURE_PENDING)
    def no_case(self): ...

    @transition(field="status", source=S.CASE_OPENED, target=S.INVESTIGATING)
    def start_investigation(self): ...

    @transition(field="status", source=S.INVESTIGATING, target=S.EXTENSION_PENDING)
    def request_extension(self): ...

    @transition(field="status", source=S.EXTENSION_PENDING, target=S.INVESTIGATING)
    def approve_extension(self): ...

    @transition(field="status", source=S.EXTENSION_PENDING, target=S.INVESTIGATING)
    def deny_extension(self): ...

    @transition(field="status", source=S.INVESTIGATING, target=S.DECIDED)
    def decide(self): ...

    @transition(field="status", source=S.INVESTIGATING, target=S.TRANSFERRED_CRIMINAL)
    def transfer_criminal(self): ...

    @transition(
        field="status", source=[S.DECIDED, S.TRANSFERRED_CRIMINAL], target=S.CLOSURE_PENDING
    )
    def propose_closure(self): ...

    @transition(field="status", source=S.CLOSURE_PENDING, target=S.CLOSED)
    def approve_closure(self): ...
