"""Who reads which document, and the audit of each download.

A document is read by those who may see its case (a 404 otherwise, as for the case); a
dossier carrying personal information unmasked only by those who handle the case; the
complainant, through tracking number and access code, only what is addressed to them.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from casework import audit
from casework.errors import CaseNotFound
from casework.models import Case, Document
from casework.policies import case_policy

# What a document's name can be: its code, and `-n` from its second issue on.
_NAME = re.compile(r"[a-z][a-z_]{0,39}(?:-[1-9][0-9]{0,5})?")


def is_document_name(name: str) -> bool:
    """Whether `name` could name a document at all (checked before any query, so that a
    NUL byte or an overlong string never reaches the database)."""
    return isinstance(name, str) and _NAME.fullmatch(name) is not None


class DocumentNotFound(CaseNotFound):
    """No such document on the case, or not one the reader may read: a 404 either way."""


def documents_for_user(user, case: Case) -> QuerySet[Document]:
    """The documents of a case the user sees (the caller has checked the case itself)."""
    rows = Document.objects.filter(case=case).select_related("created_by")
    if not case_policy.can(user, "handle", case):
        rows = rows.filter(restricted=False)
    return rows.order_by("created_at", "id")


def document_for_user(user, case: Case, name: str) -> Document:
    if not is_document_name(name):
        raise DocumentNotFound(_("文书不存在。"))
    document = documents_for_user(user, case).filter(name=name).first()
    if document is None:
        raise DocumentNotFound(_("文书不存在。"))
    return document


def public_documents(case: Case) -> QuerySet[Document]:
    """The documents addressed to the complainant, of the case their tracking number leads
    to (and of the case merged into it, whose complainant they may be)."""
    ids = [case.pk]
    merged = getattr(case, "merged_from", None)
    if merged is not None:
        ids.append(merged.pk)
    return Document.objects.filter(case_id__in=ids, public=True).order_by("created_at", "id")


def record_document_download(*, actor, document: Document, channel: str) -> None:
    """Audit one download. `actor` None is the complainant on the public status page."""
    if actor is not None and not case_policy.can(actor, "view", document.case):
        raise DocumentNotFound(_("文书不存在。"))
    with transaction.atomic():
        audit.record(
            actor=actor,
            verb="casework.document.downloaded",
            case=document.case,
            obj=document,
            payload={
                "name": document.name,
                "number": document.number,
                "sha256": document.sha256,
                "channel": channel,
            },
        )


def open_document(document: Document):
    """The stored file, opened for reading; DocumentNotFound when it is missing."""
    try:
        return document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise DocumentNotFound(_("文书文件不存在。")) from None
