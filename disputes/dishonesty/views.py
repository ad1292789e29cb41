"""Pages' forms of the dishonesty-list procedure, posted from the employer panel of the case
page. Each calls the same action as the API and returns to the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.errors import CaseworkError

from .actions import (
    listing_decide,
    listing_propose,
    listing_record_service,
    listing_record_statement,
    listing_repair,
)
from .selectors import listing_get_for_user

STEPS = {
    "serve": listing_record_service,
    "statement": listing_record_statement,
    "decide": listing_decide,
    "repair": listing_repair,
}
FIELDS = (
    "ground",
    "reason",
    "served_on",
    "comment",
    "statement",
    "received_on",
    "decision",
    "wages_paid",
    "commitment",
    "corrected_on",
)


def _data(request: HttpRequest) -> dict:
    return {k: request.POST[k] for k in FIELDS if k in request.POST}


def _back(case_id: int) -> HttpResponse:
    return redirect(reverse("casework:case_detail", args=[case_id]) + "#employer-panel")


def _report(request: HttpRequest, exc: CaseworkError) -> None:
    if exc.status_code == 404:
        raise Http404(exc.message)
    for errors in exc.errors.values():
        for e in errors if isinstance(errors, list) else [errors]:
            messages.error(request, str(e))


@login_required
@require_POST
def listing_propose_view(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        listing_propose(actor=request.user, case_id=case_id, data=_data(request))
    except CaseworkError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已发出拟列入失信名单告知。"))
    return _back(case_id)


@login_required
@require_POST
def listing_step_view(request: HttpRequest, listing_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404()
    try:
        listing = listing_get_for_user(request.user, listing_id)
    except CaseworkError as exc:
        raise Http404(exc.message) from None
    try:
        STEPS[step](actor=request.user, listing_id=listing_id, data=_data(request))
    except CaseworkError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("失信名单程序已更新。"))
    return _back(listing.case_id)
