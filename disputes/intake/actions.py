"""Filing a public complaint: the validated complaint opened as a case of its kind."""

from __future__ import annotations

from casework.actions import EmployerInput, PartyInput, case_open
from casework.models import PartyRole


def file_public_complaint(validated: dict):
    """Open the case from a validated public complaint; returns (case, access_code)."""
    c = validated["complainant"]
    e = validated["employer"]
    return case_open(
        actor=None,
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
    )
