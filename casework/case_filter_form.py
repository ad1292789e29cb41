"""The filters of the case list page: the list's own (search, kind, status, place, overdue)
and the statistics' drill-down (casework.stats.drilldown), checked as the API's are
(casework/api/case_filters.py)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.kinds import MERGED, MERGED_LABEL, all_kinds
from casework.stats import drilldown
from permissions.models import Jurisdiction, Unit


def _status_choices() -> list[tuple[str, str]]:
    # A status two kinds name differently (`ordered`: 已下达限期支付指令, 已责令改正) shows
    # every name it has; statuses that read the same (待受理: `submitted`, `applied`) are one
    # choice standing for all of them (the filter takes codes separated by commas).
    seen: dict[str, list[str]] = {}
    for spec in all_kinds():
        for value, label in spec.statuses.choices:
            names = seen.setdefault(value, [])
            if str(label) not in names:
                names.append(str(label))
    seen.setdefault(MERGED, [str(MERGED_LABEL)])
    by_label: dict[str, list[str]] = {}
    for value, names in seen.items():
        by_label.setdefault("／".join(names), []).append(value)
    return [(",".join(values), label) for label, values in by_label.items()]


def _kind_choices() -> list[tuple[str, str]]:
    return [(spec.code, str(spec.label)) for spec in all_kinds()]


class CaseFilterForm(forms.Form):
    """The filters of the case list page (the same ones `case_list_for_user` takes)."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("案件类型"), required=False)
    # A choice of `_status_choices`, or any status code(s) a link names (`status=applied`).
    status = forms.CharField(label=_("状态"), required=False, max_length=400, widget=forms.Select)
    jurisdiction = forms.ChoiceField(label=_("行政区划"), required=False)
    overdue = forms.BooleanField(label=_("仅看超期"), required=False)
    # Sent as `assignee=me`, the API's parameter, so a link works on both.
    assignee = forms.BooleanField(
        label=_("仅看我承办的"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "me"}),
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("", _("最新登记在前")), ("deadline", _("办理期限最近在前"))],
    )
    # The drill-down from the statistics dashboard: kept as hidden fields across searches,
    # with the figure filters of casework.stats.drilldown (`period` and the others) added in
    # __init__.
    within = forms.SlugField(label=_("辖区（含下级）"), required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(
        label=_("主办单位"), required=False, min_value=1, widget=forms.HiddenInput
    )
    open = forms.BooleanField(label=_("仅看在办"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["kind"].choices = everything + _kind_choices()
        statuses = _status_choices()
        self.fields["status"].widget.choices = everything + statuses
        self.status_codes = {code for value, _label in statuses for code in value.split(",")}
        self.fields["jurisdiction"].choices = everything + [
            (j.code, "\u3000" * j.depth + j.name)
            for j in Jurisdiction.objects.only("code", "name", "depth", "path")
        ]
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("案件编号、查询编号、当事人或单位名称"), "type": "search"}
        )
        self.figures = drilldown.FILTERS
        for spec in self.figures:
            self.fields[spec.name] = forms.CharField(
                label=spec.label, required=False, max_length=30, widget=forms.HiddenInput
            )
        self.drill_names = ("within", "unit", "open", *(spec.name for spec in self.figures))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "jurisdiction": data.get("jurisdiction") or "",
            "overdue": bool(data.get("overdue")),
            "assignee": "me" if data.get("assignee") else "",
            "sort": data.get("sort") or "",
            "within": data.get("within") or "",
            "unit": data.get("unit"),
            "open": bool(data.get("open")),
            **{spec.name: data.get(spec.name) or "" for spec in self.figures},
        }

    def clean_status(self):
        value = self.cleaned_data.get("status") or ""
        if value and not set(value.split(",")) <= self.status_codes:
            raise forms.ValidationError(_("未知的案件状态。"))
        return value

    def clean_within(self):
        code = self.cleaned_data.get("within") or ""
        if code and not Jurisdiction.objects.filter(code=code).exists():
            raise forms.ValidationError(_("未知的行政区划代码。"))
        return code

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit and not Unit.objects.filter(pk=unit).exists():
            raise forms.ValidationError(_("未知的单位。"))
        return unit

    def clean(self):
        """Each figure filter's period, in the statistics' syntax, normalised."""
        data = super().clean()
        periods, refused = drilldown.read_periods(data, timezone.localdate())
        data.update(periods)
        for name, message in refused.items():
            self.add_error(name, message)
        return data

    def drill_down(self) -> list[tuple[str, str]]:
        """The dashboard's filters in force as (label, value) for the page to name them."""
        if not self.is_bound or not self.is_valid():
            return []
        data, named = self.cleaned_data, []
        for name in self.drill_names:
            if not data.get(name):
                continue
            value = data[name]
            if name == "unit":
                value = Unit.objects.filter(pk=data["unit"]).values_list("name", flat=True).first()
            elif name == "within":
                value = (
                    Jurisdiction.objects.filter(code=data["within"])
                    .values_list("name", flat=True)
                    .first()
                )
            elif name == "open":
                value = "✓"
            named.append((str(self.fields[name].label), str(value)))
        return named

    def drill_notes(self) -> list[str]:
        """How the list counts under the figure filters in force (cases, not answers)."""
        return drilldown.notes(self.cleaned_data) if self.is_bound and self.is_valid() else []

    def refusal(self) -> str:
        """The refused filters in one sentence, each by its label and parameter."""
        return "；".join(
            f"{label}（{name}）：{message}" for label, name, message in self.error_list()
        )

    def error_list(self) -> list[tuple[str, str, str]]:
        """The filters refused, as (label, parameter, message), for the page to name them."""
        return [
            (str(self.fields[name].label) if name in self.fields else name, name, message)
            for name, messages in self.errors.items()
            for message in messages
        ]
