"""The case list at scale: a constant number of statements per page, and a scope (and its
count) that is exactly the per-case policy, on data from `manage.py bench_populate`."""

from __future__ import annotations

import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.kinds import get_kind
from casework.models import Case, CaseParticipant
from casework.policies import case_policy
from casework.selectors import case_list_for_user
from permissions.models import Membership, Role
from permissions.selectors import unit_for
from tests.factories import member, open_wage_case

pytestmark = pytest.mark.django_db


def first_page(user) -> tuple[int, dict]:
    """Statements run by `GET /api/v1/cases/` with the user's token, and the response body."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    return len(queries), response.json()


def open_cases(n: int) -> None:
    """Wage-arrears cases led by HR xuecheng; every third one with the police taking part
    and every fourth one assigned, so that the rows join every related table."""
    officer = member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")
    police = unit_for("police", "xuecheng")
    for i in range(n):
        case = open_wage_case()
        if i % 3 == 0:
            CaseParticipant.objects.create(case=case, unit=police, reason="joint")
        if i % 4 == 0:
            Case.objects.filter(pk=case.pk).update(assignee=officer)


@pytest.mark.parametrize("persona", ["city_viewer", "hrss_officer"])
def test_first_page_statements_do_not_grow_with_the_cases(request, persona):
    user = request.getfixturevalue(persona)
    open_cases(10)
    at_10, body = first_page(user)
    assert body["count"] == 10 and len(body["results"]) == 10
    open_cases(50)
    at_60, body = first_page(user)
    assert body["count"] == 60 and len(body["results"]) == 25
    assert at_60 == at_10
    # Token, seats, participations, count, page: nothing per row.
    assert at_60 <= 6


def test_police_officer_sees_through_participation_at_constant_cost(police_officer, org):
    open_cases(10)
    at_10, body = first_page(police_officer)
    assert body["count"] == 4  # cases 0, 3, 6, 9
    open_cases(50)
    at_60, body = first_page(police_officer)
    assert body["count"] == 4 + 17
    assert at_60 == at_10


@pytest.fixture
def mixed(org):
    """A generated city plus the exceptions the scope must get right: a task-force grant,
    a transferred case whose path is the new unit's, and users with several seats."""
    call_command("bench_populate", cases=400, users=260, force=True, seed=7, stdout=io.StringIO())
    rng = random.Random(3)
    cases = list(Case.objects.order_by("id"))
    User = get_user_model()

    outsider = User.objects.create_user("mixed.taskforce")
    member("mixed.taskforce", "housing", "yicheng", "officer")
    for case in rng.sample(cases, 3):
        assign_perm("casework.view_case", outsider, case)

    moved = next(c for c in cases if c.lead_department.code == "hrss")
    to_unit = unit_for(
        "hrss", "shanting" if "shanting" not in moved.jurisdiction_path else "gaoxin"
    )
    Case.objects.filter(pk=moved.pk).update(
        lead_unit=to_unit,
        lead_department=to_unit.department,
        jurisdiction_path=to_unit.jurisdiction_path,
    )

    nested = member("mixed.nested", "hrss", "city", "viewer")
    Membership.objects.create(user=nested, unit=unit_for("hrss", "xuecheng"), role=Role.OFFICER)
    two_departments = member("mixed.two", "police", "tengzhou", "officer")
    Membership.objects.create(
        user=two_departments, unit=unit_for("market", "shizhong"), role=Role.CLERK
    )
    two_districts = member("mixed.districts", "hrss", "yicheng", "clerk")
    Membership.objects.create(
        user=two_districts, unit=unit_for("hrss", "gaoxin"), role=Role.SUPERVISOR
    )
    User.objects.create_user("mixed.nobody")
    inactive = member("mixed.inactive", "hrss", "city", "viewer")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])

    generated = list(User.objects.filter(username__startswith="bench.").order_by("id"))
    users = rng.sample(generated, 30) + list(
        User.objects.filter(username__startswith="mixed.").order_by("id")
    )
    return users


def test_bench_populate_spreads_cases_over_kinds_units_and_statuses(mixed):
    cases = list(Case.objects.select_related("lead_unit__department", "jurisdiction"))
    assert len(cases) == 400
    assert len({c.kind for c in cases}) >= 4
    assert len({c.jurisdiction_id for c in cases}) == 8
    assert len({c.number for c in cases}) == len({c.tracking_number for c in cases}) == 400
    for case in cases:
        spec = get_kind(case.kind)
        assert case.lead_unit.department.code in spec.lead_departments
        assert case.lead_department_id == case.lead_unit.department_id
        assert case.status in {value for value, _label in spec.statuses.choices}
        assert (case.closed_at is not None) == (case.status in spec.final_states)
    assert CaseParticipant.objects.exists()
    # Every role of every unit is held by someone, so each benchmark persona exists.
    seats = set(Membership.objects.values_list("unit_id", "role"))
    assert len(seats) == 56 * 4
    assert get_user_model().objects.filter(username__startswith="bench.").count() == 260


def test_scope_and_count_are_exactly_the_per_case_policy(mixed):
    cases = list(Case.objects.all())
    seen_any = 0
    for user in mixed:
        user = get_user_model().objects.get(pk=user.pk)  # no cached seats or permissions
        expected = {c.pk for c in cases if case_policy.can(user, "view", c)}
        listed = case_list_for_user(user)
        assert set(listed.values_list("pk", flat=True)) == expected, user.username
        assert case_list_for_user(user).count() == len(expected), user.username
        wage = {c.pk for c in cases if c.pk in expected and c.kind == "wage_arrears"}
        assert case_list_for_user(user, filters={"kind": "wage_arrears"}).count() == len(wage)
        seen_any += bool(expected)
    assert seen_any > len(mixed) // 2
    nobody = get_user_model().objects.get(username="mixed.nobody")
    assert case_list_for_user(nobody).count() == 0
    inactive = get_user_model().objects.get(username="mixed.inactive")
    assert case_list_for_user(inactive).count() == 0


def test_bench_populate_refuses_without_debug_or_force(org):
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("bench_populate", cases=1, users=1)
    assert not Case.objects.exists()
