"""What a joint operation is opened with and what its steps carry: the opening fields, the
counts a unit reports, and the payloads of the transitions and per-unit steps (pages and API
alike)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework.models import Market
from casework.payloads import CommentPayload, IdChoiceField, within_reach
from permissions.models import Jurisdiction, Unit

# A plan, a unit's report and the summary run longer than a transition's comment
# (`casework.payloads.TEXT_MAX`).
LONG_TEXT_MAX = 5000

# The counts a unit reports (all whole numbers ≥ 0), in the order of the results table.
RESULT_FIELDS: list[tuple[str, object]] = [
    ("markets_inspected", _l("检查市场（个）")),
    ("persons_educated", _l("教育劝导（人次）")),
    ("persons_dispersed", _l("劝离人员（人）")),
    ("stalls_cleared", _l("清理占道摊点（处）")),
    ("vehicles_removed", _l("清理违停车辆（辆）")),
    ("notices_issued", _l("下达整改通知（份）")),
]
RESULT_CODES = [code for code, _label in RESULT_FIELDS]
# The most one unit reports of one count in one operation. A unit cannot correct a report
# once made, and a slip of the keyboard (10 digits for 10) would stay in the operation's
# totals, its summary and the statistics: more than this is refused, not stored.
COUNT_MAX = 100_000


def unit_choices() -> list[tuple[int, str]]:
    return [
        (u.pk, u.name)
        for u in Unit.objects.select_related("jurisdiction").order_by(
            "jurisdiction__path", "department_id"
        )
    ]


def market_choices() -> list[tuple[int, str]]:
    return [
        (m.pk, f"{m.name}（{m.jurisdiction.name}）")
        for m in Market.objects.select_related("jurisdiction").order_by(
            "jurisdiction__path", "name"
        )
    ]


class OperationOpenSerializer(serializers.Serializer):
    """An operation's own fields. `jurisdiction` (generic) is the area it covers; the units
    and markets must lie in it. Units and markets are ids (tick boxes on the page)."""

    title = serializers.CharField(label=_l("行动名称"), max_length=200)
    starts_on = serializers.DateField(label=_l("开始日期"))
    ends_on = serializers.DateField(label=_l("结束日期"), help_text=_l("不得早于开始日期"))
    units = serializers.ListField(
        label=_l("参与单位"),
        child=IdChoiceField(choices_from=unit_choices),
        allow_empty=False,
        help_text=_l("可跨部门选择；主办单位参与行动时也应勾选"),
    )
    markets = serializers.ListField(
        label=_l("涉及零工市场"),
        child=IdChoiceField(choices_from=market_choices),
        required=False,
    )

    def validate_starts_on(self, value: date) -> date:
        return within_reach(value)

    def validate_ends_on(self, value: date) -> date:
        return within_reach(value)

    def validate(self, attrs: dict) -> dict:
        errors: dict = {}
        if attrs["ends_on"] < attrs["starts_on"]:
            errors["ends_on"] = [_("结束日期不能早于开始日期。")]
        jur = Jurisdiction.objects.filter(
            code=str(self.initial_data.get("jurisdiction", ""))
        ).first()
        unit_ids = list(dict.fromkeys(attrs["units"]))
        units = list(Unit.objects.filter(pk__in=unit_ids).select_related("jurisdiction"))
        market_ids = list(dict.fromkeys(attrs.get("markets") or []))
        markets = list(Market.objects.filter(pk__in=market_ids).select_related("jurisdiction"))
        if jur is not None:
            outside = [u.name for u in units if not u.jurisdiction.path.startswith(jur.path)]
            if outside:
                errors["units"] = [
                    _("以下单位不在本次行动的行政区划内：%(units)s") % {"units": "、".join(outside)}
                ]
            away = [m.name for m in markets if not m.jurisdiction.path.startswith(jur.path)]
            if away:
                errors["markets"] = [
                    _("以下零工市场不在本次行动的行政区划内：%(names)s")
                    % {"names": "、".join(away)}
                ]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["units"] = unit_ids
        attrs["markets"] = market_ids
        return attrs


class SummaryPayload(CommentPayload):
    summary = serializers.CharField(label=_l("行动总结"), max_length=LONG_TEXT_MAX)


class ReportPayload(serializers.Serializer):
    """A unit's results. `cases` are ids of cases it opened during the operation."""

    markets_inspected = serializers.IntegerField(
        label=_l("检查市场（个）"), min_value=0, max_value=COUNT_MAX
    )
    persons_educated = serializers.IntegerField(
        label=_l("教育劝导（人次）"), min_value=0, max_value=COUNT_MAX
    )
    persons_dispersed = serializers.IntegerField(
        label=_l("劝离人员（人）"), min_value=0, max_value=COUNT_MAX
    )
    stalls_cleared = serializers.IntegerField(
        label=_l("清理占道摊点（处）"), min_value=0, max_value=COUNT_MAX
    )
    vehicles_removed = serializers.IntegerField(
        label=_l("清理违停车辆（辆）"), min_value=0, max_value=COUNT_MAX, required=False, default=0
    )
    notices_issued = serializers.IntegerField(
        label=_l("下达整改通知（份）"), min_value=0, max_value=COUNT_MAX, required=False, default=0
    )
    text = serializers.CharField(label=_l("工作情况"), max_length=LONG_TEXT_MAX)
    cases = serializers.ListField(
        label=_l("行动中查处的案件"),
        child=serializers.CharField(max_length=60),
        required=False,
        help_text=_l("每行一个案件编号或案件ID，可不填"),
    )


class LinkPayload(serializers.Serializer):
    case = serializers.CharField(label=_l("案件编号或ID"), max_length=60)
    unit = serializers.IntegerField(
        label=_l("报送单位"), required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )


class ClaimPayload(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1
    )
