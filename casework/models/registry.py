"""The registries every case kind refers to: employers, gig markets and persons.

The gig-market registry keeps its models with the rest of it, in `casework.markets`; they are
imported here so that the case model and `casework.models` find them where they always did."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.markets.models import (  # noqa: F401  (re-exported)
    FACILITIES,
    Market,
    MarketKind,
    MarketStatus,
    MarketStatusChange,
)
from casework.validators import validate_credit_code, validate_id_number, validate_phone


class Employer(models.Model):
    name = models.CharField(_("名称"), max_length=120, db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    dishonest = models.BooleanField(_("列入失信名单"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A worker or complainant. ID number and phone are personal information."""

    name = models.CharField(_("姓名"), max_length=40)
    id_number = models.CharField(
        _("身份证号"), max_length=18, blank=True, db_index=True, validators=[validate_id_number]
    )
    phone = models.CharField(_("手机号码"), max_length=11, blank=True, validators=[validate_phone])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")

    def __str__(self) -> str:
        return self.name
