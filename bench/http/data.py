"""The benchmark's data: the demo city and generated cases, the officers who log in, and
wage-arrears cases built through the actions to a given size."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

PASSWORD = "bench-http-password"
USER_PREFIX = "http.officer."
SEARCH_TERM = "建筑"  # an employer-name fragment

VALID_ID = "11010519491231002X"
VALID_CREDIT_CODE = "91350100M000100Y43"
VALID_PHONE = "13812345678"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

SMALL = {"workers": 2, "attachments": 2, "payments": 1, "notes": 0, "participants": 0}
LARGE = {"workers": 40, "attachments": 50, "payments": 150, "notes": 0, "participants": 6}
# A large case not yet accepted: its timeline is filled with officers' notes instead.
LARGE_SUBMITTED = {**LARGE, "payments": 0, "notes": 150}


def seed(demo_cases: int, extra_cases: int) -> None:
    """The demo city (users, markets, employers, `demo_cases` cases of every kind in
    various states) and `extra_cases` generated ones, so that the list and the search read
    a table of a city's size."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", force=True, cases=demo_cases, stdout=io.StringIO())
    if extra_cases:
        call_command(
            "bench_populate", cases=extra_cases, users=200, force=True, stdout=io.StringIO()
        )


def officers(n: int) -> list:
    """`n` HR officers of Xuecheng, each with the benchmark's password."""
    from django.contrib.auth import get_user_model

    from permissions.models import Membership, Role
    from permissions.selectors import unit_for

    unit = unit_for("hrss", "xuecheng")
    users = []
    for i in range(n):
        user = get_user_model().objects.create_user(f"{USER_PREFIX}{i:02d}", password=PASSWORD)
        Membership.objects.create(user=user, unit=unit, role=Role.OFFICER)
        users.append(user)
    return users


def open_case(workers: int = 1) -> int:
    """A public wage-arrears complaint in Xuecheng with a complainant and `workers - 1` more
    workers; its id."""
    from casework.actions import EmployerInput, PartyInput, case_open
    from casework.models import PartyRole
    from permissions.models import Jurisdiction

    parties = [
        PartyInput(name="张三", id_number=VALID_ID, phone=VALID_PHONE, amount_owed=Decimal("5000"))
    ]
    parties += [
        PartyInput(name=f"工友{i:02d}", role=PartyRole.WORKER, amount_owed=Decimal("3000"))
        for i in range(1, workers)
    ]
    case, _code = case_open(
        actor=None,
        kind="wage_arrears",
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        description="工地干活两个月，工资一直未结清。",
        employer=EmployerInput(name="枣庄某建筑劳务有限公司", credit_code=VALID_CREDIT_CODE),
        parties=parties,
        workers_count=workers,
        amount_owed=Decimal("5000") + Decimal("3000") * (workers - 1),
    )
    return case.pk


def build_case(
    officer,
    *,
    workers: int,
    attachments: int,
    payments: int,
    notes: int,
    participants: int,
    accepted: bool = True,
) -> int:
    """A case handled by `officer`, grown through the actions where one exists: evidence
    files, and once accepted a payment order and `payments` payments; the officers' notes
    and the participating units are written as rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from casework.actions import case_attach, case_transition
    from casework.models import Case, CaseParticipant, TimelineEntry
    from permissions.models import Unit

    case_id = open_case(workers)
    # Dispatched to the officer before acceptance, as a clerk would.
    Case.objects.filter(pk=case_id).update(assignee=officer)
    for i in range(attachments):
        upload = SimpleUploadedFile(f"证据{i:02d}.pdf", PDF + f"% {case_id}-{i}\n".encode())
        case_attach(actor=officer, case_id=case_id, upload=upload, description="欠条")
    now = timezone.now()
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            case_id=case_id, at=now, actor=officer, verb="note", text=f"调查笔记 {i}", comment="…"
        )
        for i in range(notes)
    )
    units = Unit.objects.filter(jurisdiction__code="xuecheng").exclude(department__code="hrss")
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case_id=case_id, unit=unit, reason="joint")
        for unit in units.order_by("id")[:participants]
    )
    if accepted:
        today = timezone.localdate()
        case_transition(actor=officer, case_id=case_id, name="accept", data={"comment": "受理"})
        case_transition(
            actor=officer,
            case_id=case_id,
            name="order_payment",
            data={
                "comment": "责令支付",
                "due_date": (today + timedelta(days=15)).isoformat(),
                "amount": "5000",
            },
        )
        for _ in range(payments):
            record_payment(officer, case_id)
    return case_id


def record_payment(officer, case_id: int) -> None:
    from django.utils import timezone

    from casework.actions import case_transition

    case_transition(
        actor=officer,
        case_id=case_id,
        name="record_payment",
        data={"comment": "", "amount": "30", "paid_on": timezone.localdate().isoformat()},
    )


def describe(case_id: int) -> str:
    from casework.models import Case

    case = Case.objects.get(pk=case_id)
    return (
        f"{case.parties.count()} parties, {case.timeline.count()} timeline entries, "
        f"{case.attachments.count()} files, {case.payments.count()} payments, "
        f"{case.participants.count()} participating units"
    )
