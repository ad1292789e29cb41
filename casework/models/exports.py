"""Exports of the case list made in the background (large ones), and their files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("等待开始")
    RUNNING = "running", _("正在生成")
    FINISHED = "finished", _("已完成")
    FAILED = "failed", _("生成失败")


class CaseExport(models.Model):
    """One export of the filtered case list, built in the background for its requester.

    The file is only ever handed to `requested_by`; the filters are those the requester
    chose, applied again (with their permission scope) when the job runs."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.format}): {self.done}/{self.total}"

    @property
    def filename(self) -> str:
        return f"cases-{timezone.localtime(self.created_at):%Y%m%d-%H%M%S}.{self.format}"
