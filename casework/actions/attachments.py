"""Adding evidence to a case."""

from __future__ import annotations

import hashlib

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.actions.locking import lock_case
from casework.errors import CaseNotFound, InvalidInput, NotPermitted
from casework.language import records_language
from casework.models import Attachment, TimelineEntry
from casework.policies import case_policy

# Evidence we accept, recognised by content (magic bytes), never by the name or the header.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "audio/mpeg": "mp3",
    "audio/x-wav": "wav",
    "audio/amr": "amr",
    "video/mp4": "mp4",
}


def detect_type(head: bytes) -> str | None:
    kind = filetype.guess(head)
    if kind is None:
        return None
    return kind.mime if kind.mime in ALLOWED_TYPES else None


def case_attach(*, actor, case_id: int, upload, description: str = "") -> Attachment:
    """Store an evidence file on the case: content-type by magic bytes, size limit, SHA-256.

    The file is stored under its hash and never rewritten. Side effects: one audit event and
    a timeline entry.
    """
    if upload is None:
        raise InvalidInput(_("请选择要上传的文件。"), field="file")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise InvalidInput(
            _("文件过大，单个文件不得超过 %(mb)s MB。")
            % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    if len(description) > 200:
        raise InvalidInput(_("说明不得超过200字。"), field="description")
    digest = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    content = b"".join(chunks)
    mime = detect_type(content[:8192])
    if mime is None:
        raise InvalidInput(_("不支持的文件类型：仅接受 PDF、图片、音频和视频证据。"), field="file")
    name = (getattr(upload, "name", "") or "evidence")[-200:]
    with transaction.atomic(durable=True):
        case = lock_case(case_id)
        if case is None or not case_policy.can(actor, "view", case):
            raise CaseNotFound(_("案件不存在。"))
        if not case_policy.can(actor, "attach", case):
            raise NotPermitted(_("您无权为该案件上传证据。"))
        att = Attachment(
            case=case,
            original_name=name,
            content_type=mime,
            size=len(content),
            sha256=digest.hexdigest(),
            description=description,
            uploaded_by=actor,
        )
        att.file.save(att.sha256, ContentFile(content), save=False)
        att.save()
        audit.record(
            actor=actor,
            verb="casework.attachment.added",
            case=case,
            obj=att,
            payload={"name": name, "sha256": att.sha256, "size": att.size, "type": mime},
        )
        with records_language():
            TimelineEntry.objects.create(
                case=case,
                at=timezone.now(),
                actor=actor,
                verb="attachment",
                text=_("上传证据：%(name)s") % {"name": name},
            )
    return att


def record_download(*, actor, attachment: Attachment) -> None:
    """Audit one download of an evidence file; CaseNotFound if the actor may not see its case.

    The check is here too, not only in the views, so that no caller can hand out (and log as
    lawful) a file of a case the actor does not see.
    """
    if not case_policy.can(actor, "view", attachment.case):
        raise CaseNotFound(_("案件不存在。"))
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="casework.attachment.downloaded",
            case=attachment.case,
            obj=attachment,
            payload={"sha256": attachment.sha256},
        )
