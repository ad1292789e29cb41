"""Page forms of a joint operation's per-unit part: claim a unit's report task, report the
unit's results, link a case opened during the operation. The forms are on the operation's
case page (`enforcement/joint_operation/panel.html`); each posts here, calls the action
and returns to the case page (re-rendered with the errors when the input is refused).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.errors import InvalidInput
from casework.forms import errors_by_field, payload_from_post
from casework.selectors import case_get_for_user
from casework.views.case import case_page_context
from casework.views.common import case_errors, posted_version

from .actions import operation_claim, operation_link, operation_report
from .payloads import LinkPayload, ReportPayload


def _back(case_id: int) -> HttpResponse:
    return redirect("casework:case_detail", case_id=case_id)


def _refused(request, case_id: int, form: str, unit_id, raw: dict, exc: InvalidInput, names):
    case = case_get_for_user(request.user, case_id)
    context = case_page_context(request, case)
    context["operation_form"] = {
        "form": form,
        "unit": unit_id,
        "values": raw,
        "errors": errors_by_field(exc.errors, names),
    }
    return render(request, "casework/case_detail.html", context, status=400)


@login_required
@require_POST
@case_errors
def claim(request: HttpRequest, case_id: int, unit_id: int) -> HttpResponse:
    row = operation_claim(
        actor=request.user, case_id=case_id, unit_id=unit_id, version=posted_version(request)
    )
    messages.success(request, _("已认领%(unit)s的报送任务。") % {"unit": row.unit.name})
    return _back(case_id)


@login_required
@require_POST
@case_errors
def report(request: HttpRequest, case_id: int, unit_id: int) -> HttpResponse:
    data, raw = payload_from_post(ReportPayload, request.POST)
    try:
        row = operation_report(
            actor=request.user,
            case_id=case_id,
            unit_id=unit_id,
            data=data,
            version=posted_version(request),
        )
    except InvalidInput as exc:
        return _refused(request, case_id, "report", unit_id, raw, exc, list(raw))
    messages.success(request, _("已报送%(unit)s的行动情况。") % {"unit": row.unit.name})
    return _back(case_id)


@login_required
@require_POST
@case_errors
def link(request: HttpRequest, case_id: int) -> HttpResponse:
    data, raw = payload_from_post(LinkPayload, request.POST)
    try:
        made = operation_link(actor=request.user, case_id=case_id, data=data)
    except InvalidInput as exc:
        return _refused(request, case_id, "link", None, raw, exc, list(raw))
    messages.success(request, _("已关联案件 %(number)s。") % {"number": made.case.number})
    return _back(case_id)
