"""What a market rectification checks and records: the problem types, the site checklist,
the opening fields and the transition payloads (pages and API alike)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from casework.converters import parse_id
from casework.markets.selectors import jurisdiction_contains
from casework.models import FACILITIES, Attachment, Market, MarketStatus, PauseReason
from casework.payloads import TEXT_MAX, CommentPayload, MoneyField, ReasonPayload, within_reach
from casework.payments import yuan
from permissions.models import Jurisdiction

from ..site_checks import FACILITY_PROBLEMS, ResultField, match_checklist

PROBLEMS = (
    ("road_occupying", _l("占路占道")),
    ("unauthorised", _l("擅自举办")),
    ("non_compliant", _l("设施不达标")),
)
SITE_ITEMS = [
    ("road_clear", _l("未占用道路")),
    ("registration", _l("登记备案")),
    ("traffic", _l("交通秩序")),
    ("sanitation", _l("环境卫生")),
    ("fire_safety", _l("消防安全")),
]
# What a site check may cover: the registry's facilities, then the rectification items.
CHECKLIST: list[tuple[str, object]] = [*FACILITIES, *SITE_ITEMS]
CHECKLIST_CODES = [code for code, _label in CHECKLIST]
# Each item as the problem a failed check found, as the rectification notice states it.
PROBLEM_WORDING = {
    **FACILITY_PROBLEMS,
    "road_clear": _l("占用道路"),
    "registration": _l("未登记备案"),
    "traffic": _l("交通秩序混乱"),
    "sanitation": _l("环境卫生不达标"),
    "fire_safety": _l("存在消防安全隐患"),
}
# The heaviest fine of the provisions a market's penalty rests on: 《市场主体登记管理条例》
# 第四十三条, unlicensed business in a serious case, 10万 to 50万元 (docs/legal-basis.md).
PENALTY_MAX = Decimal("500000.00")
PENALTY_MARKET_STATUS = (
    (MarketStatus.RECTIFYING.value, _l("继续整治")),
    (MarketStatus.CLOSED.value, _l("责令关闭")),
)
# Every reason a market-supervision clock may exclude; each clock accepts only its own
# article's (the filing clock refuses 听证, for example: casework.clocks.check_pause_reason).
MARKET_PAUSE_REASONS = tuple(
    (r.value, r.label)
    for r in (
        PauseReason.SUSPENSION,
        PauseReason.HEARING,
        PauseReason.PUBLIC_NOTICE,
        PauseReason.TESTING,
        PauseReason.INSPECTION,
        PauseReason.QUARANTINE,
        PauseReason.APPRAISAL,
        PauseReason.IDENTIFICATION,
        PauseReason.ORDER_REFUND,
    )
)


def item_label(code: str) -> str:
    return str(dict(CHECKLIST).get(code, code))


def finding_label(code: str) -> str:
    """A failed item as the problem found ("占用道路"), not as what was checked."""
    return str(PROBLEM_WORDING.get(code) or item_label(code))


def problem_label(code: str) -> str:
    return str(dict(PROBLEMS).get(code, code))


# --- validation helpers --------------------------------------------------------------------


def coordinates_error(jurisdiction: Jurisdiction, lon, lat) -> str | None:
    """The registry's rule: the point must lie in the area of the case's jurisdiction."""
    if not jurisdiction_contains(jurisdiction, lon, lat):
        return _("坐标不在%(name)s范围内。") % {"name": jurisdiction.name}
    return None


def _coordinate_fields() -> tuple[serializers.DecimalField, serializers.DecimalField]:
    return (
        serializers.DecimalField(
            label=_l("经度"), max_digits=9, decimal_places=6, min_value=-180, max_value=180
        ),
        serializers.DecimalField(
            label=_l("纬度"), max_digits=9, decimal_places=6, min_value=-90, max_value=90
        ),
    )


# --- opening and payloads ------------------------------------------------------------------


class RectificationOpenSerializer(serializers.Serializer):
    """A rectification's own fields when it is opened; the market (generic) is required.

    The coordinates are where the problem was reported; left out, the market's registered
    coordinates are used.
    """

    problem = serializers.ChoiceField(label=_l("问题类型"), choices=PROBLEMS)
    lon = serializers.DecimalField(
        label=_l("经度"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
        help_text=_l("问题发生地点；留空则取零工市场登记的坐标"),
    )
    lat = serializers.DecimalField(
        label=_l("纬度"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
    )
    checklist = serializers.ListField(
        label=_l("核查项目"),
        child=serializers.ChoiceField(choices=CHECKLIST),
        allow_empty=False,
        help_text=_l(
            "每行一个项目代码：negotiation shelter heat_cold parking order hrss_station "
            "road_clear registration traffic sanitation fire_safety"
        ),
    )

    def validate_checklist(self, value: list[str]) -> list[str]:
        return [code for code in CHECKLIST_CODES if code in set(value)]

    def validate(self, attrs: dict) -> dict:
        errors: dict = {}
        market = None
        raw_market = self.initial_data.get("market")
        if raw_market in (None, ""):
            errors["market"] = [_("零工市场整治必须选择所涉零工市场。")]
        elif (market_id := parse_id(raw_market)) is not None:
            market = Market.objects.filter(pk=market_id).first()
        lon, lat = attrs.get("lon"), attrs.get("lat")
        if (lon is None) != (lat is None):
            missing = "lat" if lat is None else "lon"
            errors[missing] = [_("经度和纬度须同时填写。")]
        elif lon is None and market is not None:
            attrs["lon"], attrs["lat"] = market.lon, market.lat
        jurisdiction = Jurisdiction.objects.filter(
            code=str(self.initial_data.get("jurisdiction", ""))
        ).first()
        if jurisdiction is not None and attrs.get("lon") is not None and "lat" not in errors:
            problem = coordinates_error(jurisdiction, attrs["lon"], attrs["lat"])
            if problem:
                errors["lon"] = [problem]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def _check_results(case, value: list[dict]) -> list[dict]:
    checklist = list((case.details or {}).get("checklist", [])) if case else CHECKLIST_CODES
    return match_checklist(
        value,
        checklist,
        item_label,
        unknown=_l("“%(item)s”不在本案核查项目中。"),
        missing=_l("以下核查项目尚未填写结果：%(items)s"),
    )


def notice_deadline(case) -> date | None:
    """The deadline of the case's latest 整改通知书; None before one was issued."""
    notices = ((case.details or {}).get("notices") or []) if case is not None else []
    return date.fromisoformat(notices[-1]["deadline"]) if notices else None


