from django.contrib import admin

from .models import Department, Jurisdiction, Membership, Unit


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "division_code")
    search_fields = ("code", "name")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "jurisdiction")
    list_filter = ("department",)
    search_fields = ("name",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role", "active")
    list_filter = ("role", "active", "unit__department")
    search_fields = ("user__username", "unit__name")
    autocomplete_fields = ("unit",)
