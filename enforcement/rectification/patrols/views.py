"""Pages of the fixed-point watch: starting and ending a watch from the rectification case
page, and the patrol list where the watching unit's officers record their visits.

Bad input re-renders the page it came from with the errors (400); refusals and stale states
are the shared error pages (403/409); a case, watch or patrol the user may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.errors import InvalidInput
from casework.selectors import case_get_for_user
from casework.views.case import case_page_context
from casework.views.common import case_errors

from .actions import patrol_record, watch_end, watch_start
from .selectors import WatchNotFound, patrols_for


def _patrol_page(request: HttpRequest, *, errors: dict | None = None, visit_id=None, status=200):
    return render(
        request,
        "enforcement/rectification/patrol_list.html",
        {
            "nav": "patrols",
            "due": list(patrols_for(request.user)),
            "recent": list(
                patrols_for(request.user, open_only=False).filter(visited_at__isnull=False)[:30]
            ),
            "errors": errors or {},
            "error_visit": visit_id,
            "posted": request.POST if errors else {},
        },
        status=status,
    )


@login_required
@require_GET
def patrol_list(request: HttpRequest) -> HttpResponse:
    return _patrol_page(request)


@login_required
@require_POST
@case_errors
def patrol_record_view(request: HttpRequest, visit_id: int) -> HttpResponse:
    data = {
        "findings": request.POST.get("findings", ""),
        "compliant": request.POST.get("compliant", ""),
    }
    try:
        visit = patrol_record(
            actor=request.user, visit_id=visit_id, data=data, photo=request.FILES.get("photo")
        )
    except WatchNotFound:
        raise Http404(_("巡查记录不存在。")) from None
    except InvalidInput as exc:
        return _patrol_page(request, errors=exc.errors, visit_id=visit_id, status=400)
    messages.success(
        request,
        _("已登记 %(date)s 的巡查：%(market)s")
        % {"date": visit.due_on.isoformat(), "market": visit.watch.market.name},
    )
    return redirect("enforcement:patrol_list")


@login_required
@require_POST
@case_errors
def watch_start_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    data = {k: request.POST.get(k, "") for k in ("interval_days", "starts_on", "instructions")}
    try:
        watch_start(actor=request.user, case_id=case_id, data=data)
    except InvalidInput as exc:
        case = case_get_for_user(request.user, case_id)
        context = case_page_context(request, case)
        context.update({"watch_errors": exc.errors, "watch_posted": request.POST})
        return render(request, "casework/case_detail.html", context, status=400)
    messages.success(request, _("已启动定点盯守，巡查任务已生成。"))
    return redirect("casework:case_detail", case_id=case_id)


@login_required
@require_POST
@case_errors
def watch_end_view(request: HttpRequest, case_id: int, watch_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    try:
        watch = watch_end(
            actor=request.user, watch_id=watch_id, reason=request.POST.get("reason", "")
        )
    except WatchNotFound:
        raise Http404(_("定点盯守不存在。")) from None
    except InvalidInput as exc:
        case = case_get_for_user(request.user, case_id)
        context = case_page_context(request, case)
        context.update({"watch_end_errors": exc.errors})
        return render(request, "casework/case_detail.html", context, status=400)
    if watch.case_id != case_id:
        raise Http404(_("定点盯守不存在。"))
    messages.success(request, _("已结束定点盯守。"))
    return redirect("casework:case_detail", case_id=case_id)