def _check_date(case, value: date) -> date:
    if value > timezone.localdate():
        raise serializers.ValidationError(_("核查日期不能晚于今天。"))
    if case is not None and value < timezone.localdate(case.submitted_at):
        raise serializers.ValidationError(_("核查日期不能早于立案日期。"))
    return value


class ResultsPayload(CommentPayload):
    inspected_on = serializers.DateField(label=_l("核查日期"))
    results = serializers.ListField(
        label=_l("核查结果"),
        child=ResultField(label_of=item_label),
        allow_empty=False,
        help_text=_l("逐项选择合格或不合格，不合格的写明情况"),
    )

    def validate_inspected_on(self, value: date) -> date:
        return _check_date(self.context.get("case"), value)

    def validate_results(self, value: list[dict]) -> list[dict]:
        return _check_results(self.context.get("case"), value)


class VerifyPayload(ResultsPayload):
    lon, lat = _coordinate_fields()
    findings = serializers.CharField(label=_l("现场核查情况"), max_length=TEXT_MAX)
    photos = serializers.ListField(
        label=_l("现场照片"),
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text=_l(
            "先在“证据附件”上传现场照片；留空则使用本案已上传的全部照片，或每行填写一个附件编号"
        ),
    )

    def validate(self, attrs: dict) -> dict:
        case = self.context.get("case")
        errors: dict = {}
        if case is not None:
            problem = coordinates_error(case.jurisdiction, attrs["lon"], attrs["lat"])
            if problem:
                errors["lon"] = [problem]
            images = Attachment.objects.filter(case_id=case.pk, content_type__startswith="image/")
            wanted = attrs.get("photos") or []
            found = list(
                images.filter(pk__in=wanted).values_list("pk", flat=True)
                if wanted
                else images.values_list("pk", flat=True)
            )
            if wanted and set(found) != set(wanted):
                errors["photos"] = [_("所选附件不是本案的现场照片。")]
            elif not found:
                errors["photos"] = [_("请先在“证据附件”中上传至少一张现场照片。")]
            attrs["photos"] = sorted(found)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


