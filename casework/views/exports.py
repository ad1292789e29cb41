"""Exporting the case list page as CSV or XLSX, and the page of a background export."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casework.actions.exports import (
    background_threshold,
    cases_export,
    export_file_open,
    export_for_download,
    export_job_create,
    export_size,
)
from casework.case_filter_form import CaseFilterForm
from casework.errors import Conflict, ExportNotFound, InvalidInput
from casework.models import CaseExport, ExportFormat, ExportStatus

from .common import error_page


def page_filters(request: HttpRequest) -> dict:
    """The filters of the case list page for this query string, as the page applies them;
    InvalidInput naming the filters it refuses (the page lists nothing then, and so exports
    nothing)."""
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise InvalidInput(form.refusal())
    filters = form.filters() if form.is_bound else {}
    return {key: value for key, value in filters.items() if value not in ("", None, False)}


@login_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "")
    if fmt not in ExportFormat.values:
        return error_page(
            request, 400, _("导出格式（format）只能是 csv 或 xlsx。"), title=_("无法导出")
        )
    try:
        filters = page_filters(request)
    except InvalidInput as exc:
        return error_page(request, 400, exc.message, title=_("筛选条件有误"))
    total = export_size(actor=request.user, filters=filters)
    if total > background_threshold():
        job = export_job_create(actor=request.user, filters=filters, fmt=fmt, total=total)
        return redirect("casework:export_job", export_id=job.pk)
    made = cases_export(actor=request.user, filters=filters, fmt=fmt)
    response = HttpResponse(made.content, content_type=made.content_type)
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


def _job(request: HttpRequest, export_id: int) -> CaseExport:
    try:
        return export_for_download(actor=request.user, export_id=export_id)
    except ExportNotFound:
        raise Http404(_("导出文件不存在。")) from None


def job_data(job: CaseExport) -> dict:
    finished = job.status == ExportStatus.FINISHED
    return {
        "id": job.pk,
        "format": job.format,
        "status": job.status,
        "status_display": job.get_status_display(),
        "total": job.total,
        "done": job.done,
        "download_url": reverse("casework:export_download", args=[job.pk]) if finished else None,
    }


@login_required
@require_GET
def export_job(request: HttpRequest, export_id: int) -> HttpResponse:
    job = _job(request, export_id)
    return render(
        request,
        "casework/export_job.html",
        {
            "nav": "cases",
            "job": job,
            "data": job_data(job),
            "keep_hours": settings.EXPORT_KEEP_HOURS,
        },
    )


@login_required
@require_GET
def export_progress(request: HttpRequest, export_id: int) -> JsonResponse:
    return JsonResponse(job_data(_job(request, export_id)))


@login_required
@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    job = _job(request, export_id)
    try:
        handle, filename, content_type = export_file_open(actor=request.user, job=job)
    except Conflict as exc:
        return error_page(request, 409, exc.message, title=_("导出文件尚未生成"))
    except ExportNotFound:
        raise Http404(_("导出文件不存在。")) from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
