"""The admin: reference data (holiday calendar, employers, markets) and read-only views.

Cases, their evidence and the audit trail are never written here: a case changes only
through the actions, and the admin shows a case only to someone the case policy lets see
it (superusers included), as everywhere else.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from casework.converters import parse_id

from .holiday_notices import NoticeFileError, handlers_told_of_moves, parse_days, replace_days
from .kinds import all_kinds
from .models import (
    FACILITIES,
    Attachment,
    AuditEvent,
    CalendarDay,
    Case,
    ClockAlert,
    Employer,
    HolidayNotice,
    Market,
    Person,
)
from .policies import case_policy
from .validators import mask_id_number, mask_phone


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, never added, changed or deleted through the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- holiday calendar -------------------------------------------------------------------


class YearFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        year = parse_id(self.value())
        if year is not None and year <= 9999:
            return queryset.filter(date__year=year)
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Each year's published schedule. Saving or deleting a day recomputes the due dates of
    every open legal clock (`casework.receivers.calendar_changed`)."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind", YearFilter)
    search_fields = ("name",)
    ordering = ("-date",)


class HolidayNoticeForm(forms.ModelForm):
    days_file = forms.FileField(
        label=_("节假日安排（CSV）"),
        required=False,
        help_text=_(
            "可选。date,kind,name 三列（kind 为 holiday 或 workday），载入后替换该年度全部日期。"
        ),
    )

    class Meta:
        model = HolidayNotice
        fields = ["year", "title", "number", "issued_on"]

    def clean(self):
        data = super().clean()
        upload, year = data.get("days_file"), data.get("year")
        if not upload or not year:
            return data
        if upload.size > 64 * 1024:
            self.add_error("days_file", _("文件过大（上限64KB）。"))
            return data
        try:
            data["days"] = parse_days(year, upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            self.add_error("days_file", _("文件须为 UTF-8 编码的 CSV。"))
        except NoticeFileError as exc:
            self.add_error("days_file", exc.errors)
        return data


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    """The notice that makes a year's days exact, loaded with its days (a CSV) or after
    them. Until a year has its notice it counts the days entered so far and the statutory
    holidays, and its deadlines show as provisional (暂定). Saving a notice recomputes every
    open legal clock and tells the handlers whose deadline moved."""

    form = HolidayNoticeForm
    list_display = ("year", "title", "number", "issued_on", "loaded_at")
    ordering = ("-year",)

    def save_model(self, request, obj, form, change):
        with handlers_told_of_moves():
            super().save_model(request, obj, form, change)
            days = form.cleaned_data.get("days")
            if days:
                replace_days(obj.year, days)


# --- registries -------------------------------------------------------------------------


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "contact_name", "dishonest", "case_count")
    list_filter = ("dishonest",)
    search_fields = ("name", "credit_code")

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).annotate(case_count=Count("cases"))

    @admin.display(description=_("案件数"), ordering="case_count")
    def case_count(self, obj: Employer) -> int:
        return obj.case_count


class MarketForm(forms.ModelForm):
    facilities = forms.MultipleChoiceField(
        label=_("设施"),
        choices=FACILITIES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Market
        fields = (
            "name",
            "kind",
            "status",
            "jurisdiction",
            "address",
            "lon",
            "lat",
            "operator",
            "facilities",
            "opening_hours",
        )


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    form = MarketForm
    list_display = ("name", "kind", "status", "jurisdiction", "opening_hours")
    list_filter = ("kind", "status", "jurisdiction")
    search_fields = ("name", "address", "operator")
    list_select_related = ("jurisdiction",)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """Workers and complainants: ID numbers and phones appear masked only. The unmasked
    values are shown to handling officers on the case page, where each view is audited."""

    list_display = ("name", "masked_id_number", "masked_phone", "created_at")
    fields = ("name", "masked_id_number", "masked_phone", "created_at")
    readonly_fields = fields
    search_fields = ("name",)

    @admin.display(description=_("身份证号"))
    def masked_id_number(self, obj: Person) -> str:
        return mask_id_number(obj.id_number)

    @admin.display(description=_("手机号码"))
    def masked_phone(self, obj: Person) -> str:
        return mask_phone(obj.phone)


# --- cases, evidence and the audit trail (read-only) ------------------------------------


class KindFilter(admin.SimpleListFilter):
    title = _("案件类型")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(spec.code, spec.label) for spec in all_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class LeadDepartmentFilter(admin.RelatedFieldListFilter):
    """The lead department, under a Chinese title: the denormalised column has no verbose
    name of its own (it is never edited), so the admin would title it "lead department"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("主办部门")


class StatusFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        seen: dict[str, object] = {}
        for spec in all_kinds():
            for value, label in spec.statuses.choices:
                seen.setdefault(value, label)
        return list(seen.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


def _case_page(case: Case) -> str | None:
    try:
        return reverse("casework:case_detail", args=[case.pk])
    except NoReverseMatch:
        return None


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "kind_display",
        "status_display",
        "priority",
        "lead_unit",
        "assignee",
        "deadline",
        "submitted_at",
    )
    list_filter = (KindFilter, StatusFilter, "priority", ("lead_department", LeadDepartmentFilter))
    search_fields = ("number", "tracking_number", "employer__name")
    list_select_related = ("lead_unit", "assignee")
    date_hierarchy = "submitted_at"
    fields = (
        "number",
        "tracking_number",
        "kind_display",
        "status_display",
        "priority",
        "lead_unit",
        "jurisdiction",
        "assignee",
        "market",
        "employer",
        "description",
        "occurred_on",
        "workers_count",
        "amount_owed",
        "amount_recovered",
        "deadline",
        "submitted_at",
        "closed_at",
    )
    readonly_fields = fields
    view_on_site = staticmethod(_case_page)

    def get_queryset(self, request) -> QuerySet:
        return case_policy.scope(request.user, "view", super().get_queryset(request))

    @admin.display(description=_("案件类型"), ordering="kind")
    def kind_display(self, obj: Case) -> str:
        return obj.get_kind_display()

    @admin.display(description=_("状态"), ordering="status")
    def status_display(self, obj: Case) -> str:
        return obj.get_status_display()


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Evidence metadata; the file itself is downloaded from the case page (audited)."""

    list_display = ("original_name", "case", "content_type", "size", "uploaded_by", "created_at")
    list_select_related = ("case", "uploaded_by")
    search_fields = ("original_name", "sha256", "case__number")
    fields = (
        "case",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "description",
        "uploaded_by",
        "created_at",
    )
    readonly_fields = fields

    def get_queryset(self, request) -> QuerySet:
        visible = case_policy.scope(request.user, "view", Case.objects.all())
        return super().get_queryset(request).filter(case__in=visible.values("pk"))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The hash-chained trail, append-only: no add, change or delete, not even here."""

    list_display = ("chain", "seq", "at", "actor_name", "verb", "case", "from_state", "to_state")
    list_filter = ("chain",)
    list_select_related = ("case",)
    search_fields = ("verb", "actor_name", "object_id", "case__number")
    date_hierarchy = "at"
    fields = (
        "chain",
        "seq",
        "at",
        "actor",
        "actor_name",
        "verb",
        "object_type",
        "object_id",
        "case",
        "from_state",
        "to_state",
        "payload",
        "prev_hash",
        "hash",
    )
    readonly_fields = fields

    def get_actions(self, request):
        # Without delete permission the bulk delete is gone; no other bulk action applies.
        return {}


@admin.register(ClockAlert)
class ClockAlertAdmin(ReadOnlyAdmin):
    """Alerts raised by the deadline watch; read-only, the watch alone writes them."""

    list_display = ("created_at", "case", "level", "due_date", "unit", "recipients")
    list_filter = ("level",)
    list_select_related = ("case", "unit")
    search_fields = ("case__number",)
    fields = ("case", "clock", "transfer", "level", "due_date", "unit", "recipients", "created_at")
    readonly_fields = fields
