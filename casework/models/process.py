"""The viewflow process of a case: the people side of its handling (who must act next).

The case's state lives only in `Case.status`; a process row records whose move it is. Each
process is one handling round: it starts when a case is opened (or reopened after it was
final) and ends when the case reaches a final state, so a case has at most one running
process and, over its life, one per round.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class CaseProcess(Process):
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.CASCADE,
        related_name="processes",
        verbose_name=_("案件"),
    )
    # Whose move it is on the open step. Queues and approval lists filter on these indexed
    # columns instead of re-deriving the next actor from each case's kind and state.
    unit = models.ForeignKey(
        "permissions.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("办理单位"),
    )
    role = models.CharField(_("办理角色"), max_length=20, blank=True)
    # The case status the open step was opened for: a new status means the step was taken.
    state = models.CharField(max_length=40, blank=True)
    # True until the End node; a partial unique index keeps one running round per case.
    running = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("案件流程")
        verbose_name_plural = _("案件流程")
        # Listed in full so that importing the flow (which adds "manage") changes no migration.
        default_permissions = ("add", "change", "delete", "view", "manage")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(running=True),
                name="one_running_process_per_case",
            )
        ]
        indexes = [models.Index(fields=["unit", "role", "running"])]
