"""The transfer panel of the case page (移送/转办) and the forms posted from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.actions.transfer import (
    case_transfer_accept,
    case_transfer_propose,
    case_transfer_return,
    transfer_targets,
)
from casework.clocks import local_today
from casework.converters import parse_id
from casework.errors import InvalidInput
from casework.forms import errors_by_field
from casework.models import Case, CaseTransfer
from casework.models.transfer import TransferKind, TransferStatus
from casework.policies import case_policy
from casework.selectors import case_get_for_user

from .common import case_errors, posted_version

_FIELDS = ["to_unit", "kind", "reason"]


def transfer_panel(request: HttpRequest, case: Case) -> dict:
    """What `_transfer_panel.html` needs; form errors travel on the request (see `_redo`)."""
    user = request.user
    transfers = list(
        CaseTransfer.objects.filter(case=case).select_related(
            "from_unit", "to_unit", "proposed_by", "decided_by"
        )
    )
    pending = next((t for t in transfers if t.status == TransferStatus.PENDING), None)
    can_propose = pending is None and case_policy.can(user, "transfer", case)
    errors = getattr(request, "transfer_errors", None)
    return {
        "transfers": transfers,
        "pending_transfer": pending,
        "pending_days_left": (pending.due_on - local_today()).days if pending else None,
        "can_propose_transfer": can_propose,
        "can_decide_transfer": pending is not None
        and case_policy.can(user, "decide_transfer", case),
        "transfer_units": list(transfer_targets(case)) if can_propose else [],
        "transfer_kinds": TransferKind.choices,
        "transfer_errors": errors_by_field(errors, _FIELDS) if errors else {},
        "transfer_values": getattr(request, "transfer_values", {}),
    }


def _redo(request: HttpRequest, case_id: int, exc: InvalidInput) -> HttpResponse:
    from .case import case_page_context

    request.transfer_errors = exc.errors
    request.transfer_values = {k: request.POST.get(k, "") for k in _FIELDS}
    case = case_get_for_user(request.user, case_id)
    return render(
        request, "casework/case_detail.html", case_page_context(request, case), status=400
    )


@login_required
@require_POST
@case_errors
def propose(request: HttpRequest, case_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    raw = request.POST.get("to_unit", "").strip()
    try:
        transfer = case_transfer_propose(
            actor=request.user,
            case_id=case_id,
            to_unit_id=parse_id(raw),
            kind=request.POST.get("kind", ""),
            reason=request.POST.get("reason", ""),
            version=posted_version(request),
        )
    except InvalidInput as exc:
        return _redo(request, case_id, exc)
    messages.success(
        request, _("已提请移交 %(unit)s，等待对方答复。") % {"unit": transfer.to_unit.name}
    )
    return redirect("casework:case_detail", case_id=case_id)


@login_required
@require_POST
@case_errors
def accept(request: HttpRequest, case_id: int, transfer_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    try:
        case_transfer_accept(
            actor=request.user,
            case_id=case_id,
            transfer_id=transfer_id,
            reason=request.POST.get("reason", ""),
            version=posted_version(request),
        )
    except InvalidInput as exc:
        return _redo(request, case_id, exc)
    messages.success(request, _("已接收本案，案件已进入本单位待受理。"))
    return redirect("casework:case_detail", case_id=case_id)


@login_required
@require_POST
@case_errors
def return_(request: HttpRequest, case_id: int, transfer_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    try:
        case_transfer_return(
            actor=request.user,
            case_id=case_id,
            transfer_id=transfer_id,
            reason=request.POST.get("reason", ""),
            version=posted_version(request),
        )
    except InvalidInput as exc:
        return _redo(request, case_id, exc)
    # Having declined, the unit no longer sees the case: back to its queue.
    messages.success(request, _("已退回移送。"))
    return redirect("casework:queue")
