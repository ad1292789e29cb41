"""Filing a complaint: the validated complaint opened as a case of its kind, filed by the
public (no actor) or recorded by an officer of the unit that received it."""

from __future__ import annotations

from casework.actions import EmployerInput, PartyInput, case_open
from casework.kinds import get_kind
from casework.models import PartyRole


def violation_details(kind: str, validated: dict) -> dict:
    """The violation's course as the case records it, unless the kind has no use for it."""
    hidden = get_kind(kind).intake.hidden
    out = {}
    if "violation_continuing" not in hidden and validated.get("violation_continuing"):
        out["violation_continuing"] = True
    ended = validated.get("violation_ended_on")
    if "violation_ended_on" not in hidden and ended is not None:
        out["violation_ended_on"] = ended.isoformat()
    return out


def file_public_complaint(validated: dict, *, actor=None, details: dict | None = None):
    """Open the case from a validated complaint; returns (case, access_code). `actor` is the
    officer who recorded it (None when the public filed it), `details` what they add."""
    c = validated["complainant"]
    e = validated["employer"]
    return case_open(
        actor=actor,
        kind=validated["kind"],
        jurisdiction=validated["jurisdiction"],
        description=validated["description"],
        occurred_on=validated["occurred_on"],
        market=validated.get("market"),
        employer=EmployerInput(name=e["name"], credit_code=e.get("credit_code", "")),
        parties=[
            PartyInput(
                name=c["name"],
                role=PartyRole.COMPLAINANT,
                id_number=c["id_number"],
                phone=c["phone"],
                amount_owed=validated["amount_owed"],
            )
        ],
        workers_count=validated["workers_count"],
        amount_owed=validated["amount_owed"],
        details={**violation_details(validated["kind"], validated), **(details or {})},
    )
