"""Exporting the case list the user sees, as CSV or XLSX: at once when it is small, in the
background with progress when it is large (over `EXPORT_BACKGROUND_ROWS` rows).

The rows are `casework.selectors.case_list_for_user` with the list's filters, in the list's
order; parties are masked unless the user handles the case. Every export writes one
`casework.cases.exported` audit event, and one `casework.pii.viewed` event per case shown
unmasked (as every unmasked rendering does); every download of a background export's file
writes `casework.export.downloaded`.

A background export runs in a thread of the process that accepted it, started once the
request's transaction commits; the periodic job `run_pending_exports` (declared on the
app config, run by the in-process scheduler or Celery beat) picks up any export left
pending, e.g. by a restart, and removes files past `EXPORT_KEEP_HOURS`. An export is
claimed with a conditional UPDATE, so the two never build the same file twice.
"""

from __future__ import annotations

import io
import logging
import secrets
import tempfile
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.errors import Conflict, ExportNotFound
from casework.exports import files
from casework.exports.rows import export_rows, headers
from casework.models import Case, CaseExport, ExportStatus
from casework.policies import case_policy
from casework.selectors import case_list_for_user

from .pii import record_pii_view

logger = logging.getLogger("gigcase.exports")

# How often a background export writes its progress (rows).
PROGRESS_EVERY = 100


@dataclass
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    rows: int


def background_threshold() -> int:
    """Exports of more rows than this are built in the background."""
    return int(settings.EXPORT_BACKGROUND_ROWS)


def export_size(*, actor, filters: dict) -> int:
    """How many rows the export of the list with `filters` would have for `actor`."""
    return case_list_for_user(actor, filters=filters).count()


def _build(*, actor, filters: dict, fmt: str, out: BinaryIO, progress=None) -> tuple[int, list]:
    cases = case_list_for_user(actor, filters=filters)
    handled = set(case_policy.handled(actor, cases.order_by()).values_list("pk", flat=True))
    unmasked: list[Case] = []

    def values():
        for row in export_rows(cases, handled):
            if row.unmasked:
                unmasked.append(row.case)
            yield row.values

    count = files.write(fmt, out, headers(), values(), progress, title=_("案件列表"))
    return count, unmasked


def _audit(*, actor, filters: dict, fmt: str, rows: int, unmasked: list, job=None) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="casework.cases.exported",
            obj=job,
            payload={
                "format": fmt,
                "filters": filters,
                "rows": rows,
                "unmasked": len(unmasked),
                "export": job.pk if job is not None else None,
            },
        )
    for case in unmasked:
        record_pii_view(actor=actor, case=case, channel="export")


def _filename(fmt: str) -> str:
    return f"cases-{timezone.localtime():%Y%m%d-%H%M%S}.{fmt}"


def cases_export(*, actor, filters: dict, fmt: str) -> ExportFile:
    """The export of the list with `filters`, built now. Audited (see the module)."""
    out = io.BytesIO()
    rows, unmasked = _build(actor=actor, filters=filters, fmt=fmt, out=out)
    _audit(actor=actor, filters=filters, fmt=fmt, rows=rows, unmasked=unmasked)
    return ExportFile(out.getvalue(), _filename(fmt), files.CONTENT_TYPES[fmt], rows)


def export_job_create(*, actor, filters: dict, fmt: str, total: int) -> CaseExport:
    """Record a background export for `actor` and start it once the transaction commits."""
    job = CaseExport.objects.create(requested_by=actor, format=fmt, filters=filters, total=total)
    transaction.on_commit(lambda: export_job_start(job.pk))
    return job


def export_job_run(job_id: int) -> CaseExport | None:
    """Build the export `job_id` if it is still pending (None when someone else took it),
    saving its progress as it goes."""
    claimed = CaseExport.objects.filter(pk=job_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = CaseExport.objects.select_related("requested_by").get(pk=job_id)
    actor = job.requested_by
    try:
        total = export_size(actor=actor, filters=job.filters)
        CaseExport.objects.filter(pk=job.pk).update(total=total)

        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0:
                CaseExport.objects.filter(pk=job.pk).update(done=done)

        with tempfile.TemporaryFile() as out:
            rows, unmasked = _build(
                actor=actor, filters=job.filters, fmt=job.format, out=out, progress=progress
            )
            out.seek(0)
            job.file.save(f"{job.pk}-{secrets.token_hex(8)}.{job.format}", File(out), save=False)
        job.total = job.done = rows
        job.status = ExportStatus.FINISHED
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "total", "done", "status", "finished_at"])
        _audit(
            actor=actor, filters=job.filters, fmt=job.format, rows=rows, unmasked=unmasked, job=job
        )
    except Exception as exc:
        # Whatever broke, the page must not poll an export that claims to run forever.
        logger.exception("export %s failed", job_id)
        CaseExport.objects.filter(pk=job_id).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:300]
        )
    return CaseExport.objects.get(pk=job_id)


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        export_job_run(job_id)
    finally:
        close_old_connections()


def export_job_start(job_id: int) -> threading.Thread:
    """Build the export in a background thread of this process (the page polls it)."""
    thread = threading.Thread(
        target=_run_in_thread, args=(job_id,), name=f"export-{job_id}", daemon=True
    )
    thread.start()
    return thread


def run_pending_exports() -> int:
    """The periodic job: build the exports left pending, fail those whose builder died, and
    remove the files of old exports. Returns how many exports it built."""
    now = timezone.now()
    CaseExport.objects.filter(
        status=ExportStatus.RUNNING, started_at__lt=now - timedelta(hours=1)
    ).update(status=ExportStatus.FAILED, finished_at=now, error="interrupted")
    built = 0
    for job_id in CaseExport.objects.filter(status=ExportStatus.PENDING).values_list(
        "pk", flat=True
    ):
        if export_job_run(job_id) is not None:
            built += 1
    expired = CaseExport.objects.filter(
        created_at__lt=now - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    )
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return built


def export_for_download(*, actor, export_id) -> CaseExport:
    """The export `export_id` if `actor` asked for it, else ExportNotFound."""
    try:
        job = CaseExport.objects.get(pk=int(export_id), requested_by_id=actor.pk)
    except (CaseExport.DoesNotExist, ValueError, TypeError):
        raise ExportNotFound(_("导出文件不存在。")) from None
    return job


def export_file_open(*, actor, job: CaseExport) -> tuple[BinaryIO, str, str]:
    """The finished export's file, its download name and content type, for its requester
    (`export_for_download` found it); the download is audited. Conflict while the export is
    not finished; ExportNotFound when its file is gone."""
    if job.status != ExportStatus.FINISHED or not job.file:
        raise Conflict(_("导出文件尚未生成完毕。"))
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, OSError):
        raise ExportNotFound(_("导出文件不存在。")) from None
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="casework.export.downloaded",
            obj=job,
            payload={"format": job.format, "rows": job.total, "export": job.pk},
        )
    return handle, job.filename, files.CONTENT_TYPES[job.format]
