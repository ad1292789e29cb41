"""The bulk reassignment page: a supervisor hands over every open case of one officer."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from casework.actions.reassign import reassignment_create, reassignment_start
from casework.converters import parse_id
from casework.errors import InvalidInput, NotPermitted
from casework.forms import errors_by_field
from casework.models import ReassignmentJob
from permissions.models import Role, Unit
from permissions.selectors import members_with_role, org_of

from .common import error_page

_FIELDS = ["unit", "from_user", "to_user"]


def _supervised(request: HttpRequest) -> list[Unit]:
    ids = org_of(request.user).units(Role.SUPERVISOR)
    return list(Unit.objects.filter(pk__in=ids))


def _user(raw: str):
    user_id = parse_id(raw)
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest) -> HttpResponse:
    units = _supervised(request)
    if not units:
        return error_page(request, 403, _("只有审批人可以批量改派案件。"))
    errors: dict = {}
    values = {k: request.POST.get(k, "") for k in _FIELDS}
    if request.method == "POST":
        unit_id = parse_id(values["unit"])
        unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
        try:
            job = reassignment_create(
                actor=request.user,
                from_user=_user(values["from_user"]),
                unit=unit,
                to_user=_user(values["to_user"]),
                to_user_given=bool(values["to_user"].strip()),
            )
        except NotPermitted as exc:
            return error_page(request, 403, exc.message)
        except InvalidInput as exc:
            errors = errors_by_field(exc.errors, _FIELDS)
        else:
            reassignment_start(job)
            return redirect("casework:reassign_job", job_id=job.pk)
    unit_ids = [u.pk for u in units]
    # Whoever holds cases in these units, even an officer whose seat was already removed.
    holders = (
        get_user_model()
        .objects.filter(
            Q(memberships__unit_id__in=unit_ids, memberships__role=Role.OFFICER)
            | Q(assigned_cases__lead_unit_id__in=unit_ids)
        )
        .distinct()
        .order_by("username")
    )
    return render(
        request,
        "casework/reassign.html",
        {
            "nav": "reassign",
            "units": units,
            "holders": holders,
            "officers": members_with_role(units[0].pk, Role.OFFICER).order_by("username")
            if len(units) == 1
            else get_user_model()
            .objects.filter(memberships__unit_id__in=unit_ids, memberships__role=Role.OFFICER)
            .distinct()
            .order_by("username"),
            "values": values,
            "errors": errors,
            "jobs": ReassignmentJob.objects.filter(unit_id__in=unit_ids).select_related(
                "from_user", "to_user", "unit"
            )[:10],
        },
        status=400 if errors else 200,
    )


def _job_for(request: HttpRequest, job_id: int) -> ReassignmentJob:
    job = (
        ReassignmentJob.objects.select_related("from_user", "to_user", "unit")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.unit_id not in org_of(request.user).units(Role.SUPERVISOR):
        raise Http404(_("改派任务不存在。"))
    return job


def job_data(job: ReassignmentJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": job.get_status_display(),
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "errors": job.errors,
    }


@login_required
@require_GET
def reassign_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    return render(
        request,
        "casework/reassign_job.html",
        {"nav": "reassign", "job": job, "data": job_data(job)},
    )


@login_required
@require_GET
def reassign_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    return JsonResponse(job_data(_job_for(request, job_id)))
