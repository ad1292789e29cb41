"""Shaping a case for display (pages and API alike): masking, clocks, parties."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from .actions.pii import record_pii_view
from .clocks import views_for
from .models import Case, LegalClock, PartyRole, Payment
from .policies import case_policy
from .validators import mask_id_number, mask_phone


@dataclass
class PartyView:
    id: int
    role: str
    role_display: str
    name: str
    id_number: str
    phone: str
    amount_owed: str | None
    masked: bool


def parties_for(user, case: Case, *, channel: str) -> list[PartyView]:
    """The case's parties, unmasked only for the handling officers.

    Every unmasked rendering writes one `casework.pii.viewed` audit event.
    """
    unmasked = case_policy.can(user, "handle", case)
    intake = case.spec.intake if case.spec.public else None
    rows = []
    for p in case.parties.select_related("person").all():
        person = p.person
        rows.append(
            PartyView(
                id=p.pk,
                role=p.role,
                role_display=(
                    str(intake.filer_role)
                    if intake is not None and p.role == PartyRole.COMPLAINANT
                    else p.get_role_display()
                ),
                name=person.name,
                id_number=person.id_number if unmasked else mask_id_number(person.id_number),
                phone=person.phone if unmasked else mask_phone(person.phone),
                amount_owed=str(p.amount_owed) if p.amount_owed is not None else None,
                masked=not unmasked,
            )
        )
    if unmasked and rows:
        record_pii_view(actor=user, case=case, channel=channel, parties=[row.id for row in rows])
    return rows


def payments_for(case: Case) -> None:
    """Prefetch the case's payments, with who was paid and who recorded them, for the
    detail's list and sums and the transitions' conditions asked for the same answer."""
    rows = Payment.objects.select_related("party__person", "recorded_by")
    prefetch_related_objects([case], Prefetch("payments", queryset=rows))


def clocks_for(case: Case, *, pauses: bool = True):
    """Clocks with days left, the binding one first: one query, and one more for their
    pauses when `pauses` (the case page lists open pauses; the API does not).

    The rows stay prefetched on `case`, so that the transitions' conditions asked next
    (`clocks.running`) read them instead of the database: call it only once the case's
    clocks no longer change in this request."""
    rows = LegalClock.objects.prefetch_related("pauses") if pauses else LegalClock.objects.all()
    prefetch_related_objects([case], Prefetch("clocks", queryset=rows))
    lead = case.lead_unit.department.code
    return views_for(case.clocks.all(), lead_department=lead)
