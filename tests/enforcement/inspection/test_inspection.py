"""The inspection kind (docs/domain.md §6): every transition from its legal sources and refused
from all others, the results guards, who may open and see an inspection, and its clocks.
States are reached by walking real transitions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import available_transitions, case_open_internal
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.kinds import get_kind
from casework.models import AuditEvent, Case, LegalClock, Notification
from casework.policies import case_policy
from casework.selectors import case_get_for_user, case_list_for_user
from enforcement.inspection.payloads import CHECKLIST_CODES
from enforcement.site_checks import REINSPECTION_WORKING_DAYS
from tests.disputes.walk import snapshot
from tests.factories import member

from ..matrix import assert_fires, assert_refused
from ..security_incident.walk import Actors
from .walk import (
    CHECKLIST,
    STATES,
    TRANSITIONS,
    fire,
    make_market,
    open_body,
    open_inspection,
    payload,
    results,
    walk_to,
)

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
def actors(hrss_officer, hrss_supervisor) -> Actors:
    return Actors(officer=hrss_officer, supervisor=hrss_supervisor, parent=hrss_supervisor)


@pytest.fixture
def inspection(actors, market):
    return open_inspection(actors.officer, market)


def test_every_transition_of_the_kind_is_covered():
    spec = get_kind("inspection")
    assert set(spec.transition_names()) == set(TRANSITIONS)
    field = spec.model._meta.get_field("status")
    fsm: dict[str, set] = {}
    for t in field.get_all_transitions(spec.model):
        fsm.setdefault(t.name, set()).add((t.source, t.target))
    for name, (sources, target, _role) in TRANSITIONS.items():
        assert fsm[name] == {(s, target) for s in sources}, name
    assert spec.lead_departments == ("hrss", "health")
    assert not spec.public and spec.open_serializer is not None


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_allowed_from_legal_source(name, source, inspection, actors):
    # approve_closure needs an all-pass round; require_rectification a failed one.
    case = walk_to(inspection, source, actors, passed=name == "approve_closure")
    _sources, target, role = TRANSITIONS[name]
    assert_fires(
        case,
        name,
        source,
        target,
        actors.for_role(role),
        f"enforcement.inspection.{name}",
        lambda: fire(case.pk, name, actors),
    )


@pytest.mark.parametrize(("name", "state"), ILLEGAL)
def test_refused_from_other_states(name, state, inspection, actors):
    case = walk_to(inspection, state, actors)
    assert_refused(
        case, name, actors.for_role(TRANSITIONS[name][2]), lambda: fire(case.pk, name, actors)
    )


def test_closure_refused_while_the_latest_round_has_findings(inspection, actors):
    case = walk_to(inspection, "inspected", actors)
    before = snapshot(case)
    assert "approve_closure" not in available_transitions(actors.supervisor, case)
    with pytest.raises(Conflict):
        fire(case.pk, "approve_closure", actors)
    assert snapshot(case) == before


def test_rectification_refused_when_everything_passed(inspection, actors):
    case = walk_to(inspection, "inspected", actors, passed=True)
    before = snapshot(case)
    assert available_transitions(actors.officer, case) == []
    assert available_transitions(actors.supervisor, case) == ["approve_closure"]
    with pytest.raises(Conflict):
        fire(case.pk, "require_rectification", actors)
    assert snapshot(case) == before


def test_failed_reinspection_leads_to_a_new_rectification_deadline(inspection, actors):
    case = walk_to(inspection, "reinspection", actors)
    data = payload("record_reinspection")
    data["results"] = results(failing=("toilets",))
    fire(case.pk, "record_reinspection", actors, data)
    case = Case.objects.get(pk=case.pk)
    assert case.status == "inspected"
    assert [r["failed"] for r in case.details["rounds"]] == [["fire_exit"], ["toilets"]]
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    fire(case.pk, "require_rectification", actors, {"deadline": later, "requirements": "保洁"})
    case = Case.objects.get(pk=case.pk)
    assert case.status == "rectification_required"
    assert [o["deadline"] for o in case.details["rectifications"]][-1] == later
    assert case.details["rectifications"][-1]["items"] == ["toilets"]
    running = LegalClock.objects.get(case=case, code="rectification", status="running")
    assert running.due_date.isoformat() == later


def test_results_are_recorded_in_checklist_order(inspection, actors):
    data = payload("record_inspection")
    data["results"] = list(reversed(data["results"]))
    fire(inspection.pk, "record_inspection", actors, data)
    case = Case.objects.get(pk=inspection.pk)
    (round_,) = case.details["rounds"]
    assert [r["item"] for r in round_["results"]] == CHECKLIST
    assert round_["failed"] == ["fire_exit"] and round_["kind"] == "inspection"
    assert case.assignee_id == actors.officer.pk


@pytest.mark.parametrize(
    ("results_", "why"),
    [
        ([{"item": "shelter", "passed": True, "note": ""}], "missing items"),
        ([*results(), {"item": "waste", "passed": True, "note": ""}], "not on the checklist"),
        ([*results(), results()[0]], "duplicate"),
        ([{"item": "shelter", "passed": "maybe"}, *results()[1:]], "bad verdict"),
        ([], "empty"),
    ],
)
def test_bad_results_are_400_naming_results(results_, why, inspection, actors):
    before = snapshot(inspection)
    data = {"inspected_on": timezone.localdate().isoformat(), "results": results_}
    with pytest.raises(InvalidInput) as exc:
        fire(inspection.pk, "record_inspection", actors, data)
    assert exc.value.status_code == 400 and "results" in exc.value.errors, why
    assert snapshot(inspection) == before


def test_inspection_date_in_the_future_is_400(inspection, actors):
    before = snapshot(inspection)
    data = payload("record_inspection")
    data["inspected_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(InvalidInput) as exc:
        fire(inspection.pk, "record_inspection", actors, data)
    assert "inspected_on" in exc.value.errors
    assert snapshot(inspection) == before


def test_results_as_text_lines_are_accepted(inspection, actors):
    data = {
        "inspected_on": timezone.localdate().isoformat(),
        "results": ["shelter:合格", "fire_exit：不合格：通道堆放杂物", "toilets:pass"],
    }
    fire(inspection.pk, "record_inspection", actors, data)
    (round_,) = Case.objects.get(pk=inspection.pk).details["rounds"]
    assert round_["failed"] == ["fire_exit"]
    assert round_["results"][1]["note"] == "通道堆放杂物"


def test_officer_cannot_approve_closure(inspection, actors):
    case = walk_to(inspection, "inspected", actors, passed=True)
    with pytest.raises(NotPermitted):
        fire(case.pk, "approve_closure", Actors(actors.officer, actors.officer, actors.officer))


# --- opening -------------------------------------------------------------------------------


@pytest.mark.parametrize("dept", ["hrss", "health"])
def test_both_lead_departments_open_inspections(dept, market):
    officer = member(f"{dept}.officer.xuecheng", dept, "xuecheng", "officer")
    case = open_inspection(officer, market)
    assert case.kind == "inspection" and case.status == "scheduled"
    assert case.lead_unit.department.code == dept
    assert case.market_id == market.pk
    assert case.details["checklist"] == ["shelter", "fire_exit", "toilets"]
    assert case.details["mode"] == "scheduled"
    assert "JC" in case.number


def test_market_supervision_officer_cannot_open(market_officer, market):
    count = Case.objects.count()
    with pytest.raises(NotPermitted) as exc:
        open_inspection(market_officer, market)
    assert exc.value.status_code == 403
    assert Case.objects.count() == count


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"checklist": []}, "checklist"),
        ({"checklist": ["shelter", "no_such_item"]}, "checklist"),
        ({"market": None}, "market"),
        ({"market": 999999}, "market"),
        ({"scheduled_for": "2020-01-01"}, "scheduled_for"),
        ({"scheduled_for": None}, "scheduled_for"),
        ({"mode": "sometimes"}, "mode"),
    ],
)
def test_bad_opening_input_is_400_naming_the_field(overrides, field, hrss_officer, market):
    counts = (Case.objects.count(), AuditEvent.objects.count(), LegalClock.objects.count())
    body = {**open_body(market), **overrides}
    body = {k: v for k, v in body.items() if v is not None}
    with pytest.raises(InvalidInput) as exc:
        case_open_internal(actor=hrss_officer, data=body)
    assert exc.value.status_code == 400
    assert field in exc.value.errors, exc.value.errors
    assert (Case.objects.count(), AuditEvent.objects.count(), LegalClock.objects.count()) == counts


def test_ad_hoc_inspection_needs_no_date_and_is_due_today(hrss_officer, market):
    case = open_inspection(hrss_officer, market, mode="ad_hoc", scheduled_for=None)
    clock = LegalClock.objects.get(case=case, code="inspection")
    assert clock.due_date == timezone.localdate()
    assert case.details["scheduled_for"] is None


def test_every_catalogue_item_can_be_checked(hrss_officer, market):
    case = open_inspection(hrss_officer, market, checklist=list(reversed(CHECKLIST_CODES)))
    assert case.details["checklist"] == CHECKLIST_CODES
    assert len(CHECKLIST_CODES) == 13


# --- visibility ----------------------------------------------------------------------------


def test_visibility(inspection, actors, other_district_officer, police_officer):
    for user in (actors.officer, actors.supervisor):
        assert case_get_for_user(user, inspection.pk).pk == inspection.pk
    for user in (other_district_officer, police_officer):
        assert not case_policy.can(user, "view", inspection)
        with pytest.raises(CaseNotFound):
            case_get_for_user(user, inspection.pk)
        assert inspection.pk not in set(case_list_for_user(user).values_list("pk", flat=True))
        before = snapshot(inspection)
        with pytest.raises(CaseNotFound):
            fire(inspection.pk, "record_inspection", Actors(user, user, user))
        assert snapshot(inspection) == before


# --- clocks --------------------------------------------------------------------------------


def test_clocks_follow_the_rounds(inspection, actors):
    today = timezone.localdate()
    clock = LegalClock.objects.get(case=inspection, code="inspection")
    assert clock.due_date == today + timedelta(days=3) and clock.status == "running"
    assert Case.objects.get(pk=inspection.pk).deadline == clock.due_date

    case = walk_to(inspection, "rectification_required", actors)
    assert LegalClock.objects.get(case=case, code="inspection").status == "stopped"
    rect = LegalClock.objects.get(case=case, code="rectification")
    assert rect.due_date == today + timedelta(days=10) and rect.fixed_due == rect.due_date
    assert case.deadline == rect.due_date

    fire(case.pk, "schedule_reinspection", actors)
    case = Case.objects.get(pk=case.pk)
    assert LegalClock.objects.get(case=case, code="rectification").status == "stopped"
    re = LegalClock.objects.get(case=case, code="reinspection")
    workdays.invalidate()
    expected = workdays.add_working_days(today + timedelta(days=10), REINSPECTION_WORKING_DAYS)
    assert re.due_date == expected and case.deadline == expected

    fire(case.pk, "record_reinspection", actors)
    fire(case.pk, "approve_closure", actors)
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed" and case.closed_at is not None
    assert not LegalClock.objects.filter(case=case).exclude(status="stopped").exists()


def test_passing_round_asks_the_supervisor_to_approve(inspection, actors):
    walk_to(inspection, "inspected", actors, passed=True)
    assert Notification.objects.filter(
        case=inspection, user=actors.supervisor, type="approval.requested"
    ).exists()
