"""Building a dossier on request: at once when the case is small, in a background thread
with recorded progress when it is large (the same in-process way as bulk reassignment).

The content is read and laid out outside any transaction (a large dossier takes about a
second to lay out, and a write transaction would hold the case, or on SQLite the whole
database, that long). Only storing it is a transaction: it locks the case, names the
dossier `dossier`, `dossier-2`, ... and writes one audit event. Should another dossier of
the case have been stored meanwhile, the number it printed is stale and it is laid out again.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.actions.locking import lock_case
from casework.errors import CaseNotFound
from casework.language import records_language
from casework.models import AuditEvent, Case, DossierJob, DossierStatus
from casework.policies import case_policy

from .dossier import Dossier, dossier_content, render_dossier
from .issue import next_name, store

# Rows (timeline, evidence, audit, ...) up to which a dossier is built within the request.
INLINE_ROWS_DEFAULT = 150
# Progress is written at most once in this many seconds (and once in a tenth of the layout):
# the progress page asks every second, so more writes would show nobody anything.
PROGRESS_SECONDS_DEFAULT = 0.5
_ATTEMPTS = 3

logger = logging.getLogger("gigcase.documents")


def dossier_number(case: Case, name: str) -> str:
    """A dossier's number: the case number and its place among the case's dossiers."""
    n = 1 if name == Dossier.code else int(name.rsplit("-", 1)[1])
    return _("%(number)s 第%(n)s卷") % {"number": case.number, "n": n}


def dossier_request(*, actor, case_id: int) -> DossierJob:
    """Record a request for the case's dossier; CaseNotFound when the actor may not see it."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not case_policy.can(actor, "view", case):
        raise CaseNotFound(_("案件不存在。"))
    return DossierJob.objects.create(case=case, requested_by=actor)


def case_rows(case: Case) -> int:
    """How large a dossier the case makes, in table rows."""
    return (
        case.timeline.count()
        + case.attachments.count()
        + min(AuditEvent.objects.filter(case=case).count(), 500)
    )


def _progress(job: DossierJob):
    every = getattr(settings, "DOSSIER_PROGRESS_SECONDS", PROGRESS_SECONDS_DEFAULT)
    step = {"last": 0, "at": time.monotonic()}

    def callback(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            job.total = value
            DossierJob.objects.filter(pk=job.pk).update(total=value)
        elif (
            kind == "PROGRESS"
            and value - step["last"] >= max(1, job.total // 10)
            and time.monotonic() - step["at"] >= every
        ):
            step["last"], step["at"] = value, time.monotonic()
            DossierJob.objects.filter(pk=job.pk).update(done=value)

    return callback


def dossier_run(job: DossierJob, *, report_progress: bool = True) -> DossierJob:
    """Build, store and audit the job's dossier, recording progress as it is laid out
    (unless nobody polls it: a dossier built within the request). A build that fails leaves
    the job failed, with a message for its requester; CaseNotFound (the requester may no
    longer see the case) is raised after that."""
    job.status = DossierStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        with records_language():
            document = _build(job, report_progress=report_progress)
    except CaseNotFound as exc:
        _failed(job, exc.message)
        raise
    except Exception:
        logger.exception("dossier job %s of case %s failed", job.pk, job.case_id)
        with records_language():
            _failed(job, _("案卷生成失败，请稍后重试；仍不成功的，请联系系统管理员。"))
        return job
    job.document = document
    job.done = job.total
    job.status = DossierStatus.FINISHED
    job.finished_at = timezone.now()
    job.save(update_fields=["document", "done", "status", "finished_at"])
    return job


def _failed(job: DossierJob, message: str) -> None:
    job.status = DossierStatus.FAILED
    job.finished_at = timezone.now()
    job.error = str(message)[:300]
    job.save(update_fields=["status", "finished_at", "error"])


def _build(job: DossierJob, *, report_progress: bool):
    case = Case.objects.select_related(
        "lead_unit__department", "lead_unit__jurisdiction", "jurisdiction", "employer", "market"
    ).get(pk=job.case_id)
    reader = job.requested_by
    for _attempt in range(_ATTEMPTS):
        name = next_name(case, Dossier.code)
        number = dossier_number(case, name)
        content = dossier_content(
            case, reader=reader, number=number, unit=case.lead_unit, built_on=timezone.localdate()
        )
        pdf = render_dossier(content, progress=_progress(job) if report_progress else None)
        with transaction.atomic(durable=True):
            locked = lock_case(case.pk)
            if locked is None or not case_policy.can(reader, "view", locked):
                raise CaseNotFound(_("案件不存在。"))
            if next_name(locked, Dossier.code) != name:
                continue  # another dossier was stored meanwhile: its number was ours
            document = store(
                locked,
                code=Dossier.code,
                title=str(Dossier.title),
                number=number,
                unit=case.lead_unit,
                pdf=pdf,
                actor=reader,
                restricted=not content.masked,
            )
            audit.record(
                actor=reader,
                verb="casework.document.dossier_built",
                case=locked,
                obj=document,
                payload={"name": document.name, "sha256": document.sha256, "rows": content.rows()},
            )
        return document
    raise RuntimeError("the case's dossiers kept changing while this one was laid out")


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        job = DossierJob.objects.select_related("requested_by").get(pk=job_id)
        dossier_run(job)
    except CaseNotFound:
        pass  # recorded on the job; nobody else to tell
    finally:
        close_old_connections()


def dossier_start(job: DossierJob) -> DossierJob:
    """Build now when the case is small (the job is finished or failed on return), else
    start a background thread and return the running job for its progress to be polled."""
    inline = getattr(settings, "DOSSIER_INLINE_ROWS", INLINE_ROWS_DEFAULT)
    if case_rows(job.case) <= inline:
        return dossier_run(job, report_progress=False)
    threading.Thread(
        target=_run_in_thread, args=(job.pk,), name=f"dossier-{job.pk}", daemon=True
    ).start()
    return job


def job_for_user(user, case: Case, job_id: int) -> DossierJob:
    """A dossier job of the case, only to whoever requested it (others: 404)."""
    job = DossierJob.objects.filter(pk=job_id, case=case, requested_by=user).first()
    if job is None:
        raise CaseNotFound(_("任务不存在。"))
    return job


def job_data(job: DossierJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": job.get_status_display(),
        "total": job.total,
        "done": job.done,
        "error": job.error,
        "document": job.document.name if job.document_id else None,
    }
