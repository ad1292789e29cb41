"""The dishonesty-list procedure against an employer (docs/dishonesty.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingStatus(models.TextChoices):
    NOTICE_ISSUED = "notice_issued", _("拟列入告知（陈述申辩期）")
    DECIDED = "decided", _("已列入失信名单")
    NOT_LISTED = "not_listed", _("决定不予列入")
    REMOVED = "removed", _("已移出（信用修复）")
    EXPIRED = "expired", _("已移出（列入期限届满）")


class DishonestyListing(models.Model):
    """One procedure of 拖欠农民工工资失信联合惩戒对象名单 against an employer, started from a
    wage-arrears case whose order to pay went unpaid past its deadline (docs/dishonesty.md)."""

    employer = models.ForeignKey(
        "casework.Employer",
        on_delete=models.PROTECT,
        related_name="dishonesty_listings",
        verbose_name=_("用人单位"),
    )
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        related_name="dishonesty_listings",
        verbose_name=_("来源案件"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ListingStatus.choices, db_index=True
    )
    ground = models.CharField(_("列入事由"), max_length=20)
    reason = models.TextField(_("拟列入理由"), max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The 责令限期支付 order the listing rests on (第五条), as it stood at the proposal: its
    # deadline, the amount it ordered, and what was paid by the deadline.
    order_due_on = models.DateField(_("限期支付期限"), null=True, blank=True)
    order_amount = models.DecimalField(
        _("责令支付金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order_paid = models.DecimalField(
        _("期限内已支付金额"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    notice_on = models.DateField(_("告知日期"))
    # The statement period runs from service (送达) of the notice, not from its date: it is
    # unknown (null) until the service is recorded.
    served_on = models.DateField(_("告知书送达日期"), null=True, blank=True)
    statement_due = models.DateField(_("陈述申辩期届满日"), null=True, blank=True)
    statement = models.TextField(_("陈述申辩意见"), blank=True, max_length=5000)
    statement_received_on = models.DateField(_("陈述申辩收到日期"), null=True, blank=True)
    statement_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("决定理由"), blank=True, max_length=2000)
    expires_on = models.DateField(_("列入期限届满日"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    removal_basis = models.CharField(max_length=20, blank=True)
    removal_reason = models.TextField(_("移出理由"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("失信名单程序")
        verbose_name_plural = _("失信名单程序")

    def __str__(self) -> str:
        return f"{self.employer} · {self.get_status_display()}"
