"""Labour-dispute mediation (docs/domain.md §2): every transition through the one action, who
may fire it, who sees the case, and the 15-calendar-day mediation clock (劳动争议调解仲裁法 §14)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework import clocks, workdays
from casework.actions import available_transitions, case_transition
from casework.errors import Conflict, InvalidInput, NotPermitted
from casework.kinds import get_kind
from casework.models import Case, LegalClock, TimelineEntry

from ..kind_walk import fire_and_check, refused_to_all, seen_only_by_its_side
from ..tables import LABOUR as K
from ..walk import snapshot


@pytest.fixture
def case(org):
    return K.open(amount="12000")


def _clock(case) -> LegalClock:
    return LegalClock.objects.get(case=case, code="mediation")


def test_opening_numbers_the_case_and_starts_the_mediation_clock(case):
    assert case.number.startswith("xuecheng-TJ-") and case.status == "applied"
    assert case.lead_unit.department.code == "hrss"
    clock = _clock(case)
    assert (clock.day_unit, clock.days, clock.extension_days) == ("calendar", 15, 0)
    assert "第十四条" in clock.legal_basis and "申请仲裁" in clock.legal_basis
    assert "申请仲裁" in clock.title
    assert clock.start_date == clocks.local_today()
    assert clock.due_date == workdays.add_days(clock.start_date, 15, "calendar")
    assert Case.objects.get(pk=case.pk).deadline == clock.due_date


def test_every_transition_of_the_kind_is_covered(case):
    K.check_fsm(get_kind("labour_dispute"))
    assert get_kind("labour_dispute").final_states == {"agreed", "failed", "withdrawn", "merged"}


@pytest.mark.parametrize(("name", "source"), K.legal)
def test_allowed_from_legal_source(name, source, case, actors):
    case = K.walk_to(case, source, actors)
    fresh = fire_and_check(K, case, name, source, actors)
    target = fresh.status
    if target in ("agreed", "failed", "withdrawn"):
        assert fresh.closed_at is not None
        assert _clock(case).status == "stopped"
        assert fresh.deadline is None
    else:
        assert _clock(case).status == "running"


@pytest.mark.parametrize(("name", "state"), K.illegal)
def test_refused_from_other_states(name, state, case, actors):
    case = K.walk_to(case, state, actors)
    before = snapshot(case)
    assert name not in available_transitions(actors.officer, case)
    with pytest.raises(Conflict) as exc:
        K.fire(case.pk, name, actors)
    assert exc.value.status_code == 409
    assert snapshot(case) == before


@pytest.mark.parametrize("name", list(K.transitions))
def test_only_the_lead_units_officer_fires(
    name, case, actors, hrss_clerk, city_viewer, hrss_supervisor
):
    case = K.walk_to(case, K.transitions[name][0][-1], actors)
    refused_to_all(K, case, name, (hrss_clerk, city_viewer, hrss_supervisor), NotPermitted)


def test_other_units_do_not_see_the_case(
    case, other_district_officer, police_officer, market_officer, city_viewer
):
    seen_only_by_its_side(
        case, (other_district_officer, police_officer, market_officer), city_viewer
    )


def test_a_second_officer_cannot_take_over_an_accepted_mediation(case, actors, hrss_officer2):
    case = K.walk_to(case, "accepted", actors)
    assert case.assignee_id == actors.officer.pk
    with pytest.raises(NotPermitted):
        case_transition(
            actor=hrss_officer2, case_id=case.pk, name="start_mediation", data={"comment": ""}
        )


def test_agreement_is_kept_on_the_case(case, actors):
    case = K.walk_to(case, "mediating", actors)
    due = timezone.localdate() + timedelta(days=60)
    K.fire(
        case.pk,
        "record_agreement",
        actors,
        {"terms": "支付经济补偿6000元", "amount": "6000", "performance_due": due.isoformat()},
    )
    details = Case.objects.get(pk=case.pk).details
    assert details["agreement"]["terms"] == "支付经济补偿6000元"
    assert details["agreement"]["amount"] == "6000.00"
    assert details["agreement"]["performance_due"] == due.isoformat()
    entry = TimelineEntry.objects.get(case=case, verb="record_agreement")
    assert entry.public_text == "已达成调解协议"


def test_failure_tells_the_party_about_arbitration(case, actors):
    case = K.walk_to(case, "accepted", actors)
    K.fire(case.pk, "record_failure", actors)
    entry = TimelineEntry.objects.get(case=case, verb="record_failure")
    assert "申请仲裁" in entry.public_text
    assert Case.objects.get(pk=case.pk).details["failure"]["reason"] == "用人单位拒不到场"


@pytest.mark.parametrize(
    ("state", "name", "data", "field"),
    [
        ("mediating", "record_agreement", {}, "terms"),
        ("mediating", "record_agreement", {"terms": ""}, "terms"),
        ("mediating", "record_agreement", {"terms": "x", "amount": "-1"}, "amount"),
        ("mediating", "record_agreement", {"terms": "x", "amount": "abc"}, "amount"),
        (
            "mediating",
            "record_agreement",
            {"terms": "x", "performance_due": "2020-01-01"},
            "performance_due",
        ),
        ("mediating", "record_failure", {"comment": "只有意见"}, "reason"),
        ("applied", "withdraw", {"reason": "x" * 2001}, "reason"),
    ],
)
def test_bad_payload_is_400_naming_the_field(state, name, data, field, case, actors):
    case = K.walk_to(case, state, actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        K.fire(case.pk, name, actors, data)
    assert exc.value.status_code == 400 and field in exc.value.errors
    assert snapshot(case) == before


# --- the clock ------------------------------------------------------------------------------


def _restart_on(case, start: date) -> date:
    """The case's own mediation clock as if the application had come on `start`."""
    LegalClock.objects.filter(case=case, code="mediation").update(start_date=start)
    clock = _clock(case)
    return clocks.compute_due(clock)


@pytest.mark.parametrize(
    ("applied_on", "due"),
    [
        # Plain: the 15th day after the application, counting from the next day.
        (date(2026, 11, 2), date(2026, 11, 17)),
        # The 15th day is a Saturday: the period ends on Monday.
        (date(2026, 11, 13), date(2026, 11, 30)),
        # The 15th day falls in the National Day holiday: it ends on the first working day.
        (date(2026, 9, 16), date(2026, 10, 8)),
        # The 15th day is an adjusted working Saturday (国庆节调休): it ends that day.
        (date(2026, 9, 25), date(2026, 10, 10)),
    ],
)
def test_fifteen_calendar_days_roll_off_rest_days(case, applied_on, due):
    assert _restart_on(case, applied_on) == due


def test_the_clock_runs_from_the_application_not_the_acceptance(case, actors):
    due = _clock(case).due_date
    K.walk_to(case, "mediating", actors)
    clock = _clock(case)
    assert clock.status == "running" and clock.due_date == due
    # No step of the mediation stops or restarts it: one clock for the whole mediation.
    assert LegalClock.objects.filter(case=case).count() == 1
