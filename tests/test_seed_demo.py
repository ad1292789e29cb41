"""`manage.py seed_demo`: the demo world, walked through the real actions, and idempotent."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.module_loading import import_string

from casework.audit import verify_chain
from casework.clocks import binding_deadline
from casework.kinds import get_kind
from casework.models import (
    FACILITIES,
    AuditEvent,
    Case,
    ClockStatus,
    Employer,
    LegalClock,
    Market,
    Notification,
    Payment,
    Person,
    TimelineEntry,
)
from casework.validators import validate_credit_code, validate_id_number, validate_phone
from disputes.wage_arrears import demo as wage_demo
from permissions.models import Department, Jurisdiction, Membership, Role

# Zaozhuang's extent (WGS 84), with a little margin.
LON = (Decimal("116.80"), Decimal("117.85"))
LAT = (Decimal("34.40"), Decimal("35.35"))
CYCLE = len(wage_demo.CYCLE)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed("--cases", str(CYCLE))


def test_every_unit_has_named_demo_users_who_can_sign_in(seeded):
    User = get_user_model()
    departments = list(Department.objects.values_list("code", flat=True))
    jurisdictions = list(Jurisdiction.objects.values_list("code", "depth"))
    assert len(departments) == 7 and len(jurisdictions) == 8
    for dept in departments:
        for jur, _depth in jurisdictions:
            for role in Role.values:
                username = f"{dept}.{role}.{jur}"
                assert Membership.objects.filter(
                    user__username=username,
                    unit__department__code=dept,
                    unit__jurisdiction__code=jur,
                    role=role,
                    active=True,
                ).exists(), username
    second = [f"hrss.officer2.{jur}" for jur, depth in jurisdictions if depth > 0]
    assert Membership.objects.filter(user__username__in=second, role="officer").count() == 7
    assert User.objects.count() == 7 * 8 * 4 + 7 + 1

    for username in (
        "hrss.officer.xuecheng",
        "hrss.supervisor.xuecheng",
        "police.officer.xuecheng",
        "housing.officer.shizhong",
        "market.officer.tengzhou",
        "hrss.viewer.city",
        "hrss.officer2.gaoxin",
    ):
        assert authenticate(username=username, password="gigcase-demo") is not None, username
    assert authenticate(username="hrss.officer.xuecheng", password="wrong") is None
    admin = authenticate(username="admin", password="gigcase-demo")
    assert admin is not None and admin.is_superuser and admin.is_staff
    assert not User.objects.exclude(username="admin").filter(is_staff=True).exists()


def test_markets_and_employers_are_plausible_and_valid(seeded):
    markets = list(Market.objects.select_related("jurisdiction"))
    assert len(markets) >= 40
    assert {m.kind for m in markets} == {"public_welfare", "commercial", "informal"}
    assert {"registered", "rectifying", "banned"} <= {m.status for m in markets}
    facility_keys = {key for key, _ in FACILITIES}
    for m in markets:
        assert LON[0] < m.lon < LON[1] and LAT[0] < m.lat < LAT[1], m.name
        seat = m.jurisdiction
        assert abs(m.lon - seat.lon) <= Decimal("0.05") and abs(m.lat - seat.lat) <= Decimal("0.05")
        assert set(m.facilities) <= facility_keys and m.opening_hours
    assert len({m.jurisdiction.code for m in markets}) == 7

    employers = list(Employer.objects.all())
    assert len(employers) >= 40
    coded = [e for e in employers if e.credit_code]
    assert len(coded) >= 30 and len(employers) - len(coded) >= 3  # 包工头 have no code
    for e in coded:
        validate_credit_code(e.credit_code)
        assert e.credit_code[2:6] == "3704", e.credit_code
    assert Employer.objects.filter(dishonest=True).exists()


def test_cases_reach_many_states_through_the_real_actions(seeded):
    cases = list(Case.objects.filter(kind="wage_arrears"))
    assert len(cases) == CYCLE
    statuses = Counter(c.status for c in cases)
    assert len(statuses) >= 6, statuses
    assert {"submitted", "investigating", "ordered", "transferred", "closed", "rejected"} <= set(
        statuses
    )
    assert Payment.objects.exists()
    assert Case.objects.filter(details__feedback__satisfied=True).exists()
    assert Case.objects.filter(details__has_key="reopened_on").exists()
    assert Case.objects.filter(priority="high", workers_count__gte=10).exists() or (
        Case.objects.filter(priority="high", amount_owed__gte=100000).exists()
    )

    # Every step is one action: one audit record and one timeline entry each.
    chain = verify_chain()
    assert chain.ok, chain
    audit = dict(AuditEvent.objects.exclude(case=None).values_list("case").annotate(n=Count("id")))
    timeline = dict(TimelineEntry.objects.values_list("case").annotate(n=Count("id")))
    assert audit == timeline
    assert Notification.objects.filter(case__isnull=False).exists()

    assert Person.objects.exists()
    for person in Person.objects.all():
        validate_id_number(person.id_number)
        validate_phone(person.phone)
        assert person.id_number.startswith("3704")


def test_cases_are_moved_into_the_past_consistently(seeded):
    now = timezone.now()
    today = timezone.localdate()
    assert Case.objects.exists() and Payment.objects.exists()
    for case in Case.objects.all():
        entries = list(case.timeline.order_by("id"))
        times = [e.at for e in entries]
        assert times == sorted(times) and times[-1] <= now, case.number
        assert entries[0].at == case.submitted_at
        assert case.submitted_at.year == today.year  # the number carries the year
        assert case.deadline == binding_deadline(case)
        if case.status in case.spec.final_states:
            assert case.deadline is None
        first_clock = LegalClock.objects.filter(case=case).aggregate(d=Min("start_date"))["d"]
        if first_clock is not None or case.kind in ("wage_arrears", "discrimination"):
            # A clock starts with an event of the case's own timeline: the complaint, or a
            # later step such as an incident's 受案 (whose clock runs from acceptance).
            assert first_clock in {timezone.localdate(e.at) for e in entries}, case.number
        for payment in case.payments.all():
            assert timezone.localdate(case.submitted_at) <= payment.paid_on <= today

    # Old enough that the first cases of the year lie weeks back, unless the year is new.
    oldest = Case.objects.aggregate(d=Min("submitted_at"))["d"]
    year_age = (today - date(today.year, 1, 1)).days
    assert (today - timezone.localdate(oldest)).days >= min(year_age, 60)
    if year_age >= 60:
        running = LegalClock.objects.filter(status=ClockStatus.RUNNING)
        assert running.filter(due_date__lt=today).exists()  # overdue
        assert running.filter(due_date__gte=today).exists()


def test_a_second_run_changes_nothing(db):
    seed("--cases", "10")

    def snapshot():
        return {
            model.__name__: list(model.objects.order_by("pk").values())
            for model in (Case, TimelineEntry, LegalClock, Payment, Market, Employer, Person)
        } | {
            "users": list(get_user_model().objects.order_by("pk").values("username", "password")),
            "memberships": Membership.objects.count(),
            "audit": AuditEvent.objects.count(),
            "notifications": Notification.objects.count(),
        }

    before = snapshot()
    out = seed("--cases", "10")
    assert snapshot() == before
    assert "wage_arrears: created 0 cases" in out
    assert verify_chain().ok


def test_more_cases_later_extends_the_same_cases(db):
    seed("--cases", "4")
    wage = Case.objects.filter(kind="wage_arrears").order_by("pk")
    first = list(wage.values_list("details__demo_key", "employer__name"))
    seed("--cases", "6")
    again = list(wage.values_list("details__demo_key", "employer__name"))
    assert again[:4] == first and len(again) == 6


def test_refuses_without_force_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", "--cases", "0", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
    assert not Jurisdiction.objects.exists()


def test_runs_without_force_when_debug_is_on(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--cases", "0", stdout=out)
    assert "demo data ready" in out.getvalue()
    assert get_user_model().objects.filter(username="hrss.officer.xuecheng").exists()
    assert not Case.objects.exists()


def test_wage_arrears_registers_its_demo_hook():
    assert import_string(get_kind("wage_arrears").demo) is wage_demo.seed


def test_a_demo_task_force_shares_a_wage_case_with_police_and_market(seeded):
    from casework.policies import case_policy
    from rooms.models import RoomMessage, TaskForceMember

    members = list(TaskForceMember.objects.select_related("user", "case"))
    assert sorted(m.user.username for m in members) == [
        "market.officer.xuecheng",
        "police.officer.xuecheng",
    ]
    case = members[0].case
    assert case.kind == "wage_arrears" and case.jurisdiction.code == "xuecheng"
    assert case.closed_at is None
    assert "task force: created 2" in seeded
    for member in members:
        assert case_policy.can(member.user, "view", case)
        assert case_policy.can(member.user, "post_room", case)
    authors = list(RoomMessage.objects.filter(case=case).values_list("author__username", flat=True))
    assert authors == [
        "hrss.officer.xuecheng",
        "police.officer.xuecheng",
        "market.officer.xuecheng",
    ]
    assert "task force: created 0" in seed("--cases", str(CYCLE))
    assert TaskForceMember.objects.count() == 2 and RoomMessage.objects.count() == 3
