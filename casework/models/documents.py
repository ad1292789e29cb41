"""Official documents (文书) issued on a case, their numbering, and dossier builds.

A document is written once, with the SHA-256 of its bytes, and never rewritten: issuing
the same document again makes a new record with its own number (docs/documents.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.TextChoices):
    PENDING = "pending", _("等待开始")
    RUNNING = "running", _("进行中")
    FINISHED = "finished", _("已完成")
    # The build stopped: `error` says so in Chinese; no document was stored.
    FAILED = "failed", _("生成失败")


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.case_id}/{instance.name}-{instance.sha256[:16]}.pdf"


class Document(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="documents")
    # The name in its URL (`/documents/{name}.pdf`): the document's code for its first issue
    # on the case, `{code}-{n}` for the n-th.
    name = models.CharField(max_length=60)
    code = models.CharField(max_length=40)
    title = models.CharField(_("文书名称"), max_length=60)
    number = models.CharField(_("文号"), max_length=80)
    issuing_unit = models.ForeignKey(
        "permissions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("制发单位")
    )
    # The transition that issued it; "" for a dossier built on request.
    transition = models.CharField(max_length=60, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_path, max_length=200)
    # Addressed to the complainant: listed and downloadable on the public status page.
    public = models.BooleanField(default=False)
    # Carries personal information unmasked: only those who handle the case may read it.
    restricted = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("制作时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="document_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("documents are immutable once issued")
        super().save(*args, **kwargs)


class DocumentSequence(models.Model):
    """Gap-free 文号 counter per issuing unit, document code and year (locked while used)."""

    unit = models.ForeignKey("permissions.Unit", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code", "year"], name="document_sequence_unique"
            )
        ]


class DossierJob(models.Model):
    """Progress of building one case's dossier (案卷) in the background."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=DossierStatus.choices, default=DossierStatus.PENDING
    )
    # Flowables laid out so far of the estimated total (reportlab's progress callback).
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"dossier of {self.case_id}: {self.done}/{self.total} ({self.status})"
