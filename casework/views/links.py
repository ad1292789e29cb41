"""The links panel of the case page (duplicates, links, merge) and the forms posted from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.actions.duplicates import (
    case_link,
    case_merge,
    case_unlink,
    duplicate_suggestions,
    links_for,
    merge_targets,
    merged_into,
)
from casework.errors import InvalidInput
from casework.forms import errors_by_field
from casework.kinds import MERGED
from casework.models import Attachment, Case
from casework.policies import case_policy
from casework.selectors import case_get_for_user, case_list_for_user

from .common import case_errors, posted_version

_LINK_FIELDS = ["case", "reason"]
_MERGE_FIELDS = ["into", "reason", "version"]


def links_panel(request: HttpRequest, case: Case) -> dict:
    """What `_links.html` needs; form errors travel on the request (see `_redo`)."""
    user = request.user
    can_link = case.status != MERGED and case_policy.can(user, "link", case)
    alias = merged_into(case)
    merged_from = list(case.aliases.select_related("merged_case", "merged_by"))
    suggestions = duplicate_suggestions(user, case)
    links = links_for(user, case)
    link_errors = getattr(request, "link_errors", None)
    merge_errors = getattr(request, "merge_errors", None)
    return {
        "merged_into": alias,
        "merged_from": merged_from,
        # Evidence of the merged cases stays on them; the survivor's page lists it.
        "merged_attachments": list(
            Attachment.objects.filter(
                case_id__in=[a.merged_case_id for a in merged_from]
            ).select_related("case")
        ),
        "suggestions": suggestions,
        "links": links,
        "can_link": can_link,
        "merge_targets": merge_targets(user, case, suggestions=suggestions, links=links),
        "link_errors": errors_by_field(link_errors, _LINK_FIELDS) if link_errors else {},
        "merge_errors": errors_by_field(merge_errors, _MERGE_FIELDS) if merge_errors else {},
        "link_values": getattr(request, "link_values", {}),
    }


def _redo(request: HttpRequest, case_id: int, exc: InvalidInput, which: str) -> HttpResponse:
    from .case import case_page_context

    setattr(request, f"{which}_errors", exc.errors)
    request.link_values = {k: request.POST.get(k, "") for k in ("case", "into", "reason")}
    case = case_get_for_user(request.user, case_id)
    return render(
        request, "casework/case_detail.html", case_page_context(request, case), status=400
    )


def _other_by_number(request: HttpRequest, case_id: int) -> int:
    """The page asks for a case number (what officers know); a number the user cannot see
    reads the same as one that does not exist."""
    number = request.POST.get("case", "").strip()
    if not number:
        raise InvalidInput(_("请填写要关联的案件编号。"), field="case")
    other = (
        case_list_for_user(request.user)
        .filter(Q(number__iexact=number) | Q(tracking_number__iexact=number))
        .values_list("pk", flat=True)
        .first()
    )
    if other is None:
        raise InvalidInput(_("未找到编号为 %(n)s 的案件。") % {"n": number[:60]}, field="case")
    return other


@login_required
@require_POST
@case_errors
def link(request: HttpRequest, case_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    try:
        created = case_link(
            actor=request.user,
            case_id=case_id,
            other_id=_other_by_number(request, case_id),
            reason=request.POST.get("reason", ""),
        )
    except InvalidInput as exc:
        return _redo(request, case_id, exc, "link")
    other = Case.objects.get(pk=created.other(case_id))
    messages.success(request, _("已与案件 %(number)s 建立关联。") % {"number": other.number})
    return redirect("casework:case_detail", case_id=case_id)


@login_required
@require_POST
@case_errors
def unlink(request: HttpRequest, case_id: int, link_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    case_unlink(actor=request.user, case_id=case_id, link_id=link_id)
    messages.success(request, _("已解除关联。"))
    return redirect("casework:case_detail", case_id=case_id)


@login_required
@require_POST
@case_errors
def merge(request: HttpRequest, case_id: int) -> HttpResponse:
    case_get_for_user(request.user, case_id)
    if request.POST.get("version", "").strip() and posted_version(request) is None:
        return _redo(request, case_id, InvalidInput(_("版本号无效。"), field="version"), "merge")
    try:
        survivor = case_merge(
            actor=request.user,
            case_id=case_id,
            into_id=request.POST.get("into", "").strip() or None,
            version=posted_version(request),
            reason=request.POST.get("reason", ""),
        )
    except InvalidInput as exc:
        return _redo(request, case_id, exc, "merge")
    messages.success(
        request,
        _("本案已并入案件 %(number)s，原编号仍可查到该案。") % {"number": survivor.number},
    )
    return redirect("casework:case_detail", case_id=survivor.pk)
