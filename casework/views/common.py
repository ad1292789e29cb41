"""What every officer page shares: turning action errors into responses, and list rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from casework.clocks import ClockView, local_today, views_for
from casework.converters import parse_id
from casework.errors import CaseNotFound, Conflict, NotPermitted, UnknownTransition
from casework.models import Case, ClockStatus, LegalClock
from casework.policies import case_policy

PAGE_SIZE = 25


def posted_version(request: HttpRequest) -> int | None:
    """The `version` a page's form posted (the case as the user saw it), or None."""
    return parse_id(request.POST.get("version"))


def error_page(
    request: HttpRequest,
    status: int,
    message: str,
    *,
    title: str = "",
    reload_url: str = "",
    **context,
) -> HttpResponse:
    return render(
        request,
        "casework/error.html",
        {
            "status": status,
            "title": title or (_("无权操作") if status == 403 else _("操作未能完成")),
            "message": message,
            "reload_url": reload_url,
            **context,
        },
        status=status,
    )


# Posted fields that are the form's machinery, not what the user typed.
_NOT_TYPED = {"csrfmiddlewaretoken", "version", "next"}


def conflict_page(request: HttpRequest, message: str, case_id) -> HttpResponse:
    """The 409 of a page's action: what changed the case meanwhile (its latest timeline
    entry: when, who, what; perhaps the same user in another tab), and the text the user
    typed, which was not saved, to copy into the form again."""
    latest, reload_url = None, ""
    case = Case.objects.filter(pk=case_id).first() if case_id is not None else None
    if case is not None and case_policy.can(request.user, "view", case):
        latest = case.timeline.select_related("actor").order_by("-at", "-id").first()
        reload_url = reverse("casework:case_detail", args=[case.pk])
    typed = "\n\n".join(
        value.strip()
        for name, value in request.POST.items()
        if name not in _NOT_TYPED and len(value.strip()) > 1 and not value.strip().isdigit()
    )
    return error_page(
        request,
        409,
        message,
        title=_("案件已变化"),
        reload_url=reload_url,
        latest=latest,
        typed=typed,
    )


def case_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Map action errors to pages: unknown or invisible → 404, refused → 403, stale → 409.

    Bad input (400) is handled by each view, which re-renders its form with the errors.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (CaseNotFound, UnknownTransition):
            raise Http404(_("案件不存在。")) from None
        except NotPermitted as exc:
            return error_page(request, 403, exc.message or _("您无权执行此操作。"))
        except Conflict as exc:
            return conflict_page(request, exc.message, kwargs.get("case_id"))

    return wrapped


@dataclass
class CaseRow:
    """A case in a list, with its binding clock (the one whose deadline is nearest)."""

    case: Case
    clock: ClockView | None
    claimable: bool = False

    @property
    def overdue(self) -> bool:
        if self.clock is not None:
            return self.clock.overdue
        deadline = self.case.deadline
        return bool(deadline and self.case.closed_at is None and deadline < local_today())

    @property
    def awaits(self) -> list[str]:
        """On the task lists (inbox, queue, approvals), the decisions the open step waits
        for, by their labels (重新办理, 维持结案): a closed case awaiting a supervisor says
        why it is listed. Empty on the other lists."""
        expects = (getattr(self.case, "step_data", None) or {}).get("expects", [])
        transitions = self.case.spec.transitions
        return [str(transitions[name].label) for name in expects if name in transitions]


def case_rows(cases: Iterable[Case], *, user=None) -> list[CaseRow]:
    """Rows for a page of cases: two or three queries whatever the page's length.

    With `user`, each row says whether that user may claim the case (the queue's button).
    """
    cases = list(cases)
    prefetch_related_objects(
        cases,
        Prefetch(
            "clocks",
            queryset=LegalClock.objects.exclude(status=ClockStatus.STOPPED),
            to_attr="open_clocks",
        ),
        "assignee",
        "lead_unit",
    )
    today = local_today()
    rows = []
    for case in cases:
        views = views_for(case.open_clocks, today)
        claimable = user is not None and case_policy.can(user, "claim", case)
        rows.append(CaseRow(case, views[0] if views else None, claimable))
    return rows


def paginate(request: HttpRequest, items) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
