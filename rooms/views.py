"""The forms of the room and task-force panels on the case page (without JavaScript).

With JavaScript the panels talk to the socket and the API instead; both end in the same
actions. Errors come back as a message on the case page, next to the panel.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casework.errors import CaseNotFound, CaseworkError
from casework.selectors import case_get_for_user

from .actions import room_post, taskforce_add, taskforce_remove


def _back(case_id: int, anchor: str) -> HttpResponse:
    return redirect(reverse("casework:case_detail", args=[case_id]) + f"#{anchor}")


def _errors_text(exc: CaseworkError) -> str:
    parts = []
    for value in exc.errors.values():
        parts.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return "；".join(p for p in parts if p) or exc.message


def _run(request: HttpRequest, case_id: int, anchor: str, work, done: str) -> HttpResponse:
    try:
        case_get_for_user(request.user, case_id)
        work()
    except CaseNotFound:
        raise Http404(_("案件不存在。")) from None
    except CaseworkError as exc:
        messages.error(request, _errors_text(exc))
    else:
        messages.success(request, done)
    return _back(case_id, anchor)


@login_required
@require_POST
def post_message(request: HttpRequest, case_id: int) -> HttpResponse:
    return _run(
        request,
        case_id,
        "room",
        lambda: room_post(
            actor=request.user,
            case_id=case_id,
            text=request.POST.get("text", ""),
            upload=request.FILES.get("file"),
        ),
        _("消息已发送。"),
    )


@login_required
@require_POST
def add_member(request: HttpRequest, case_id: int) -> HttpResponse:
    def work():
        username = request.POST.get("username", "").strip()
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is None:
            raise CaseworkError(_("请填写正确的用户名。"), field="user")
        taskforce_add(
            actor=request.user,
            case_id=case_id,
            user_id=user.pk,
            unit_id=request.POST.get("unit") or None,
        )

    return _run(request, case_id, "taskforce", work, _("已加入专班。"))


@login_required
@require_POST
def remove_member(request: HttpRequest, case_id: int, user_id: int) -> HttpResponse:
    return _run(
        request,
        case_id,
        "taskforce",
        lambda: taskforce_remove(actor=request.user, case_id=case_id, user_id=user_id),
        _("已移出专班。"),
    )
