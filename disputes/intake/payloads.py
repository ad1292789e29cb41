"""The public complaint as filed: one serializer validates the API and the mobile page alike."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.kinds import get_kind, has_kind, public_kinds
from casework.models import Market
from casework.payloads import MoneyField
from casework.validators import (
    normalise_credit_code,
    normalise_id_number,
    normalise_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)
from permissions.models import Jurisdiction

# The public form's words for what a worker typed wrong: the shared validators speak to
# officers ("校验位错误"), a day labourer on a phone needs to know what to check.
ID_NUMBER_CHECK = _("身份证号码有误，请核对最后一位（可能是数字或 X）。")
CREDIT_CODE_CHECK = _("统一社会信用代码有误，请核对营业执照上的代码；不清楚可以不填。")
DATE_MESSAGES = {"invalid": _("请选择日期。"), "datetime": _("请选择日期。")}


def _django_validator(fn, normalise, plain: dict | None = None):
    """`fn` as a serializer validator; `plain` words some of its error codes for the public."""
    plain = plain or {}

    def run(value):
        try:
            fn(normalise(value))
        except DjangoValidationError as exc:
            messages = [plain.get(e.code) or m for e in exc.error_list for m in e.messages]
            raise serializers.ValidationError(messages) from None
        return value

    return run


class ComplainantSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("姓名"), max_length=40)
    phone = serializers.CharField(
        label=_("手机号码"),
        max_length=20,
        validators=[_django_validator(validate_phone, normalise_phone)],
    )
    id_number = serializers.CharField(
        label=_("身份证号"),
        max_length=18,
        validators=[
            _django_validator(
                validate_id_number, normalise_id_number, {"check_digit": ID_NUMBER_CHECK}
            )
        ],
    )


class EmployerSerializer(serializers.Serializer):
    name = serializers.CharField(label=_("用人单位名称"), max_length=120)
    credit_code = serializers.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        allow_blank=True,
    )

    def validate_credit_code(self, value):
        if value:
            _django_validator(
                validate_credit_code, normalise_credit_code, {"check_digit": CREDIT_CODE_CHECK}
            )(value)
        return normalise_credit_code(value)


class PublicComplaintSerializer(serializers.Serializer):
    # Choices: the public kinds registered (set per instance, so a kind added later counts).
    kind = serializers.ChoiceField(label=_("投诉类型"), choices=())
    jurisdiction = serializers.SlugField(label=_("所在区县"), max_length=40)
    complainant = ComplainantSerializer(label=_("投诉人"))
    employer = EmployerSerializer(label=_("用人单位"))
    market = serializers.IntegerField(
        label=_("零工市场"),
        required=False,
        allow_null=True,
        min_value=1,
        error_messages={"invalid": _("请从列表中选择零工市场。")},
    )
    workers_count = serializers.IntegerField(
        label=_("涉及人数"),
        min_value=1,
        max_value=100000,
        default=1,
        error_messages={
            "invalid": _("人数只能填数字，例如 3。"),
            "max_string_length": _("人数只能填数字，例如 3。"),
            "min_value": _("人数至少是 1（包括您自己）。"),
            "max_value": _("人数不能超过 {max_value}。"),
        },
    )
    amount_owed = MoneyField(
        label=_("拖欠金额（元）"),
        min_value=Decimal("0"),
        max_value=Decimal("999999999999.99"),
        default=Decimal("0"),
    )
    description = serializers.CharField(label=_("情况说明"), max_length=5000)
    occurred_on = serializers.DateField(label=_("发生日期"), error_messages=DATE_MESSAGES)
    # For the two-year bar of 劳动保障监察条例 第二十条 (docs/time-bar.md): a violation that
    # went on is counted from the day it ended, and one still going on is not barred.
    violation_continuing = serializers.BooleanField(
        label=_("违法行为是否持续"),
        required=False,
        default=False,
        help_text=_("例如工资一直被拖欠至今：有连续或者继续状态的，时效自行为终了之日起计算"),
    )
    violation_ended_on = serializers.DateField(
        label=_("违法行为终了日期"),
        required=False,
        allow_null=True,
        error_messages=DATE_MESSAGES,
        help_text=_("持续的违法行为已经结束的，填写结束的日期；仍在持续的不填"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in public_kinds()]

    def validate_kind(self, value):
        if not has_kind(value):
            raise serializers.ValidationError(_("暂不受理该类型的投诉。"))
        return value

    def validate_jurisdiction(self, value):
        jur = Jurisdiction.objects.filter(code=value).first()
        if jur is None:
            raise serializers.ValidationError(_("未知的行政区划代码。"))
        return jur

    def validate_market(self, value):
        if value is None:
            return None
        market = Market.objects.filter(pk=value).first()
        if market is None:
            raise serializers.ValidationError(_("未知的零工市场。"))
        return market

    def validate_occurred_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("发生日期不能晚于今天。"))
        return value

    def validate_violation_ended_on(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(_("终了日期不能晚于今天。"))
        return value

    def validate(self, attrs):
        ended = attrs.get("violation_ended_on")
        if ended is not None:
            if ended < attrs["occurred_on"]:
                raise serializers.ValidationError(
                    {"violation_ended_on": [_("终了日期不能早于发生日期。")]}
                )
            # An end date is the end of a violation that went on.
            attrs["violation_continuing"] = True
        market = attrs.get("market")
        jur = attrs["jurisdiction"]
        if market is not None and not market.jurisdiction.path.startswith(jur.path):
            raise serializers.ValidationError({"market": [_("该零工市场不在所选区县。")]})
        spec = get_kind(attrs["kind"])
        if not spec.public:
            raise serializers.ValidationError({"kind": [_("该类型不接受公众投诉。")]})
        errors = spec.intake.check(attrs) if spec.intake.check else {}
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
