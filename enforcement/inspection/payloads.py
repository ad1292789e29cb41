"""The inspection checklist catalogue, the opening fields and the transition payloads
(pages and API alike)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework.models import FACILITIES
from casework.payloads import TEXT_MAX, CommentPayload, within_reach

from ..site_checks import FACILITY_PROBLEMS, ResultField, match_checklist

SAFETY_ITEMS = [
    ("fire_exit", _l("消防通道畅通")),
    ("extinguishers", _l("灭火器材")),
    ("electrical", _l("用电安全")),
]
HEALTH_ITEMS = [
    ("drinking_water", _l("饮用水")),
    ("toilets", _l("卫生间")),
    ("waste", _l("垃圾收集")),
    ("disinfection", _l("防疫消毒")),
]
# The catalogue of checklist items: the market facilities of the registry, then safety and
# health. Codes are the API's; the order is the order of the results table.
CHECKLIST: list[tuple[str, object]] = [*FACILITIES, *SAFETY_ITEMS, *HEALTH_ITEMS]
CHECKLIST_CODES = [code for code, _label in CHECKLIST]
GROUPS = {
    **{code: _l("市场设施") for code, _label in FACILITIES},
    **{code: _l("安全") for code, _label in SAFETY_ITEMS},
    **{code: _l("卫生") for code, _label in HEALTH_ITEMS},
}

# Each item as the problem a failed check found, as the rectification notice states it.
PROBLEM_WORDING = {
    **FACILITY_PROBLEMS,
    "fire_exit": _l("消防通道不畅通"),
    "extinguishers": _l("灭火器材不符合要求"),
    "electrical": _l("存在用电安全隐患"),
    "drinking_water": _l("饮用水不符合卫生要求"),
    "toilets": _l("卫生间不符合卫生要求"),
    "waste": _l("垃圾收集不到位"),
    "disinfection": _l("防疫消毒不到位"),
}

MODES = (("scheduled", _l("计划检查")), ("ad_hoc", _l("临时检查")))


def item_label(code: str) -> str:
    return str(dict(CHECKLIST).get(code, code))


def finding_label(code: str) -> str:
    """A failed item as the problem found ("消防通道不畅通"), not as what was checked."""
    return str(PROBLEM_WORDING.get(code) or item_label(code))


class InspectionOpenSerializer(serializers.Serializer):
    """An inspection's own fields when it is opened. The market (a generic field) is required."""

    mode = serializers.ChoiceField(label=_l("检查方式"), choices=MODES)
    scheduled_for = serializers.DateField(
        label=_l("计划检查日期"),
        required=False,
        allow_null=True,
        help_text=_l("计划检查必填，不得早于今天"),
    )
    checklist = serializers.ListField(
        label=_l("检查项目"),
        child=serializers.ChoiceField(choices=CHECKLIST),
        allow_empty=False,
        help_text=_l("勾选本次检查的项目（接口中使用项目代码）"),
    )

    def validate_scheduled_for(self, value: date | None) -> date | None:
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError(_("计划检查日期不能早于今天。"))
        return value if value is None else within_reach(value)

    def validate_checklist(self, value: list[str]) -> list[str]:
        # Kept in catalogue order, each item once.
        return [code for code in CHECKLIST_CODES if code in set(value)]

    def validate(self, attrs: dict) -> dict:
        errors: dict = {}
        if self.initial_data.get("market") in (None, ""):
            errors["market"] = [_("安全与卫生检查必须选择被检查的零工市场。")]
        if attrs["mode"] == "scheduled" and attrs.get("scheduled_for") is None:
            errors["scheduled_for"] = [_("计划检查必须填写计划检查日期。")]
        if attrs["mode"] == "ad_hoc":
            attrs["scheduled_for"] = None
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ResultsPayload(CommentPayload):
    inspected_on = serializers.DateField(label=_l("检查日期"))
    results = serializers.ListField(
        label=_l("检查结果"),
        child=ResultField(label_of=item_label),
        allow_empty=False,
        help_text=_l("逐项选择合格或不合格，不合格的写明情况"),
    )

    def validate_inspected_on(self, value: date) -> date:
        if value > timezone.localdate():
            raise serializers.ValidationError(_("检查日期不能晚于今天。"))
        case = self.context.get("case")
        if case is not None and value < timezone.localdate(case.submitted_at):
            raise serializers.ValidationError(_("检查日期不能早于立案日期。"))
        return value

    def validate_results(self, value: list[dict]) -> list[dict]:
        case = self.context.get("case")
        checklist = list((case.details or {}).get("checklist", [])) if case else CHECKLIST_CODES
        return match_checklist(
            value,
            checklist,
            item_label,
            unknown=_l("“%(item)s”不在本次检查项目中。"),
            missing=_l("以下检查项目尚未填写结果：%(items)s"),
        )


class RectificationPayload(CommentPayload):
    deadline = serializers.DateField(label=_l("整改期限"))
    requirements = serializers.CharField(label=_l("整改要求"), max_length=TEXT_MAX)

    def validate_deadline(self, value: date) -> date:
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("整改期限应晚于今天。"))
        return within_reach(value)
