"""The officer's lists: personal inbox, unit queue, approvals, and the case search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.case_filter_form import CaseFilterForm
from casework.models import Case
from casework.selectors import approvals_for, case_list_for_user, inbox_for, queue_for
from casework.stats import drilldown
from casework.templatetags.gigcase import yuan

from .common import case_rows, paginate


def _list_page(
    request: HttpRequest,
    cases,
    *,
    nav: str,
    title: str,
    intro: str,
    empty: str,
    claim: bool = False,
    filter_form: CaseFilterForm | None = None,
    export_query: str | None = None,
    totals: list[tuple[str, str, str | int, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = paginate(request, cases)
    return render(
        request,
        "casework/case_list.html",
        {
            "nav": nav,
            "title": title,
            "intro": intro,
            "empty": empty,
            "page": page,
            "rows": case_rows(page.object_list, user=request.user if claim else None),
            "show_claim": claim,
            "filter_form": filter_form,
            "export_query": export_query,
            "totals": totals or [],
        },
        status=status,
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        inbox_for(request.user),
        nav="inbox",
        title=_("我的待办"),
        intro=_("分派给您、尚未办结的案件，期限最近的在前。"),
        empty=_("暂无待办案件。"),
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        queue_for(request.user),
        nav="queue",
        title=_("本单位待受理"),
        intro=_("本单位尚无承办人的案件。认领后案件进入您的待办。"),
        empty=_("本单位暂无待认领的案件。"),
        claim=True,
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        approvals_for(request.user),
        nav="approvals",
        title=_("待我审批"),
        intro=_("等待审批人决定的不予受理、延期、移送和结案。"),
        empty=_("暂无待审批事项。"),
    )


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    refused = form.is_bound and not form.is_valid()
    # A filter the page cannot read lists nothing (never the unfiltered list in its
    # place): the page names it above the list, and answers 400.
    filters = form.filters() if form.is_bound else {}
    cases = Case.objects.none() if refused else case_list_for_user(request.user, filters=filters)
    return _list_page(
        request,
        cases,
        nav="cases",
        title=_("案件查询"),
        intro="",
        empty=_("筛选条件有误，未列出案件。") if refused else _("没有符合条件的案件。"),
        filter_form=form,
        export_query=None if refused else _export_query(request),
        totals=None if refused else _totals(cases, filters),
        status=400 if refused else 200,
    )


def _totals(cases, filters: dict) -> list[tuple[str, str, str | int, str]]:
    """The sums of the whole list behind the statistics' money and workers figures, each
    named as the dashboard names it (under the `wages`, `helped` and `paid` filters):
    (name, label, the value as the API gives it, the value as the dashboard shows it —
    money with thousands separators, 1,861,000.00)."""
    if not drilldown.sums_asked(filters):
        return []
    sums = drilldown.totals(cases, filters, timezone.localdate())
    return [
        (
            name,
            str(drilldown.SUM_LABELS[name]),
            value,
            yuan(value) if isinstance(value, str) else str(value),
        )
        for name, value in sums.items()
    ]


def _export_query(request: HttpRequest) -> str:
    """The list's filters as a query string for the export links (without the page)."""
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return query.urlencode()
