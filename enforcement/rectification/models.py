"""Market rectification (docs/domain.md §4): the case proxy with its FSM. Imported by
`enforcement.models` so Django registers it; the fixed-point watch has its models in
`enforcement.rectification.patrols.models`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case


class RectificationStatus(models.TextChoices):
    REPORTED = "reported", _("已报告")
    VERIFIED = "verified", _("已现场核查")
    NOTICE_ISSUED = "notice_issued", _("已下达整改通知")
    REINSPECTION = "reinspection", _("待复查")
    RECTIFIED = "rectified", _("已整改")
    NOT_RECTIFIED = "not_rectified", _("逾期未整改")
    PENALTY = "penalty", _("已处罚")
    BANNED = "banned", _("已取缔")
    CLOSURE_PENDING = "closure_pending", _("结案待审批")
    CLOSED = "closed", _("已结案")


R = RectificationStatus


class MarketRectificationCase(Case):
    """零工市场整治: each method is one transition of the public API.

    The market-supervision steps (`refer_to_market`, `market_file`, `market_pause`,
    `market_resume`, `market_extend`) keep
    the case in `not_rectified` while that unit runs its own penalty procedure; its decision
    (`market_decide`) leads to `penalty` like the lead unit's own `impose_penalty`.
    """

    class Meta:
        proxy = True
        verbose_name = _("零工市场整治")
        verbose_name_plural = _("零工市场整治")

    @transition(field="status", source=R.REPORTED, target=R.VERIFIED)
    def verify(self): ...

    @transition(field="status", source=R.VERIFIED, target=R.NOTICE_ISSUED)
    def issue_notice(self): ...

    @transition(field="status", source=R.NOTICE_ISSUED, target=R.REINSPECTION)
    def schedule_reinspection(self): ...

    @transition(field="status", source=R.REINSPECTION, target=R.RECTIFIED)
    def confirm_rectified(self): ...

    @transition(field="status", source=R.REINSPECTION, target=R.NOT_RECTIFIED)
    def confirm_not_rectified(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def file_penalty(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.PENALTY)
    def impose_penalty(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.BANNED)
    def ban(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def refer_to_market(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_file(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_pause(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_resume(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.NOT_RECTIFIED)
    def market_extend(self): ...

    @transition(field="status", source=R.NOT_RECTIFIED, target=R.PENALTY)
    def market_decide(self): ...

    @transition(
        field="status",
        source=[R.VERIFIED, R.RECTIFIED, R.PENALTY, R.BANNED],
        target=R.CLOSURE_PENDING,
    )
    def propose_closure(self): ...

    @transition(field="status", source=R.CLOSURE_PENDING, target=R.CLOSED)
    def approve_closure(self): ...
