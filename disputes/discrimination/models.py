"""就业歧视投诉 as a proxy of the Case core."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from casework.models import Case

from ..investigated_complaint.fsm import ComplaintStatus, InvestigatedComplaint

# 就业歧视投诉 runs the wage-arrears procedure without payments or a transfer to the police:
# exactly the states of the shared procedure.
DiscriminationStatus = ComplaintStatus
S = DiscriminationStatus


class DiscriminationCase(InvestigatedComplaint, Case):
    """就业歧视投诉: docs/domain.md §3 (就业促进法 §62: 实施就业歧视的，劳动者可以向人民法院起诉；
    劳动保障监察 handles the complaint like any other labour-law violation)."""

    class Meta:
        proxy = True
        verbose_name = _("就业歧视投诉")
        verbose_name_plural = _("就业歧视投诉")

    @transition(field="status", source=S.INVESTIGATING, target=S.CLOSURE_PENDING)
    def propose_closure(self): ...
