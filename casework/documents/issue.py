"""Issuing a document: numbering (文号), rendering, storing with its SHA-256.

Runs inside the transaction of whatever issues it (a transition, a dossier build), so a
document exists exactly when the decision it records does. A document is never rewritten:
issuing one again makes a new record, `{code}-{n}`, with a new number.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.utils import translation

from casework.models import Document, DocumentSequence

from .base import OfficialDocument

# Suffixes an issuing unit's jurisdiction drops in its abbreviation: 薛城区 → 薛城.
_JURISDICTION_SUFFIXES = ("自治县", "区", "县", "市", "旗")


def unit_abbreviation(unit) -> str:
    """The issuing unit as a document number abbreviates it: 薛城区人社局 → 薛城人社."""
    place = unit.jurisdiction.name
    for suffix in _JURISDICTION_SUFFIXES:
        if place.endswith(suffix) and len(place) > len(suffix) + 1:
            place = place[: -len(suffix)]
            break
    department = unit.department.short_name
    if department.endswith("局") and len(department) > 1:
        department = department[:-1]
    return f"{place}{department}"


def next_number(unit, cls: type[OfficialDocument], year: int) -> str:
    """The next 文号 of this kind of document for the unit and year, e.g. 薛城人社受〔2026〕3号.

    The counter row stays locked until the caller's transaction ends: a rolled-back issue
    rolls its number back too, so numbers stay gap-free.
    """
    seq, _created = DocumentSequence.objects.select_for_update().get_or_create(
        unit=unit, code=cls.code, year=year
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{unit_abbreviation(unit)}{cls.number_code}〔{year}〕{seq.last}号"


def next_name(case, code: str) -> str:
    """`code` for the first document of that code on the case, `code-n` for the n-th.

    The caller holds the case's row lock, so two issues cannot pick the same name."""
    issued = Document.objects.filter(case=case, code=code).count()
    return code if issued == 0 else f"{code}-{issued + 1}"


def store(
    case,
    *,
    code: str,
    title: str,
    number: str,
    unit,
    pdf: bytes,
    actor=None,
    transition: str = "",
    public: bool = False,
    restricted: bool = False,
) -> Document:
    digest = hashlib.sha256(pdf).hexdigest()
    record = Document(
        case=case,
        name=next_name(case, code),
        code=code,
        title=title,
        number=number,
        issuing_unit=unit,
        transition=transition,
        sha256=digest,
        size=len(pdf),
        public=public,
        restricted=restricted,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    # The file is written before the row; a rolled-back transaction leaves an unreferenced
    # file behind (named by its hash), never a row without its file.
    record.file.save(f"{record.name}.pdf", ContentFile(pdf), save=False)
    record.save()
    return record


def issue(
    case,
    cls: type[OfficialDocument],
    *,
    actor,
    issued_on: date,
    data: dict | None = None,
    transition: str = "",
    unit=None,
) -> Document:
    """Number, render and store one document of `case`. Must run in a transaction that
    holds the case's row lock."""
    unit = unit or case.lead_unit
    number = next_number(unit, cls, issued_on.year)
    # An official document is Chinese whatever language the issuing officer's pages are in.
    with translation.override("zh-hans"):
        document = cls(case, number=number, unit=unit, issued_on=issued_on, actor=actor, data=data)
        pdf = document.render()
        title = str(cls.title)
    return store(
        case,
        code=cls.code,
        title=title,
        number=number,
        unit=unit,
        pdf=pdf,
        actor=actor,
        transition=transition,
        public=cls.public,
    )


def issue_for_transition(ctx) -> dict:
    """Issue the documents the case's kind attaches to the transition being fired; returns
    what the transition's audit event records of them ({} when it issues none)."""
    specs = [d for d in getattr(ctx.case.spec, "documents", ()) if ctx.name in d.issued_by]
    if not specs:
        return {}
    issued = [
        issue(
            ctx.case,
            spec.document,
            actor=ctx.actor,
            issued_on=ctx.today,
            data=ctx.data,
            transition=ctx.name,
        )
        for spec in specs
    ]
    return {"documents": [{"name": d.name, "number": d.number, "sha256": d.sha256} for d in issued]}
