"""The supervisor's overdue list (超期督办清单): clocks past their due date, escalations
from the units below, and transfers left unanswered."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casework.clocks import local_today
from casework.deadline_selectors import overdue_rows_for
from permissions.models import Role
from permissions.selectors import org_of


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    today = local_today()
    return render(
        request,
        "casework/overdue.html",
        {
            "nav": "overdue",
            "rows": overdue_rows_for(request.user, today),
            "is_supervisor": bool(org_of(request.user).units(Role.SUPERVISOR)),
            "today": today,
        },
    )
