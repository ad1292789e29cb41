"""Template helpers for the pages: money, deadlines, the user's seats, list paging."""

from __future__ import annotations

from decimal import InvalidOperation

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from casework import payments, workdays
from casework.clocks import ClockView
from casework.kinds import nav_templates
from permissions.models import Membership, Role
from permissions.selectors import org_of

register = template.Library()


@register.simple_tag
def kind_nav_templates() -> list[str]:
    """The navigation entries the registered kinds add (`KindSpec.nav`)."""
    return nav_templates()


@register.filter
def yuan(value) -> str:
    """12345.6 → "12,345.60" (the amount as written on Chinese official forms)."""
    try:
        return payments.yuan(value)
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def clock_left(view: ClockView | None) -> str:
    """Days left on a clock in its own unit: "剩余3个工作日", "超期2个自然日", "已中止",
    "逾期结束（超期3个工作日）"."""
    if view is None:
        return ""
    if view.days_left is None:
        if view.stopped_late:
            return _("逾期结束（超期%(n)s个%(unit)s）") % {
                "n": view.days_late,
                "unit": view.unit_label,
            }
        return _("已结束")
    if view.paused:
        return _("已中止计时")
    unit = view.unit_label
    if view.overdue or view.days_left < 0:
        return _("超期%(n)s个%(unit)s") % {"n": abs(view.days_left), "unit": unit}
    if view.days_left == 0:
        return _("今日到期")
    return _("剩余%(n)s个%(unit)s") % {"n": view.days_left, "unit": unit}


@register.filter
def provisional(deadline) -> bool:
    """A deadline in a year whose holiday notice is not loaded (暂定)."""
    return workdays.is_provisional(deadline) if deadline else False


@register.filter
def clock_state(view: ClockView | None) -> str:
    """A CSS modifier for the clock: overdue, soon (two days or fewer left), paused, done
    (done-late when it stopped after its due date)."""
    if view is None:
        return "done"
    if view.days_left is None:
        return "done-late" if view.stopped_late else "done"
    if view.paused:
        return "paused"
    if view.overdue or view.days_left < 0:
        return "overdue"
    if view.days_left <= 2:
        return "soon"
    return "ok"


@register.simple_tag
def seats_of(user) -> list[dict]:
    """The units and roles the user holds, for the page header."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = (
        Membership.objects.filter(user=user, active=True)
        .select_related("unit__jurisdiction", "unit__department")
        .order_by("unit__jurisdiction_path", "unit_id", "role")
    )
    # "薛城区人社局": the short form officers use, so the role still fits on a phone.
    return [
        {
            "unit": f"{m.unit.jurisdiction.name}{m.unit.department.short_name}",
            "full_name": m.unit.name,
            "role": m.get_role_display(),
        }
        for m in rows
    ]


@register.simple_tag
def kind_facts(case) -> list[tuple[str, str]]:
    """The kind's own opening fields (`KindSpec.open_serializer`) as (label, value) rows; for
    a complaint of a kind that tracks no wages, the sum it names under the kind's own label
    (a mediation's 请求金额), since the wages section is not shown for it."""
    spec = case.spec
    rows = []
    if spec.public and not spec.tracks_wages and case.amount_owed:
        label = spec.intake.labels.get("amount_owed") or _("金额（元）")
        rows.append((str(label), yuan(case.amount_owed)))
    serializer = spec.open_serializer
    if serializer is None:
        return rows
    for name, f in serializer().fields.items():
        value = (case.details or {}).get(name)
        if value in (None, ""):
            continue
        if isinstance(value, list):
            labels = getattr(getattr(f, "child", None), "choices", None) or {}
            value = "、".join(str(labels.get(v, v)) for v in value)
        choices = getattr(f, "choices", None)
        if choices and value in choices:
            value = choices[value]
        rows.append((str(f.label or name), str(value)))
    return rows


@register.simple_tag
def opens_cases(user) -> bool:
    """Whether the user's unit leads at least one internal kind (the 新建案件 link)."""
    from casework.actions import openable_kinds

    return bool(openable_kinds(user))


@register.simple_tag
def supervises(user) -> bool:
    return bool(org_of(user).units(Role.SUPERVISOR))


@register.simple_tag
def shows_dashboard(user) -> bool:
    """Whether the navigation offers the statistics dashboard (viewers and supervisors)."""
    from casework.stats.views import shows_dashboard as shows

    return shows(user)


@register.simple_tag(takes_context=True)
def page_query(context, number: int) -> str:
    """The current query string with `page` replaced, so paging keeps the filters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def html_attrs(attrs: dict | None) -> str:
    """Extra attributes of a form field (`maxlength`, `min`, `inputmode`…), escaped."""
    if not attrs:
        return ""
    return format_html_join(" ", '{}="{}"', attrs.items())
