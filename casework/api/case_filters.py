"""Query parameters of the case list (`GET /api/v1/cases/`), also read by its exports: the
list's own filters and the statistics' drill-down filters (casework.stats.drilldown)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.kinds import MERGED, all_kinds, get_kind, has_kind
from casework.stats.drilldown import FILTERS, read_periods
from permissions.models import Jurisdiction, Unit


def _status_values() -> set[str]:
    out: set[str] = set()
    for spec in all_kinds():
        out |= {value for value, _label in spec.statuses.choices}
    return out


class CaseFilterSerializer(serializers.Serializer):
    """Query parameters of `GET /api/v1/cases/`. Empty values are ignored."""

    kind = serializers.CharField(required=False, max_length=40, help_text="Case kind code.")
    status = serializers.CharField(
        required=False,
        max_length=400,
        help_text="Status code, or several separated by commas (any of them).",
    )
    jurisdiction = serializers.CharField(
        required=False,
        max_length=40,
        help_text="Jurisdiction code of the case (exactly that jurisdiction).",
    )
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text="Lead unit id (the `lead_unit.id` of rows)."
    )
    assignee = serializers.ChoiceField(
        required=False, choices=[("me", "me")], help_text="`me`: cases assigned to the caller."
    )
    overdue = serializers.BooleanField(
        required=False,
        help_text="`true`: open cases whose binding deadline has passed.",
    )
    sort = serializers.ChoiceField(
        required=False,
        choices=[("deadline", "deadline")],
        help_text="`deadline`: the binding deadline first, cases without one last. "
        "Default: newest first.",
    )
    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text=(
            "Search: number, tracking number (exact), party and employer names, description."
        ),
    )
    # The drill-down of the statistics (docs/statistics.md): the links of `GET
    # /api/v1/stats/` list the same cases here with the same query string.
    within = serializers.CharField(
        required=False,
        max_length=40,
        allow_blank=True,
        help_text="Jurisdiction code: cases of that jurisdiction and every one below it.",
    )
    open = serializers.BooleanField(
        required=False, help_text="`true`: cases not closed (the statistics' `backlog_open`)."
    )

    def get_fields(self) -> dict:
        """The figure filters of the statistics (casework.stats.drilldown), each a period in
        the statistics' syntax (`2026`, `2026-Q4`, `2026-11`, `2026-11-05`,
        `2026-10-01..2026-12-31`)."""
        fields = super().get_fields()
        for spec in FILTERS:
            fields[spec.name] = serializers.CharField(
                required=False,
                max_length=30,
                allow_blank=True,
                help_text=f"{spec.help} A period: `2026`, `2026-Q4`, `2026-11`, "
                "`2026-11-05` or `2026-10-01..2026-12-31`.",
            )
        return fields

    def validate_kind(self, value: str) -> str:
        if not has_kind(value):
            raise serializers.ValidationError(_("未知的案件类型。"))
        return value

    def validate_jurisdiction(self, value: str) -> str:
        if not Jurisdiction.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("未知的行政区划代码。"))
        return value

    def validate_unit(self, value: int) -> int:
        if not Unit.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("未知的单位。"))
        return value

    def validate_within(self, value: str) -> str:
        if value and not Jurisdiction.objects.filter(code=value).exists():
            raise serializers.ValidationError(_("未知的行政区划代码。"))
        return value

    def validate(self, attrs: dict) -> dict:
        periods, refused = read_periods(attrs, timezone.localdate())
        if refused:
            raise serializers.ValidationError({name: [m] for name, m in refused.items()})
        attrs.update(periods)
        status = attrs.get("status")
        if status:
            known = (
                {v for v, _label in get_kind(attrs["kind"]).statuses.choices}
                if attrs.get("kind")
                else _status_values()
            )
            # Every kind shares the `merged` final state (casework.kinds.MERGED).
            if not set(status.split(",")) <= known | {MERGED}:
                raise serializers.ValidationError({"status": [_("未知的案件状态。")]})
        return attrs

    def filters(self) -> dict:
        """The validated parameters in the form `case_list_for_user` takes."""
        data = dict(self.validated_data)
        for flag in ("overdue", "open"):
            if not data.get(flag):
                data.pop(flag, None)
        return {k: v for k, v in data.items() if v not in ("", None)}
