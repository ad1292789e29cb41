"""The role × department × jurisdiction matrix of the case policy.

Every user below is asked every question about every case, through `case_policy.can`,
`case_policy.scope` and `user.has_perm` (the auth backends); the three must agree with the
table and with each other.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm

from casework.actions import case_transition
from casework.errors import CaseNotFound
from casework.models import Case
from casework.policies import case_policy
from casework.selectors import case_get_for_user, case_list_for_user
from permissions.selectors import forget_org

from ..disputes.walk import TRANSITIONS, Actors, payload, walk_to
from ..factories import UserFactory, member, open_wage_case

ROLES = ("officer", "supervisor", "clerk", "viewer")
# Where each group of users sits: (department, jurisdiction).
LOCATIONS = {
    "lead": ("hrss", "xuecheng"),  # the lead unit of cases A, B, D
    "city": ("hrss", "city"),  # its ancestor
    "other": ("hrss", "shizhong"),  # another district: the lead unit of case C only
    "police": ("police", "xuecheng"),  # receives case B by transfer
    "market": ("market", "xuecheng"),  # another department, same district
}
CASES = ("A", "B", "C", "D")
# A: xuecheng, accepted (assigned to lead.officer), investigating.
# B: xuecheng, accepted by lead.officer and transferred to the xuecheng police.
# C: shizhong, submitted, unassigned.
# D: xuecheng, submitted, unassigned.
ASSIGNEE = {"A": "lead.officer", "B": "lead.officer", "C": None, "D": None}
LEAD_OF = {"A": "lead", "B": "lead", "C": "other", "D": "lead"}

WORKING = ("officer", "supervisor", "clerk")
VIEW = {
    "lead": {"A", "B", "D"},
    "city": {"A", "B", "C", "D"},
    "other": {"C"},
    "police": {"B"},
    "market": set(),
}


def expected(user_key: str, action: str, case_key: str) -> bool:
    """The table: what a user of `user_key` ("loc.role", or a special user) may do."""
    if user_key in ("superuser", "inactive"):
        return False
    if user_key == "taskforce":
        # Granted view_case on A only: sees it, acts on nothing.
        return action == "view" and case_key == "A"
    loc, role = user_key.split(".")
    role = "officer" if role == "officer2" else role
    visible = case_key in VIEW[loc]
    if action == "view":
        return visible
    if not visible:
        return False
    lead = LEAD_OF[case_key] == loc
    assignee = ASSIGNEE[case_key]
    if action == "handle":
        # Personal information is for the handling officer only, not supervisors.
        return assignee == user_key
    if action == "assign":
        return lead and role in ("supervisor", "clerk")
    if action == "claim":
        return lead and role == "officer" and assignee is None
    if action == "attach":
        participating = loc == "police" and case_key == "B"
        return (lead or participating) and role in WORKING
    name = action.split(":", 1)[1]
    needed = TRANSITIONS[name][2]
    if needed == "police":
        return loc == "police" and role == "officer" and case_key == "B"
    if not lead or role != needed:
        return False
    if needed == "officer":
        return assignee is None or assignee == user_key
    return True


ACTIONS = ["view", "handle", "assign", "claim", "attach"] + [f"transition:{n}" for n in TRANSITIONS]
USER_KEYS = [f"{loc}.{role}" for loc in LOCATIONS for role in ROLES] + [
    "lead.officer2",
    "taskforce",
    "superuser",
    "inactive",
]


@pytest.fixture
def world(org):
    """The users of the matrix and the four cases, put in their states by real transitions."""
    users = {}
    for loc, (dept, jur) in LOCATIONS.items():
        for role in ROLES:
            users[f"{loc}.{role}"] = member(f"{dept}.{role}.{jur}", dept, jur, role)
    users["lead.officer2"] = member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")
    users["taskforce"] = member("housing.officer.yicheng", "housing", "yicheng", "officer")
    users["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    inactive = member("hrss.officer.inactive", "hrss", "xuecheng", "officer")
    inactive.is_active = False
    inactive.save()
    users["inactive"] = inactive

    actors = Actors(users["lead.officer"], users["lead.supervisor"], users["police.officer"])
    cases = {
        "A": walk_to(open_wage_case(), "investigating", actors),
        "B": walk_to(open_wage_case(), "transferred", actors),
        "C": open_wage_case(jurisdiction="shizhong"),
        "D": open_wage_case(),
    }
    assign_perm("casework.view_case", users["taskforce"], cases["A"])
    # Fresh user objects: the per-user caches of seats and object permissions start empty.
    User = get_user_model()
    users = {k: User.objects.get(pk=u.pk) for k, u in users.items()}
    return users, {k: Case.objects.get(pk=c.pk) for k, c in cases.items()}


@pytest.mark.parametrize("user_key", USER_KEYS)
def test_can_matches_the_table(user_key, world):
    users, cases = world
    user = users[user_key]
    wrong = [
        (action, ck, case_policy.can(user, action, case))
        for ck, case in cases.items()
        for action in ACTIONS
        if case_policy.can(user, action, case) != expected(user_key, action, ck)
    ]
    assert wrong == []


@pytest.mark.parametrize("user_key", USER_KEYS)
def test_scope_has_perm_and_selectors_agree_with_can(user_key, world):
    users, cases = world
    user = users[user_key]
    visible = {ck for ck, case in cases.items() if case_policy.can(user, "view", case)}
    assert visible == {ck for ck in CASES if expected(user_key, "view", ck)}
    by_pk = {case.pk: ck for ck, case in cases.items()}
    scoped = case_policy.scope(user, "view", Case.objects.all())
    assert {by_pk[pk] for pk in scoped.values_list("pk", flat=True)} == visible
    listed = case_list_for_user(user)
    assert {by_pk[pk] for pk in listed.values_list("pk", flat=True)} == visible
    for ck, case in cases.items():
        plain = Case.objects.get(pk=case.pk)
        if user_key == "superuser":
            # Django answers has_perm for superusers before any backend; the case policy
            # (pages, API, selectors) still gives them no implicit access.
            assert user.has_perm("casework.view_case", plain)
            continue
        assert user.has_perm("casework.view_case", plain) == (ck in visible), ck
        assert user.has_perm("casework.view_case", plain.as_kind()) == (ck in visible), ck
        if ck in visible:
            assert case_get_for_user(user, case.pk).pk == case.pk
        else:
            with pytest.raises(CaseNotFound):
                case_get_for_user(user, case.pk)


def test_scope_and_can_agree_for_every_user_and_case(world):
    users, cases = world
    extra = {
        "E": open_wage_case(jurisdiction="tengzhou"),
        "F": open_wage_case(jurisdiction="xuecheng"),
    }
    all_cases = {**cases, **{k: Case.objects.get(pk=c.pk) for k, c in extra.items()}}
    for key, user in users.items():
        scoped = set(
            case_policy.scope(user, "view", Case.objects.all()).values_list("pk", flat=True)
        )
        for ck, case in all_cases.items():
            assert (case.pk in scoped) == case_policy.can(user, "view", case), (key, ck)


def test_police_see_a_case_only_after_its_transfer(world):
    users, cases = world
    case = cases["A"]
    police = users["police.officer"]
    other_police = member("police.officer.shizhong", "police", "shizhong", "officer")
    assert not case_policy.can(police, "view", case)
    assert not police.has_perm("casework.view_case", case)
    actors = Actors(users["lead.officer"], users["lead.supervisor"], police)
    case_transition(
        actor=actors.supervisor,
        case_id=case.pk,
        name="transfer_to_police",
        data=payload("transfer_to_police"),
    )
    case = Case.objects.get(pk=case.pk)
    for role in ROLES:
        user = get_user_model().objects.get(pk=users[f"police.{role}"].pk)
        assert case_policy.can(user, "view", case), role
        assert user.has_perm("casework.view_case", case), role
        assert case_list_for_user(user).filter(pk=case.pk).exists(), role
    assert not case_policy.can(other_police, "view", case)
    assert not other_police.has_perm("casework.view_case", case)
    fresh_police = get_user_model().objects.get(pk=police.pk)
    assert case_policy.can(fresh_police, "transition:police_accept", case)
    assert not case_policy.can(fresh_police, "transition:order_payment", case)


def test_task_force_grants_are_per_case_and_per_permission(world):
    users, cases = world
    tf = users["taskforce"]
    assert case_policy.can(tf, "view", cases["A"])
    assert not case_policy.can(tf, "view", cases["B"])
    assert not case_policy.can(tf, "handle", cases["A"])
    assert not case_policy.can(tf, "attach", cases["A"])
    assign_perm("casework.handle_case", tf, cases["A"])
    assign_perm("casework.act_case", tf, cases["A"])
    tf = get_user_model().objects.get(pk=tf.pk)
    assert case_policy.can(tf, "handle", cases["A"])
    assert case_policy.can(tf, "attach", cases["A"])
    # Object permissions never stand in for a role: no transition for a task-force member.
    assert not any(case_policy.can(tf, f"transition:{n}", cases["A"]) for n in TRANSITIONS)
    # handle_case on a case one cannot see grants nothing.
    assign_perm("casework.handle_case", tf, cases["B"])
    tf = get_user_model().objects.get(pk=tf.pk)
    assert not case_policy.can(tf, "handle", cases["B"])


def test_a_left_unit_takes_its_view_with_it(world):
    users, cases = world
    user = users["lead.clerk"]
    assert case_policy.can(user, "view", cases["A"])
    user.memberships.update(active=False)
    forget_org(user)
    assert not case_policy.can(user, "view", cases["A"])
    assert not case_policy.scope(user, "view", Case.objects.all()).exists()


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    _users, cases = world
    anon = AnonymousUser()
    assert not any(case_policy.can(anon, a, c) for a in ACTIONS for c in cases.values())
    assert not case_policy.scope(anon, "view", Case.objects.all()).exists()
    assert not anon.has_perm("casework.view_case", cases["A"])
