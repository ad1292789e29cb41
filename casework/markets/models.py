"""The gig-market registry's models: each market and the history of its status.

They belong to the `casework` app (Django finds them through `casework.models`, which
imports them), so their tables and migrations are casework's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MarketKind(models.TextChoices):
    PUBLIC_WELFARE = "public_welfare", _("公益性")
    COMMERCIAL = "commercial", _("经营性")
    INFORMAL = "informal", _("自发")


class MarketStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    RECTIFYING = "rectifying", _("整治中")
    BANNED = "banned", _("已取缔")
    CLOSED = "closed", _("已关闭")


FACILITIES = [
    ("negotiation", _("洽谈交易")),
    ("shelter", _("避风遮雨")),
    ("heat_cold", _("防暑防寒")),
    ("parking", _("规范停车")),
    ("order", _("秩序维护")),
    ("hrss_station", _("人社服务站点")),
]


class Market(models.Model):
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=20, choices=MarketKind.choices)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=MarketStatus.choices,
        default=MarketStatus.REGISTERED,
        db_index=True,
    )
    jurisdiction = models.ForeignKey(
        "permissions.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="markets",
        verbose_name=_("行政区划"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lon = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    lat = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    operator = models.CharField(_("运营方"), max_length=120, blank=True)
    facilities = models.JSONField(_("设施"), default=list, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("零工市场")
        verbose_name_plural = _("零工市场")

    def __str__(self) -> str:
        return self.name


class MarketStatusChange(models.Model):
    """One change of a market's registry status: who, when, why, and the case behind it."""

    market = models.ForeignKey(
        Market, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("零工市场")
    )
    from_status = models.CharField(
        _("原状态"), max_length=20, choices=MarketStatus.choices, blank=True
    )
    to_status = models.CharField(_("新状态"), max_length=20, choices=MarketStatus.choices)
    reason = models.CharField(_("原因"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作人"),
    )
    at = models.DateTimeField(_("时间"))
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_status_changes",
        verbose_name=_("关联案件"),
    )

    class Meta:
        verbose_name = _("市场状态变更")
        verbose_name_plural = _("市场状态变更")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.market_id}: {self.from_status} → {self.to_status}"
