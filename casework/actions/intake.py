"""Opening a case: from the public complaint form, the API, or an officer's own initiative."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit, clocks
from casework.errors import InvalidInput, NotPermitted
from casework.kinds import get_kind, has_kind
from casework.language import records_language
from casework.models import (
    Case,
    CaseParty,
    CaseSequence,
    Employer,
    Market,
    PartyRole,
    Person,
    TimelineEntry,
)
from casework.notify import notify
from casework.policies import case_policy
from casework.validators import normalise_credit_code, normalise_id_number, normalise_phone
from casework.workflow import sync_tasks
from permissions.models import Jurisdiction, Role, Unit
from permissions.selectors import org_of

from .context import TransitionContext

_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass
class PartyInput:
    name: str
    role: str = PartyRole.COMPLAINANT
    id_number: str = ""
    phone: str = ""
    amount_owed: Decimal | None = None


@dataclass
class EmployerInput:
    name: str
    credit_code: str = ""
    contact_name: str = ""
    contact_phone: str = ""


def access_code_hash(tracking_number: str, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{tracking_number}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def check_access_code(case: Case, code: str) -> bool:
    return bool(case.access_code_hash) and hmac.compare_digest(
        case.access_code_hash, access_code_hash(case.tracking_number, code or "")
    )


def _next_number(jurisdiction: Jurisdiction, number_code: str, year: int) -> str:
    # The counter row is locked for the rest of the transaction: a rolled-back intake
    # rolls the counter back too, so numbers stay gap-free.
    seq, _ = CaseSequence.objects.select_for_update().get_or_create(
        jurisdiction=jurisdiction, kind_code=number_code, year=year
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{jurisdiction.code}-{number_code}-{year}-{seq.last:04d}"


def _new_tracking_number() -> str:
    while True:
        candidate = "GC" + "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(10))
        if not Case.objects.filter(tracking_number=candidate).exists():
            return candidate


def resolve_employer(data: EmployerInput) -> Employer:
    code = normalise_credit_code(data.credit_code) or None
    if code:
        employer = Employer.objects.filter(credit_code=code).first()
        if employer:
            return employer
    else:
        employer = Employer.objects.filter(name=data.name.strip(), credit_code__isnull=True).first()
        if employer:
            return employer
    return Employer.objects.create(
        name=data.name.strip(),
        credit_code=code,
        contact_name=data.contact_name,
        contact_phone=normalise_phone(data.contact_phone),
    )


def _lead_unit_for(kind_spec, jurisdiction: Jurisdiction, actor, lead_unit: Unit | None) -> Unit:
    if actor is None:
        unit = (
            Unit.objects.filter(
                department__code=kind_spec.lead_departments[0], jurisdiction=jurisdiction
            )
            .select_related("department")
            .first()
        )
        if unit is None:
            raise InvalidInput(_("该行政区划没有受理单位。"), field="jurisdiction")
        return unit
    org = org_of(actor)
    candidates = Unit.objects.filter(
        pk__in=org.units(Role.OFFICER, Role.SUPERVISOR, Role.CLERK),
        department__code__in=kind_spec.lead_departments,
        jurisdiction=jurisdiction,
    ).select_related("department")
    if lead_unit is not None:
        candidates = candidates.filter(pk=lead_unit.pk)
    unit = candidates.first()
    if unit is None:
        raise NotPermitted(
            _("您所在单位不能在该行政区划主办此类案件。"),
        )
    return unit


def case_open(
    *,
    actor,
    kind: str,
    jurisdiction: Jurisdiction,
    description: str,
    lead_unit: Unit | None = None,
    occurred_on: date | None = None,
    market: Market | None = None,
    employer: EmployerInput | None = None,
    parties: list[PartyInput] | None = None,
    workers_count: int = 1,
    amount_owed: Decimal = Decimal("0"),
    details: dict | None = None,
) -> tuple[Case, str]:
    """Open a case of `kind` led by the kind's department in `jurisdiction`.

    `actor` is None for a public complaint. Assigns the gap-free number, a tracking number
    and access code (returned in clear once, stored as an HMAC). Side effects in the same
    transaction: parties and employer rows, the kind's opening clocks and rules, one audit
    event, a public timeline entry, notifications to the unit's queue, the first task.
    """
    if not has_kind(kind):
        raise InvalidInput(_("未知的案件类型。"), field="kind")
    spec = get_kind(kind)
    with transaction.atomic(durable=True):
        unit = _lead_unit_for(spec, jurisdiction, actor, lead_unit)
        with records_language():
            now = timezone.now()
            access_code = f"{secrets.randbelow(10**8):08d}"
            tracking = _new_tracking_number()
            case = spec.model(
                number=_next_number(jurisdiction, spec.number_code, timezone.localdate(now).year),
                tracking_number=tracking,
                access_code_hash=access_code_hash(tracking, access_code),
                kind=kind,
                status=spec.initial_status,
                lead_unit=unit,
                lead_department_id=unit.department_id,
                jurisdiction=jurisdiction,
                jurisdiction_path=jurisdiction.path,
                market=market,
                employer=resolve_employer(employer) if employer else None,
                description=description,
                occurred_on=occurred_on,
                workers_count=workers_count,
                amount_owed=amount_owed,
                details=details or {},
                submitted_at=now,
            )
            case.save()
            for p in parties or []:
                person = Person.objects.create(
                    name=p.name.strip(),
                    id_number=normalise_id_number(p.id_number),
                    phone=normalise_phone(p.phone),
                )
                CaseParty.objects.create(
                    case=case, person=person, role=p.role, amount_owed=p.amount_owed
                )
            ctx = TransitionContext(
                case=case,
                actor=actor,
                name="open",
                data={},
                from_state="",
                to_state=case.status,
                now=now,
                today=timezone.localdate(now),
            )
            if spec.on_open is not None:
                spec.on_open(ctx)
            case.deadline = clocks.binding_deadline(case)
            case.save(update_fields=["deadline", "priority", *ctx.changed_fields])
            audit.record(
                actor=actor,
                verb=f"{spec.app_label}.{kind}.opened",
                case=case,
                to_state=case.status,
                payload={
                    "number": case.number,
                    "lead_unit": unit.pk,
                    "public": actor is None,
                    **ctx.audit_payload,
                },
            )
            TimelineEntry.objects.create(
                case=case,
                at=now,
                actor=actor,
                verb="opened",
                text=_("案件登记（%(unit)s）") % {"unit": unit.name},
                public_text=str(spec.intake.submitted_text) if spec.public else "",
            )
            notify(
                case_policy.who_can("claim", case),
                case=case,
                type="queue.new",
                text=_("新案件待受理：%(number)s") % {"number": case.number},
                exclude=actor,
            )
            for users, ntype, text in ctx.notifications:
                notify(users, case=case, type=ntype, text=text, exclude=actor)
            sync_tasks(case, actor=actor)
    return case, access_code
