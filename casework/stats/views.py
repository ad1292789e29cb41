"""The dashboard page (统计看板): the statistics of the caller's jurisdiction, drawn by
static/js/dashboard.js from the same report the API returns."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casework.errors import InvalidInput
from casework.views.common import error_page
from permissions.models import Role
from permissions.selectors import org_of

from . import drilldown
from .api import pdf_response
from .bulletin import bulletin_download, dashboard_month
from .report import build_report
from .scope import OutOfReach

# The roles whose holders find the dashboard in the navigation: leadership and approvers.
DASHBOARD_ROLES = (Role.VIEWER, Role.SUPERVISOR)


def shows_dashboard(user) -> bool:
    return bool(org_of(user).units(*DASHBOARD_ROLES))


def labels() -> dict[str, str]:
    """The words dashboard.js writes into the page."""
    return {
        "received": _("受理"),
        "open": _("在办"),
        "backlog_open": _("在办"),
        "backlog_overdue": _("超期"),
        "on_time": _("按时"),
        "overdue": _("超时"),
        "closed": _("办结"),
        "resolved": _("解决"),
        # The sums, named as the case list names them under its drill-down.
        **{name: str(label) for name, label in drilldown.SUM_LABELS.items()},
        "response_due": _("应响应"),
        "response_timely": _("按时响应"),
        "follow_up": _("回访"),
        "satisfied": _("满意"),
        # The accessible name of a rate's link: the rate, and the cases it is measured over.
        "rate_over": _("%(rate)s，%(label)s %(count)s"),
        "response": _("响应率"),
        "resolution": _("解决率"),
        "satisfaction": _("满意率"),
        "area": _("行政区划"),
        "unit": _("主办单位"),
        "kind": _("案件类型"),
        "status": _("状态"),
        "count": _("案件数"),
        "own_level": _("（本级）"),
        "drill": _("查看下级"),
        "updated": _("数据更新于"),
        "stale": _("数据更新失败，稍后重试"),
        "no_data": _("暂无数据"),
        "outside_report": _("不在本看板统计范围内"),
        "none": "—",
        "markets": _("零工市场"),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        report = build_report(
            request.user,
            jurisdiction=request.GET.get("jurisdiction"),
            period=request.GET.get("period"),
        )
    except InvalidInput as exc:
        return error_page(request, 400, exc.message, title=_("统计条件有误"))
    except OutOfReach as exc:
        return error_page(request, 404, exc.message, title=_("无法查看该辖区"))
    month = dashboard_month(report["period"]["text"], timezone.localdate())
    year, number = month.split("-")
    return render(
        request,
        "casework/stats/dashboard.html",
        {
            "nav": "dashboard",
            "report": report,
            "api": reverse("api-stats"),
            "labels": labels(),
            "bulletin": {
                "url": reverse("casework:dashboard_report")
                + "?"
                + urlencode({"jurisdiction": report["jurisdiction"]["code"], "period": month}),
                "month": _("%(y)s年%(m)s月") % {"y": year, "m": int(number)},
            },
        },
    )


@login_required
@require_GET
def dashboard_report(request: HttpRequest) -> HttpResponse:
    """The monthly statistics report (统计通报) of the dashboard's jurisdiction, as a PDF."""
    try:
        made = bulletin_download(
            request.user,
            jurisdiction=request.GET.get("jurisdiction"),
            period=request.GET.get("period"),
            channel="page",
        )
    except InvalidInput as exc:
        return error_page(request, 400, exc.message, title=_("统计条件有误"))
    except OutOfReach as exc:
        return error_page(request, 404, exc.message, title=_("无法查看该辖区"))
    return pdf_response(made.content, made.filename)
