"""Opening cases: gap-free numbers, tracking number and access code, employer resolution."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.actions import EmployerInput, PartyInput, case_open, check_access_code
from casework.actions.intake import access_code_hash
from casework.errors import InvalidInput, NotPermitted
from casework.models import (
    AuditEvent,
    Case,
    CaseParty,
    CaseSequence,
    Employer,
    LegalClock,
    Notification,
    Person,
    TimelineEntry,
)
from casework.selectors import case_by_tracking
from permissions.models import Jurisdiction

from ..factories import VALID_CREDIT_CODE, VALID_ID, VALID_PHONE, open_wage_case


def _year() -> int:
    return timezone.localdate().year


def _rows() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (Case, CaseParty, Person, Employer, AuditEvent, TimelineEntry, Notification,
                  LegalClock)
    }  # fmt: skip


def test_numbers_follow_the_pattern_per_jurisdiction_and_year(org):
    year = _year()
    a = open_wage_case()
    b = open_wage_case()
    c = open_wage_case(jurisdiction="shizhong")
    assert a.number == f"xuecheng-QX-{year}-0001"
    assert b.number == f"xuecheng-QX-{year}-0002"
    assert c.number == f"shizhong-QX-{year}-0001"
    assert re.fullmatch(r"[a-z]+-QX-\d{4}-\d{4}", a.number)
    seq = CaseSequence.objects.get(jurisdiction__code="xuecheng", kind_code="QX", year=year)
    assert seq.last == 2


def test_a_failed_intake_leaves_no_gap(org):
    year = _year()
    first = open_wage_case()
    before = _rows()
    # The number is drawn, the case row written, then a party fails to save.
    with pytest.raises(ValidationError) as exc:
        case_open(
            actor=None,
            kind="wage_arrears",
            jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
            description="第二份投诉",
            employer=EmployerInput(name="某新公司", credit_code=""),
            parties=[PartyInput(name="王五", id_number=VALID_ID, amount_owed="很多")],
        )
    assert "很多" in str(exc.value)
    assert _rows() == before
    assert not Employer.objects.filter(name="某新公司").exists()
    assert CaseSequence.objects.get(jurisdiction__code="xuecheng", year=year).last == 1
    second = open_wage_case()
    assert first.number == f"xuecheng-QX-{year}-0001"
    assert second.number == f"xuecheng-QX-{year}-0002"


def test_an_unknown_kind_draws_no_number(org):
    with pytest.raises(InvalidInput) as exc:
        case_open(
            actor=None,
            kind="parking_ticket",
            jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
            description="x",
        )
    assert "kind" in exc.value.errors
    assert not CaseSequence.objects.exists()


def test_an_officer_opens_only_for_a_unit_they_work_in(org, hrss_officer, market_officer):
    jur = Jurisdiction.objects.get(code="xuecheng")
    case, _code = case_open(actor=hrss_officer, kind="wage_arrears", jurisdiction=jur,
                            description="现场发现欠薪")  # fmt: skip
    assert case.lead_unit.department.code == "hrss"
    assert AuditEvent.objects.get(case=case).actor_id == hrss_officer.pk
    before = _rows()
    with pytest.raises(NotPermitted):
        case_open(actor=market_officer, kind="wage_arrears", jurisdiction=jur, description="x")
    with pytest.raises(NotPermitted):
        case_open(
            actor=hrss_officer,
            kind="wage_arrears",
            jurisdiction=Jurisdiction.objects.get(code="shizhong"),
            description="x",
        )
    assert _rows() == before
    assert CaseSequence.objects.get(jurisdiction=jur).last == 1


def test_tracking_number_and_access_code(org):
    case = open_wage_case()
    code = case.access_code
    assert re.fullmatch(r"GC[A-HJ-NP-Z2-9]{10}", case.tracking_number)
    assert re.fullmatch(r"\d{8}", code)
    stored = Case.objects.get(pk=case.pk)
    # Only a keyed hash of the code is stored, never the code.
    assert stored.access_code_hash == access_code_hash(case.tracking_number, code)
    assert code not in stored.access_code_hash
    assert len(stored.access_code_hash) == 64
    assert check_access_code(stored, code)
    assert not check_access_code(stored, "00000000" if code != "00000000" else "11111111")
    assert not check_access_code(stored, "")
    assert not check_access_code(stored, None)
    # The code is bound to its tracking number.
    other = open_wage_case()
    assert access_code_hash(other.tracking_number, code) != stored.access_code_hash
    assert case_by_tracking(case.tracking_number.lower()).pk == case.pk
    assert case_by_tracking(f" {case.tracking_number} ").pk == case.pk
    assert case_by_tracking("GCNOSUCHCASE") is None


def test_a_case_without_a_hash_never_matches(org):
    case = open_wage_case()
    Case.objects.filter(pk=case.pk).update(access_code_hash="")
    assert not check_access_code(Case.objects.get(pk=case.pk), case.access_code)


def test_employer_is_resolved_by_credit_code_across_cases(org):
    a = open_wage_case(employer="枣庄某建筑劳务有限公司", credit_code=VALID_CREDIT_CODE)
    b = open_wage_case(
        jurisdiction="shizhong", employer="枣庄某建筑劳务公司（简称）",
        credit_code=f" {VALID_CREDIT_CODE.lower()} ",
    )  # fmt: skip
    assert a.employer_id == b.employer_id
    employer = Employer.objects.get(pk=a.employer_id)
    assert employer.credit_code == VALID_CREDIT_CODE
    assert employer.name == "枣庄某建筑劳务有限公司"  # the first name given is kept
    assert set(employer.cases.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert Employer.objects.filter(credit_code=VALID_CREDIT_CODE).count() == 1


def test_employer_without_credit_code_is_matched_by_exact_name(org):
    a = open_wage_case(employer="包工头老李", credit_code="")
    b = open_wage_case(employer=" 包工头老李 ", credit_code="")
    c = open_wage_case(employer="包工头老王", credit_code="")
    assert a.employer_id == b.employer_id != c.employer_id
    assert Employer.objects.get(pk=a.employer_id).credit_code is None
    # A name alone never captures an employer known by its credit code.
    d = open_wage_case(employer="枣庄某建筑劳务有限公司", credit_code=VALID_CREDIT_CODE)
    e = open_wage_case(employer="枣庄某建筑劳务有限公司", credit_code="")
    assert d.employer_id != e.employer_id


def test_opening_writes_parties_clock_audit_timeline_and_queue(org, hrss_officer, hrss_clerk):
    case = open_wage_case(amount="3200.50")
    party = CaseParty.objects.select_related("person").get(case=case)
    assert party.role == "complainant" and party.amount_owed == Decimal("3200.50")
    assert (party.person.id_number, party.person.phone) == (VALID_ID, VALID_PHONE)
    assert case.status == "submitted" and case.assignee is None
    acceptance = LegalClock.objects.get(case=case)
    assert acceptance.code == "acceptance" and acceptance.days == 5
    assert Case.objects.get(pk=case.pk).deadline == acceptance.due_date
    opened = AuditEvent.objects.get(case=case)
    assert opened.verb == "disputes.wage_arrears.opened"
    assert opened.payload["number"] == case.number and opened.payload["public"] is True
    assert opened.actor is None and opened.to_state == "submitted"
    entry = TimelineEntry.objects.get(case=case)
    assert entry.public_text == "投诉已提交，等待受理"
    told = set(Notification.objects.filter(case=case).values_list("user__username", "type"))
    assert told == {(hrss_officer.username, "queue.new"), (hrss_clerk.username, "queue.new")}
