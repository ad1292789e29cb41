"""The case page's documents: downloading them, and building the dossier (案卷) with its
progress page when it is built in the background."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.documents.access import (
    document_for_user,
    open_document,
    record_document_download,
)
from casework.documents.jobs import dossier_request, dossier_start, job_data, job_for_user
from casework.errors import CaseNotFound
from casework.models import DossierStatus
from casework.selectors import case_get_for_user


def _case(request: HttpRequest, case_id: int):
    try:
        return case_get_for_user(request.user, case_id)
    except CaseNotFound:
        raise Http404(_("案件不存在。")) from None


@login_required
@require_GET
def document_download(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    case = _case(request, case_id)
    try:
        document = document_for_user(request.user, case, name)
        handle = open_document(document)
    except CaseNotFound:
        raise Http404(_("文书不存在。")) from None
    record_document_download(actor=request.user, document=document, channel="page")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{case.number}-{document.title}-{document.name}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def dossier_build(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    try:
        job = dossier_start(dossier_request(actor=request.user, case_id=case.pk))
    except CaseNotFound:
        raise Http404(_("案件不存在。")) from None
    if job.document_id is not None:
        messages.success(request, _("案卷已生成：%(number)s") % {"number": job.document.number})
        return redirect(f"{reverse('casework:case_detail', args=[case.pk])}#documents")
    if job.status == DossierStatus.FAILED:
        messages.error(request, job.error)
        return redirect(f"{reverse('casework:case_detail', args=[case.pk])}#documents")
    return redirect("casework:dossier_job", case_id=case.pk, job_id=job.pk)


@login_required
@require_GET
def dossier_job(request: HttpRequest, case_id: int, job_id: int) -> HttpResponse:
    case = _case(request, case_id)
    try:
        job = job_for_user(request.user, case, job_id)
    except CaseNotFound:
        raise Http404(_("任务不存在。")) from None
    return render(
        request,
        "casework/dossier_job.html",
        {"nav": "cases", "case": case, "job": job, "data": job_data(job)},
    )


@login_required
@require_GET
def dossier_progress(request: HttpRequest, case_id: int, job_id: int) -> JsonResponse:
    case = _case(request, case_id)
    try:
        job = job_for_user(request.user, case, job_id)
    except CaseNotFound:
        raise Http404(_("任务不存在。")) from None
    data = job_data(job)
    if job.document_id is not None:
        data["url"] = reverse("casework:document_download", args=[case.pk, job.document.name])
    return JsonResponse(data)
