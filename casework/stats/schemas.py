"""The answer of `GET /api/v1/stats/`, as named schemas of the OpenAPI document.

`report.build_report` builds the answer; these classes describe it, built from the same
names (`figures.SHOWN`, `figures.MONEY`, `report.FIGURE_LINKS`), and
`tests/api/test_answers_match_schema.py` checks real answers against the schema.
Definitions of each figure: docs/statistics.md.
"""

from __future__ import annotations

from rest_framework import serializers

from .figures import MONEY, SHOWN
from .report import FIGURE_LINKS


def _serializer(name: str, fields: dict, base=serializers.Serializer):
    return type(name, (base,), {"__module__": __name__, **fields})


def _rate(name: str, whole: str, part: str):
    """One of the three rates (三率): `part` of `whole`, and the rate."""
    return _serializer(
        f"Stats{name}Serializer",
        {
            whole: serializers.IntegerField(min_value=0),
            part: serializers.IntegerField(min_value=0),
            "rate": serializers.FloatField(
                allow_null=True, min_value=0, max_value=1, help_text="Null when the whole is 0."
            ),
        },
    )


StatsFiguresSerializer = _serializer(
    "StatsFiguresSerializer",
    {
        **{name: serializers.IntegerField(min_value=0) for name in SHOWN},
        **{name: serializers.DecimalField(max_digits=16, decimal_places=2) for name in MONEY},
        "response": _rate("Response", "due", "timely")(help_text="响应率."),
        "resolution": _rate("Resolution", "closed", "resolved")(help_text="解决率."),
        "satisfaction": _rate("Satisfaction", "asked", "satisfied")(help_text="满意率."),
        **{
            name: serializers.CharField(
                allow_null=True, help_text="The case list of the cases behind the figure."
            )
            for name in FIGURE_LINKS
        },
    },
)


class StatsKindRowSerializer(StatsFiguresSerializer):
    kind = serializers.CharField()
    label = serializers.CharField()


class StatsUnitRowSerializer(StatsFiguresSerializer):
    unit = serializers.IntegerField()
    name = serializers.CharField()
    jurisdiction = serializers.CharField(allow_null=True, help_text="The unit's jurisdiction.")


class StatsJurisdictionRowSerializer(StatsFiguresSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    division_code = serializers.CharField(allow_blank=True)
    own_level = serializers.BooleanField(help_text="The asked jurisdiction's own cases (本级).")
    dashboard = serializers.CharField(
        allow_null=True, help_text="The child jurisdiction's dashboard; null for 本级."
    )


class StatsStatusRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(min_value=0)
    cases = serializers.CharField(allow_null=True)


class StatsMarketRowSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(min_value=0)


class StatsPointSerializer(serializers.Serializer):
    """One step of the series: every day (or month) of the period up to today is listed,
    those without a case at zero."""

    period = serializers.DateField(help_text="The day, or the month's first day.")
    received = serializers.IntegerField(min_value=0)
    closed = serializers.IntegerField(min_value=0)


class StatsPlaceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class StatsJurisdictionSerializer(StatsPlaceSerializer):
    division_code = serializers.CharField(allow_blank=True)
    parent = StatsPlaceSerializer(allow_null=True, help_text="Null when out of your reach.")
    children = StatsPlaceSerializer(
        many=True,
        help_text="Its child jurisdictions, with cases or not: the areas the report covers "
        "(`by_jurisdiction` lists those with figures).",
    )


class StatsPeriodSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The period as asked, normalised.")
    first = serializers.DateField()
    last = serializers.DateField()
    step = serializers.ChoiceField(choices=["day", "month"], help_text="`by_period`'s step.")


class StatsSerializer(serializers.Serializer):
    jurisdiction = StatsJurisdictionSerializer()
    period = StatsPeriodSerializer()
    today = serializers.DateField()
    totals = StatsFiguresSerializer()
    by_kind = StatsKindRowSerializer(many=True)
    by_unit = StatsUnitRowSerializer(many=True)
    by_jurisdiction = StatsJurisdictionRowSerializer(many=True)
    by_status = StatsStatusRowSerializer(many=True)
    by_period = StatsPointSerializer(many=True)
    markets = StatsMarketRowSerializer(many=True)
