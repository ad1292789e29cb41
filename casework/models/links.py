"""Relations between cases: links (symmetric, with a reason) and merge aliases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .case import Case


class CaseLink(models.Model):
    """Two cases an officer declared related (e.g. the same employer, one site).

    Symmetric: stored once with `case_a_id < case_b_id`, so "A linked to B" and "B linked to
    A" are the same row and cannot both exist. Unlinking deletes the row; the audit trail
    keeps who linked and unlinked, when and why.
    """

    case_a = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    case_b = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("关联理由"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("案件关联")
        verbose_name_plural = _("案件关联")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case_a", "case_b"], name="case_link_unique"),
            models.CheckConstraint(condition=Q(case_a__lt=F("case_b")), name="case_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.case_a_id} ↔ {self.case_b_id}"

    def other(self, case_id: int) -> int:
        return self.case_b_id if self.case_a_id == case_id else self.case_a_id


class CaseAlias(models.Model):
    """The number and tracking number of a case merged into `case`, kept as its aliases.

    The merged case's row stays (status `merged`, its own timeline and audit); this row says
    where its complaint is now handled. When the survivor is itself merged later, its aliases
    move on to the new survivor, so an alias is always one hop from the live case.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="aliases")
    merged_case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="merged_alias")
    number = models.CharField(_("原案件编号"), max_length=60, unique=True)
    tracking_number = models.CharField(_("原查询编号"), max_length=20, unique=True)
    reason = models.TextField(_("合并理由"), max_length=2000, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("合并时间"))

    class Meta:
        verbose_name = _("案件别名")
        verbose_name_plural = _("案件别名")
        ordering = ["merged_at", "id"]

    def __str__(self) -> str:
        return f"{self.number} → {self.case_id}"