@extend_schema_serializer(deprecate_fields=["notice_number"])
class NoticePayload(CommentPayload):
    """The 整改通知书 is issued by the transition with its own 文号 (docs/documents.md).

    `notice_number` is deprecated: it was typed as the notice's number and so gave one
    notice two numbers. It is still accepted, for the clients that send it, as what it can
    truly be: the number of a paper notice served on site besides the issued one."""

    deadline = serializers.DateField(label=_l("整改期限"))
    requirements = serializers.CharField(label=_l("整改要求"), max_length=TEXT_MAX)
    notice_number = serializers.CharField(
        label=_l("现场送达的纸质通知书编号"),
        required=False,
        allow_blank=True,
        max_length=60,
        help_text=_l("仅在现场另行送达纸质通知书时填写；整改通知书的文号由系统编发"),
    )

    def validate_deadline(self, value: date) -> date:
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("整改期限应晚于今天。"))
        return within_reach(value)


class RectifiedPayload(ResultsPayload):
    def validate_results(self, value: list[dict]) -> list[dict]:
        rows = super().validate_results(value)
        failed = [r["item"] for r in rows if not r["passed"]]
        if failed:
            raise serializers.ValidationError(
                _("仍有不合格项目（%(items)s），应登记为逾期未整改。")
                % {"items": "、".join(item_label(c) for c in failed)}
            )
        return rows


class NotRectifiedPayload(ResultsPayload):
    def validate_inspected_on(self, value: date) -> date:
        # 逾期未整改 is a finding after the notice's deadline has passed: found earlier, a
        # penalty, a ban or a referral could follow on a day the market still had to
        # rectify.
        value = super().validate_inspected_on(value)
        deadline = notice_deadline(self.context.get("case"))
        if deadline is not None and value <= deadline:
            raise serializers.ValidationError(
                _("整改期限至%(date)s，期限届满后核查方可认定逾期未整改。")
                % {"date": deadline.isoformat()}
            )
        return value

    def validate_results(self, value: list[dict]) -> list[dict]:
        rows = super().validate_results(value)
        if all(r["passed"] for r in rows):
            raise serializers.ValidationError(_("全部项目合格，应登记为已整改。"))
        return rows


class PenaltyPayload(CommentPayload):
    """A penalty decision, the lead's (`impose_penalty`) or market supervision's
    (`market_decide`). `legal_basis` is the officer's text, so the code cannot tell the
    article's range: the fine is capped at `PENALTY_MAX`, the heaviest fine of the
    provisions these decisions rest on (docs/legal-basis.md, "Amounts the law bounds")."""

    decision = serializers.CharField(
        label=_l("处罚内容"), max_length=500, help_text=_l("如：罚款二千元，责令限期改正")
    )
    amount = MoneyField(
        label=_l("罚款金额（元）"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_l("不超过50万元"),
    )
    legal_basis = serializers.CharField(label=_l("法律依据"), max_length=500)
    market_status = serializers.ChoiceField(
        label=_l("零工市场处理"), choices=PENALTY_MARKET_STATUS, default="rectifying"
    )

    def validate_amount(self, value: Decimal | None) -> Decimal | None:
        if value is not None and value > PENALTY_MAX:
            raise serializers.ValidationError(
                _(
                    "罚款金额不能超过%(max)s元：零工市场整治所依据的处罚规定中，罚款最高为50万元"
                    "（《市场主体登记管理条例》第四十三条）。"
                )
                % {"max": yuan(PENALTY_MAX)}
            )
        return value


class BanPayload(ReasonPayload):
    legal_basis = serializers.CharField(label=_l("法律依据"), max_length=500)


class MarketFilePayload(CommentPayload):
    filing_number = serializers.CharField(label=_l("立案编号"), max_length=60)


class MarketPausePayload(CommentPayload):
    reason = serializers.ChoiceField(label=_l("中止原因"), choices=MARKET_PAUSE_REASONS)


class MarketExtendPayload(ReasonPayload):
    days = serializers.IntegerField(
        label=_l("延长天数"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_l("仅负责人集体讨论决定继续延期时填写，由决定确定延长的合理期限。"),
    )


class ProposeClosurePayload(CommentPayload):
    summary = serializers.CharField(label=_l("办理情况"), max_length=TEXT_MAX)
