"""Employment-discrimination complaints (docs/domain.md §3): the wage-arrears procedure without
payments or transfer — every transition, roles, visibility and the 5 / 60 (+30) working-day
clocks."""

from __future__ import annotations

from datetime import date

import pytest

from casework import clocks, workdays
from casework.actions import available_transitions, case_transition
from casework.errors import Conflict, InvalidInput, NotPermitted, UnknownTransition
from casework.kinds import get_kind
from casework.models import Case, LegalClock, Notification

from ..kind_walk import fire_and_check, refused_to_all, seen_only_by_its_side
from ..tables import DISCRIMINATION as K
from ..walk import snapshot


@pytest.fixture
def case(org):
    return K.open(description="招聘启事写明仅限男性。")


def _clock(case, code: str) -> LegalClock:
    return LegalClock.objects.filter(case=case, code=code).order_by("-id").first()


def test_opening_numbers_the_case_and_starts_the_acceptance_clock(case):
    assert case.number.startswith("xuecheng-QS-") and case.status == "submitted"
    clock = _clock(case, "acceptance")
    assert (clock.day_unit, clock.days) == ("working", 5)
    assert "第十八条" in clock.legal_basis
    assert clock.due_date == workdays.add_days(clocks.local_today(), 5, "working")
    # No collective rule and no money: a discrimination complaint is not a wage claim.
    assert case.priority != "high" and "collective" not in case.details


def test_every_transition_of_the_kind_is_covered(case):
    spec = get_kind("discrimination")
    K.check_fsm(spec)
    assert spec.final_states == {"rejected", "closed", "merged"}
    # The steps shared with wage arrears are the very same specs, not copies.
    wage = get_kind("wage_arrears")
    for name in set(K.transitions) - {"order_correction", "propose_closure"}:
        assert spec.transitions[name] is wage.transitions[name]


@pytest.mark.parametrize(("name", "source"), K.legal)
def test_allowed_from_legal_source(name, source, case, actors):
    if name == "accept_time_barred":
        case = K.open(occurred_on=date(2020, 5, 1))  # beyond 劳动保障监察条例 第二十条
    case = K.walk_to(case, source, actors)
    if name in ("reopen", "keep_closed"):
        case = K.fire(case.pk, "record_feedback", actors)
    fire_and_check(K, case, name, source, actors)


@pytest.mark.parametrize(("name", "state"), K.illegal)
def test_refused_from_other_states(name, state, case, actors):
    case = K.walk_to(case, state, actors)
    before = snapshot(case)
    assert name not in available_transitions(actors.for_role(K.transitions[name][2]), case)
    with pytest.raises(Conflict) as exc:
        K.fire(case.pk, name, actors)
    assert exc.value.status_code == 409
    assert snapshot(case) == before


@pytest.mark.parametrize(
    "name", ["order_payment", "record_payment", "transfer_to_police", "police_accept"]
)
def test_wage_only_transitions_do_not_exist(name, case, actors):
    case = K.walk_to(case, "investigating", actors)
    before = snapshot(case)
    with pytest.raises(UnknownTransition) as exc:
        case_transition(actor=actors.supervisor, case_id=case.pk, name=name, data={})
    assert exc.value.status_code == 404
    assert snapshot(case) == before


@pytest.mark.parametrize("name", list(K.transitions))
def test_wrong_role_is_403(name, case, actors, hrss_clerk, city_viewer):
    sources, _target, role = K.transitions[name]
    case = K.walk_to(case, sources[0], actors)
    if name in ("reopen", "keep_closed"):
        case = K.fire(case.pk, "record_feedback", actors)
    other = actors.supervisor if role == "officer" else actors.officer
    refused_to_all(K, case, name, (other, hrss_clerk, city_viewer), NotPermitted)


def test_other_units_do_not_see_the_case(
    case, other_district_officer, police_officer, market_officer, city_viewer
):
    seen_only_by_its_side(
        case, (other_district_officer, police_officer, market_officer), city_viewer
    )


def test_closure_needs_a_summary_and_takes_no_amount(case, actors):
    case = K.walk_to(case, "investigating", actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        K.fire(case.pk, "propose_closure", actors, {"comment": "x"})
    assert "summary" in exc.value.errors
    assert snapshot(case) == before
    K.fire(case.pk, "propose_closure", actors, {"summary": "已整改", "amount_recovered": "500"})
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == "closure_pending" and str(fresh.amount_recovered) == "0.00"
    assert fresh.details["closure_summary"] == "已整改"
    assert Notification.objects.filter(
        user=actors.supervisor, type="approval.requested", case=case
    ).exists()


def test_reopen_needs_unsatisfied_feedback(case, actors):
    case = K.walk_to(case, "closed", actors)
    K.fire(case.pk, "record_feedback", actors, {"satisfied": True, "comment": "满意"})
    before = snapshot(case)
    with pytest.raises(Conflict):
        K.fire(case.pk, "reopen", actors)
    assert snapshot(case) == before


# --- clocks ---------------------------------------------------------------------------------


def test_acceptance_then_sixty_working_days_of_investigation(case, actors):
    case = K.walk_to(case, "investigating", actors)
    assert _clock(case, "acceptance").status == "stopped"
    clock = _clock(case, "investigation")
    assert (clock.day_unit, clock.days, clock.extension_days) == ("working", 60, 30)
    assert "第十七条" in clock.legal_basis
    assert clock.due_date == workdays.add_days(clock.start_date, 60, "working")


def test_extension_adds_thirty_working_days_once(case, actors):
    case = K.walk_to(case, "extension_pending", actors)
    K.fire(case.pk, "approve_extension", actors)
    clock = _clock(case, "investigation")
    assert clock.extended
    assert clock.due_date == workdays.add_days(clock.start_date, 90, "working")
    before = snapshot(case)
    assert "request_extension" not in available_transitions(actors.officer, case)
    with pytest.raises(Conflict):
        K.fire(case.pk, "request_extension", actors)
    assert snapshot(case) == before


def test_working_days_skip_the_national_day_holiday(case, actors):
    case = K.walk_to(case, "investigating", actors)
    LegalClock.objects.filter(case=case, code="acceptance").update(start_date=date(2026, 9, 28))
    # 9-29, 9-30, then the holiday to 10-07, 10-08, 10-09 and the adjusted Saturday 10-10.
    assert clocks.compute_due(_clock(case, "acceptance")) == date(2026, 10, 10)


def test_approved_closure_stops_every_clock(case, actors):
    case = K.walk_to(case, "closed", actors)
    assert not LegalClock.objects.filter(case=case, status="running").exists()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.closed_at is not None and fresh.deadline is None


def test_reopen_starts_a_fresh_investigation_clock(case, actors):
    case = K.walk_to(case, "closed", actors)
    K.fire(case.pk, "record_feedback", actors)
    K.fire(case.pk, "reopen", actors)
    running = LegalClock.objects.filter(case=case, status="running")
    assert [c.code for c in running] == ["investigation"]
    assert Case.objects.get(pk=case.pk).closed_at is None
