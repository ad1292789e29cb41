"""The market-rectification kind (docs/domain.md §4): every transition from its legal sources and
refused from all others, the payload guards, opening, who sees and acts, the clocks and the
market registry status the case decides. States are reached by walking real transitions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import available_transitions, case_open_internal
from casework.audit import verify_chain
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import get_kind
from casework.models import (
    AuditEvent,
    Case,
    CaseParticipant,
    LegalClock,
    Market,
    MarketStatusChange,
    Notification,
    TimelineEntry,
)
from casework.policies import case_policy
from casework.selectors import case_get_for_user, case_list_for_user
from enforcement.rectification.payloads import CHECKLIST_CODES
from tests.disputes.walk import snapshot
from tests.factories import member

from ..matrix import assert_refused
from .walk import (
    CHECKLIST,
    INSIDE,
    OUTSIDE,
    PREP,
    STATES,
    TRANSITIONS,
    Actors,
    attach_photo,
    deadline_passed,
    fire,
    make_market,
    open_body,
    open_rectification,
    payload,
    results,
    walk_to,
)

MARKET_VERB = "casework.market.status"
LEGAL = [(name, src) for name, (sources, _t, _r) in TRANSITIONS.items() for src in sources]
ILLEGAL = [
    (name, state)
    for name, (sources, _t, _r) in TRANSITIONS.items()
    for state in STATES
    if state not in sources
]


@pytest.fixture
def market(org):
    return make_market()


@pytest.fixture
def case(actors, market):
    return open_rectification(actors.officer, market)


def test_every_transition_of_the_kind_is_covered():
    spec = get_kind("market_rectification")
    assert set(spec.transition_names()) == set(TRANSITIONS)
    field = spec.model._meta.get_field("status")
    fsm: dict[str, set] = {}
    for t in field.get_all_transitions(spec.model):
        fsm.setdefault(t.name, set()).add((t.source, t.target))
    for name, (sources, target, _role) in TRANSITIONS.items():
        assert fsm[name] == {(s, target) for s in sources}, name
    assert spec.lead_departments == ("housing",)
    assert not spec.public and spec.open_serializer is not None
    assert set(STATES) == {
        "reported",
        "verified",
        "notice_issued",
        "reinspection",
        "rectified",
        "not_rectified",
        "penalty",
        "banned",
        "closure_pending",
        "closed",
    }


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_allowed_from_legal_source(name, source, case, actors):
    # Closing a verified case needs a clean site check; the market steps need their guard.
    case = walk_to(case, source, actors, passed=name == "propose_closure" and source == "verified")
    for step in PREP.get(name, []):
        fire(case.pk, step, actors)
    if name == "confirm_not_rectified":
        deadline_passed(case.pk)
    case = Case.objects.get(pk=case.pk)
    _sources, target, role = TRANSITIONS[name]
    actor = actors.for_role(role)
    assert name in available_transitions(actor, case)
    version = case.version
    last = AuditEvent.objects.order_by("-id").first().id

    fire(case.pk, name, actors)

    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == target and fresh.version == version + 1
    events = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
    own = [(e.verb, e.from_state, e.to_state, e.actor_id) for e in events if e.verb != MARKET_VERB]
    assert own == [(f"enforcement.market_rectification.{name}", source, target, actor.pk)]
    # Any other event is the registry's own status change, linked to this case.
    assert all(
        e.verb == MARKET_VERB and e.case_id == case.pk for e in events if e.verb != own[0][0]
    )
    assert TimelineEntry.objects.filter(case=case).order_by("-id").first().verb == name
    assert verify_chain().ok


@pytest.mark.parametrize(("name", "state"), ILLEGAL)
def test_refused_from_other_states(name, state, case, actors):
    case = walk_to(case, state, actors)
    assert_refused(
        case, name, actors.for_role(TRANSITIONS[name][2]), lambda: fire(case.pk, name, actors)
    )


# --- guards on the path --------------------------------------------------------------------


def test_notice_refused_and_closure_allowed_after_a_clean_site_check(case, actors):
    case = walk_to(case, "verified", actors, passed=True)
    before = snapshot(case)
    assert "issue_notice" not in available_transitions(actors.officer, case)
    with pytest.raises(Conflict):
        fire(case.pk, "issue_notice", actors)
    assert snapshot(case) == before
    assert available_transitions(actors.officer, case) == ["propose_closure"]


def test_closure_refused_after_a_site_check_with_findings(case, actors):
    case = walk_to(case, "verified", actors)
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "propose_closure", actors)
    assert snapshot(case) == before


def test_reinspection_outcome_must_match_the_results(case, actors):
    case = walk_to(case, "reinspection", actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "confirm_rectified", actors, payload("confirm_not_rectified"))
    assert "results" in exc.value.errors
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "confirm_not_rectified", actors, payload("confirm_rectified"))
    assert "results" in exc.value.errors
    assert snapshot(case) == before


def test_lead_cannot_penalise_once_referred_to_market_supervision(case, actors):
    case = walk_to(case, "not_rectified", actors)
    fire(case.pk, "refer_to_market", actors)
    case = Case.objects.get(pk=case.pk)
    assert "impose_penalty" not in available_transitions(actors.officer, case)
    with pytest.raises(Conflict):
        fire(case.pk, "impose_penalty", actors)
    with pytest.raises(Conflict):
        fire(case.pk, "refer_to_market", actors)
    # The ban stays open to the lead's supervisor, and ends the market procedure's clocks.
    fire(case.pk, "ban", actors)
    assert (
        not LegalClock.objects.filter(case=case, code__startswith="market_")
        .exclude(status="stopped")
        .exists()
    )


def test_market_steps_need_their_order(case, actors):
    case = walk_to(case, "not_rectified", actors)
    for name in ("market_file", "market_pause", "market_resume", "market_extend", "market_decide"):
        before = snapshot(case)
        assert name not in available_transitions(actors.for_role(TRANSITIONS[name][2]), case)
        with pytest.raises(Conflict):
            fire(case.pk, name, actors)
        assert snapshot(case) == before


@pytest.mark.parametrize("name", ["market_file", "market_decide", "market_pause"])
def test_the_lead_unit_cannot_fire_market_supervision_steps(name, case, actors):
    case = walk_to(case, "not_rectified", actors)
    for step in PREP[name]:
        fire(case.pk, step, actors)
    lead = Actors(actors.officer, actors.supervisor, actors.officer, actors.supervisor)
    before = snapshot(Case.objects.get(pk=case.pk))
    with pytest.raises(NotPermitted):
        fire(case.pk, name, lead)
    assert snapshot(Case.objects.get(pk=case.pk)) == before


def test_officer_cannot_ban(case, actors):
    officer_only = Actors(actors.officer, actors.officer, actors.officer, actors.officer)
    nr = walk_to(case, "not_rectified", actors)
    with pytest.raises(NotPermitted):
        fire(nr.pk, "ban", officer_only)


def test_officer_cannot_approve_closure(case, actors):
    officer_only = Actors(actors.officer, actors.officer, actors.officer, actors.officer)
    cp = walk_to(case, "closure_pending", actors)
    with pytest.raises(NotPermitted):
        fire(cp.pk, "approve_closure", officer_only)


# --- verification payload ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lon": OUTSIDE[0], "lat": OUTSIDE[1]}, "lon"),
        ({"lon": "abc"}, "lon"),
        ({"lat": None}, "lat"),
        ({"results": []}, "results"),
        ({"results": [{"item": "parking", "passed": True, "note": ""}]}, "results"),
        ({"results": [*results(), {"item": "fire_safety", "passed": True}]}, "results"),
        ({"results": [{"item": "parking", "passed": "maybe"}, *results()[1:]]}, "results"),
        ({"findings": ""}, "findings"),
        ({"photos": [999999]}, "photos"),
        ({"inspected_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "inspected_on"),
    ],
)
def test_bad_verification_is_400_naming_the_field(change, field, case, actors):
    before = snapshot(case)
    data = {**payload("verify"), **change}
    data = {k: v for k, v in data.items() if v is not None}
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "verify", actors, data)
    assert exc.value.status_code == 400 and field in exc.value.errors, exc.value.errors
    assert snapshot(case) == before


def test_verification_needs_a_site_photo(actors, market):
    case = open_rectification(actors.officer, market, with_photo=False)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "verify", actors)
    assert "photos" in exc.value.errors
    assert case.attachments.count() == 0
    photo_id = attach_photo(case, actors.officer)
    fire(case.pk, "verify", actors)
    case = Case.objects.get(pk=case.pk)
    v = case.details["verification"]
    assert v["photos"] == [photo_id]
    assert v["failed"] == ["road_clear"]
    assert (v["lon"], v["lat"]) == INSIDE
    assert [r["item"] for r in v["results"]] == CHECKLIST
    assert case.assignee_id == actors.officer.pk


def test_named_photos_must_be_images_of_this_case(case, actors, market):
    other = open_rectification(actors.officer, market)
    foreign = other.attachments.get().pk
    data = {**payload("verify"), "photos": [foreign]}
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "verify", actors, data)
    assert "photos" in exc.value.errors
    own = case.attachments.get().pk
    fire(case.pk, "verify", actors, {**payload("verify"), "photos": [own]})
    assert Case.objects.get(pk=case.pk).details["verification"]["photos"] == [own]


def test_notice_deadline_must_be_in_the_future(case, actors):
    case = walk_to(case, "verified", actors)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "issue_notice", actors, {**payload("issue_notice"), "deadline": "2020-01-01"})
    assert "deadline" in exc.value.errors


# --- opening -------------------------------------------------------------------------------


def test_housing_opens_with_hrss_and_market_as_participants(case, actors, market):
    assert case.kind == "market_rectification" and case.status == "reported"
    assert case.lead_unit.department.code == "housing"
    assert "-ZZ-" in case.number
    assert case.market_id == market.pk
    assert case.details["checklist"] == ["parking", "road_clear", "sanitation"]
    assert case.details["problem"] == "road_occupying"
    assert (case.details["lon"], case.details["lat"]) == INSIDE
    depts = set(
        CaseParticipant.objects.filter(case=case).values_list("unit__department__code", flat=True)
    )
    assert depts == {"hrss", "market"}
    clock = LegalClock.objects.get(case=case, code="verification")
    assert clock.due_date == workdays.add_working_days(timezone.localdate(), 3)


def test_coordinates_default_to_the_market(actors, market):
    case = open_rectification(actors.officer, market, lon=None, lat=None)
    assert (case.details["lon"], case.details["lat"]) == ("117.263000", "34.795000")


@pytest.mark.parametrize("fixture", ["hrss_officer", "police_officer", "market_officer"])
def test_other_departments_cannot_lead(fixture, request, market):
    user = request.getfixturevalue(fixture)
    count = Case.objects.count()
    with pytest.raises(NotPermitted) as exc:
        case_open_internal(actor=user, data=open_body(market))
    assert exc.value.status_code == 403
    assert Case.objects.count() == count


def test_housing_of_another_district_cannot_open_here(org, market):
    user = member("housing.officer.shizhong", "housing", "shizhong", "officer")
    with pytest.raises(NotPermitted):
        case_open_internal(actor=user, data=open_body(market))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"checklist": []}, "checklist"),
        ({"checklist": ["road_clear", "no_such_item"]}, "checklist"),
        ({"market": None}, "market"),
        ({"market": 999999}, "market"),
        ({"lon": OUTSIDE[0], "lat": OUTSIDE[1]}, "lon"),
        ({"lon": "200"}, "lon"),
        ({"lat": None}, "lat"),
        ({"problem": "noise"}, "problem"),
    ],
)
def test_bad_opening_input_is_400_naming_the_field(overrides, field, housing_officer, market):
    counts = (Case.objects.count(), AuditEvent.objects.count(), LegalClock.objects.count())
    body = {**open_body(market), **overrides}
    body = {k: v for k, v in body.items() if v is not None}
    with pytest.raises(InvalidInput) as exc:
        case_open_internal(actor=housing_officer, data=body)
    assert exc.value.status_code == 400
    assert field in exc.value.errors, exc.value.errors
    assert (Case.objects.count(), AuditEvent.objects.count(), LegalClock.objects.count()) == counts


def test_every_catalogue_item_can_be_checked(housing_officer, market):
    case = open_rectification(housing_officer, market, checklist=list(reversed(CHECKLIST_CODES)))
    assert case.details["checklist"] == CHECKLIST_CODES
    assert len(CHECKLIST_CODES) == 11


# --- visibility ----------------------------------------------------------------------------


def test_who_sees_and_acts(
    case, actors, hrss_officer, police_officer, other_district_officer, city_viewer
):
    housing_city_viewer = member("housing.viewer.city", "housing", "city", "viewer")
    other_housing = member("housing.officer.shizhong", "housing", "shizhong", "officer")
    seeing = [actors.officer, actors.supervisor, actors.market_officer, hrss_officer]
    for user in [*seeing, housing_city_viewer]:
        assert case_get_for_user(user, case.pk).pk == case.pk
        assert case.pk in set(case_list_for_user(user).values_list("pk", flat=True))
    # Participants see and add evidence but do not run the lead's steps.
    assert case_policy.can(hrss_officer, "attach", case)
    assert available_transitions(hrss_officer, case) == []
    assert available_transitions(actors.market_officer, case) == []
    assert available_transitions(housing_city_viewer, case) == []
    assert available_transitions(actors.officer, case) == ["verify"]
    # The city viewer of another department sees nothing of a housing-led case.
    for user in (police_officer, other_district_officer, other_housing, city_viewer):
        assert not case_policy.can(user, "view", case)
        with pytest.raises(CaseNotFound):
            case_get_for_user(user, case.pk)
        assert case.pk not in set(case_list_for_user(user).values_list("pk", flat=True))
        before = snapshot(case)
        with pytest.raises(CaseNotFound):
            fire(case.pk, "verify", Actors(user, user, user, user))
        assert snapshot(case) == before


def test_city_viewer_cannot_act(case, actors):
    viewer = member("housing.viewer.city", "housing", "city", "viewer")
    with pytest.raises(NotPermitted):
        fire(case.pk, "verify", Actors(viewer, viewer, viewer, viewer))


# --- clocks --------------------------------------------------------------------------------


def test_notice_and_reinspection_clocks(case, actors):
    today = timezone.localdate()
    case = walk_to(case, "notice_issued", actors)
    assert LegalClock.objects.get(case=case, code="verification").status == "stopped"
    rect = LegalClock.objects.get(case=case, code="rectification")
    assert rect.due_date == today + timedelta(days=10) and case.deadline == rect.due_date
    fire(case.pk, "schedule_reinspection", actors)
    case = Case.objects.get(pk=case.pk)
    assert LegalClock.objects.get(case=case, code="rectification").status == "stopped"
    re = LegalClock.objects.get(case=case, code="reinspection")
    assert re.due_date == workdays.add_working_days(today + timedelta(days=10), 5)
    walk = ["confirm_rectified", "propose_closure", "approve_closure"]
    for name in walk:
        fire(case.pk, name, actors)
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed" and case.closed_at is not None
    assert not LegalClock.objects.filter(case=case).exclude(status="stopped").exists()


def test_market_supervision_clocks_with_testing_excluded_and_extension(case, actors):
    today = timezone.localdate()
    case = walk_to(case, "not_rectified", actors)
    fire(case.pk, "refer_to_market", actors)
    filing = LegalClock.objects.get(case=case, code="market_filing")
    assert filing.day_unit == "working" and filing.days == 15
    assert filing.due_date == workdays.add_working_days(today, 15)
    assert Notification.objects.filter(
        case=case, user=actors.market_officer, type="transfer.received"
    ).exists()
    fire(case.pk, "market_extend", actors)
    filing.refresh_from_db()
    assert filing.extended and filing.due_date == workdays.add_working_days(today, 30)
    with pytest.raises(Conflict):
        fire(case.pk, "market_extend", actors)  # one extension only

    fire(case.pk, "market_file", actors)
    filing.refresh_from_db()
    assert filing.status == "stopped"
    penalty = LegalClock.objects.get(case=case, code="market_penalty")
    assert penalty.day_unit == "calendar" and penalty.days == 90
    assert penalty.due_date == workdays.add_days(today, 90, "calendar")

    fire(case.pk, "market_pause", actors)
    penalty.refresh_from_db()
    assert penalty.status == "paused"
    assert penalty.pauses.get().reason == "testing"
    fire(case.pk, "market_resume", actors)
    penalty.refresh_from_db()
    assert penalty.status == "running"
    # Paused and resumed the same day: the excluded time is counted as the clock's rule says.
    assert penalty.due_date == workdays.add_days(today, 90 + penalty.excluded_units, "calendar")
    fire(case.pk, "market_extend", actors)
    penalty.refresh_from_db()
    assert penalty.extended
    assert penalty.due_date == workdays.add_days(today, 120 + penalty.excluded_units, "calendar")

    fire(case.pk, "market_decide", actors)
    case = Case.objects.get(pk=case.pk)
    assert case.status == "penalty" and case.details["penalty"]["by"] == "market"
    assert (
        not LegalClock.objects.filter(case=case, code__startswith="market_")
        .exclude(status="stopped")
        .exists()
    )
    assert Market.objects.get(pk=case.market_id).status == "closed"


def test_closure_request_notifies_the_supervisor(case, actors):
    walk_to(case, "closure_pending", actors)
    assert Notification.objects.filter(
        case=case, user=actors.supervisor, type="approval.requested"
    ).exists()


# --- the market registry -------------------------------------------------------------------


def test_registry_status_follows_notice_and_rectification(case, actors, market):
    walk_to(case, "notice_issued", actors)
    assert Market.objects.get(pk=market.pk).status == "rectifying"
    walk_to_rest = ["schedule_reinspection", "confirm_rectified"]
    for name in walk_to_rest:
        fire(case.pk, name, actors)
    assert Market.objects.get(pk=market.pk).status == "registered"
    history = list(
        MarketStatusChange.objects.filter(market=market)
        .order_by("at", "id")
        .values_list("from_status", "to_status", "case_id")
    )
    assert history == [("registered", "rectifying", case.pk), ("rectifying", "registered", case.pk)]


def test_ban_bans_the_market_with_history_and_audit(case, actors, market):
    case = walk_to(case, "banned", actors)
    market.refresh_from_db()
    assert market.status == "banned"
    change = MarketStatusChange.objects.filter(market=market).order_by("-at", "-id").first()
    assert change.to_status == "banned" and change.case_id == case.pk
    assert change.actor_id == actors.supervisor.pk
    event = AuditEvent.objects.filter(verb=MARKET_VERB, case=case, to_state="banned").get()
    assert event.actor_id == actors.supervisor.pk
    assert case.details["ban"]["legal_basis"]


def test_penalty_may_close_the_market(case, actors, market):
    case = walk_to(case, "not_rectified", actors)
    fire(case.pk, "file_penalty", actors)
    fire(
        case.pk, "impose_penalty", actors, {**payload("impose_penalty"), "market_status": "closed"}
    )
    assert Market.objects.get(pk=market.pk).status == "closed"
    assert Case.objects.get(pk=case.pk).details["penalty"]["amount"] == "2000.00"


def test_penalty_keeping_the_market_under_rectification_changes_nothing_twice(case, actors, market):
    case = walk_to(case, "not_rectified", actors)
    n = MarketStatusChange.objects.filter(market=market).count()
    fire(case.pk, "file_penalty", actors)
    fire(case.pk, "impose_penalty", actors)
    assert Market.objects.get(pk=market.pk).status == "rectifying"
    assert MarketStatusChange.objects.filter(market=market).count() == n


def test_a_case_never_lifts_a_ban_and_logs_registry_changes(actors, market):
    first = walk_to(open_rectification(actors.officer, market), "banned", actors)
    assert TimelineEntry.objects.filter(case=first, verb="market_status").count() == 2
    second = walk_to(open_rectification(actors.officer, market), "notice_issued", actors)
    fire(second.pk, "schedule_reinspection", actors)
    deadline_passed(second.pk)
    fire(second.pk, "confirm_not_rectified", actors)
    fire(second.pk, "file_penalty", actors)
    fire(
        second.pk,
        "impose_penalty",
        actors,
        {**payload("impose_penalty"), "market_status": "closed"},
    )
    assert Market.objects.get(pk=market.pk).status == "banned"
    assert not MarketStatusChange.objects.filter(case=second).exists()
    assert not TimelineEntry.objects.filter(case=second, verb="market_status").exists()
