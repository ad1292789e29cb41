"""Every transition of the wage-arrears kind (domain.md §1), fired through the one action:
allowed from each legal source, refused from every other state, stale versions and bad
payloads refused. States are reached by walking real transitions (`walk_to`), never by
writing the column.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from casework.actions import available_transitions, case_transition
from casework.audit import verify_chain
from casework.errors import CaseNotFound, Conflict, InvalidInput, UnknownTransition
from casework.models import AuditEvent, Case, CaseParty, Payment, TimelineEntry

from ...factories import open_wage_case
from ..walk import STATES, TRANSITIONS, fire, snapshot, target_of, walk_to, with_payment
from .support import last_notification_id, local_today, new_notifications

LEGAL = [(name, src) for name, (sources, _t, _r) in TRANSITIONS.items() for src in sources]
ILLEGAL = [
    (name, state)
    for name, (sources, _t, _r) in TRANSITIONS.items()
    for state in STATES
    if state not in sources
]

# Who is told, and of what, when each transition fires (persona -> notification type).
EXPECTED_NOTIFICATIONS = {
    "accept": set(),
    "accept_time_barred": set(),
    "reject": set(),
    "request_extension": {("supervisor", "approval.requested")},
    "approve_extension": {("officer", "approval.decided")},
    "deny_extension": {("officer", "approval.decided")},
    "order_payment": set(),
    "record_payment": set(),
    "correct_payment": set(),
    "transfer_to_police": {("police", "transfer.received")},
    "police_accept": {("supervisor", "approval.requested")},
    "police_return": {("officer", "transfer.returned")},
    "propose_transfer": {("supervisor", "approval.requested")},
    "approve_transfer": {("officer", "approval.decided")},
    "refuse_transfer": {("officer", "approval.decided")},
    "request_reconsideration": {("police", "transfer.received")},
    "waive_reconsideration": set(),
    "suggest_supervision": set(),
    "waive_supervision": set(),
    "hand_over_materials": set(),
    "propose_closure": {("supervisor", "approval.requested")},
    "approve_closure": {("officer", "approval.decided")},
    "return_for_rework": {("officer", "approval.decided")},
    "record_feedback": {("supervisor", "feedback.unsatisfied")},
    "reopen": {("officer", "case.reopened")},
    "keep_closed": {("officer", "feedback.decided")},
}


@pytest.fixture
def bystanders(hrss_officer2, hrss_clerk, city_viewer, other_district_officer, market_officer):
    """People who see nothing of, or have no part in, the transitions under test."""
    return [hrss_officer2, hrss_clerk, city_viewer, other_district_officer, market_officer]


# --- allowed from every legal source -------------------------------------------------------


# The transfer's timed steps wait on an earlier one (their guard): how to reach each source.
_AFTER_POLICE_ACCEPT = {
    "closure_pending": ["accept", "transfer_to_police", "police_accept"],
    "investigating": ["accept", "transfer_to_police", "police_accept", "return_for_rework"],
    "ordered": [
        "accept",
        "transfer_to_police",
        "police_accept",
        "return_for_rework",
        "order_payment",
    ],
}


# The police maintain their refusal after reconsideration (国务院令第310号 §9 ¶2).
_MAINTAINED_REFUSAL = [
    "accept",
    "transfer_to_police",
    "police_return",
    "request_reconsideration",
    "police_return",
]


def _reach(name: str, source: str, case, actors):
    if name in ("request_reconsideration", "waive_reconsideration", "suggest_supervision"):
        return walk_to(case, source, actors, via_police=True)
    if name == "waive_supervision":
        steps = _MAINTAINED_REFUSAL + (["order_payment"] if source == "ordered" else [])
        for step in steps:
            fire(case.pk, step, actors)
        return Case.objects.get(pk=case.pk)
    if name == "hand_over_materials":
        for step in _AFTER_POLICE_ACCEPT[source]:
            fire(case.pk, step, actors)
        return Case.objects.get(pk=case.pk)
    case = walk_to(case, source, actors)
    if name in ("approve_transfer", "refuse_transfer"):
        case = fire(case.pk, "propose_transfer", actors)
    if name in ("reopen", "keep_closed"):
        case = fire(case.pk, "record_feedback", actors, {"satisfied": False})
    return case


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_allowed_from_legal_source(name, source, wage_case, actors, bystanders):
    data = None
    if name == "accept_time_barred":
        # A complaint about wages owed three years ago (劳动保障监察条例 第二十条).
        wage_case = open_wage_case(occurred_on=local_today() - timedelta(days=3 * 366))
    if name == "correct_payment":
        case, data = with_payment(wage_case, source, actors)
    else:
        case = _reach(name, source, wage_case, actors)
    assert case.status == source
    _sources, _target, role = TRANSITIONS[name]
    target = target_of(name, source)
    actor = actors.for_role(role)
    assert name in available_transitions(actor, case)
    before_counts, before_row = snapshot(case)
    last_event = AuditEvent.objects.order_by("-id").first()
    last_note = last_notification_id()
    timeline_before = list(TimelineEntry.objects.filter(case=case).values_list("id", flat=True))

    result = fire(case.pk, name, actors, data)

    assert result.status == target
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == target
    assert fresh.version == before_row["version"] + 1
    events = list(AuditEvent.objects.filter(id__gt=last_event.id))
    assert len(events) == 1
    event = events[0]
    assert event.verb == f"disputes.wage_arrears.{name}"
    assert (event.from_state, event.to_state) == (source, target)
    assert event.actor_id == actor.pk and event.case_id == case.pk
    timeline = TimelineEntry.objects.filter(case=case).exclude(id__in=timeline_before)
    assert [t.verb for t in timeline] == [name]
    assert timeline[0].actor_id == actor.pk
    expected = {
        (actors.for_role(persona).username, ntype)
        for persona, ntype in EXPECTED_NOTIFICATIONS[name]
    }
    assert new_notifications(last_note) == expected
    assert verify_chain().ok


def test_every_transition_of_the_kind_is_covered(wage_case):
    spec = wage_case.spec
    assert set(spec.transition_names()) == set(TRANSITIONS)
    field = spec.model._meta.get_field("status")
    fsm = {}
    for t in field.get_all_transitions(spec.model):
        # django-fsm's target None keeps the state.
        fsm.setdefault(t.name, set()).add((t.source, t.source if t.target is None else t.target))
    for name, (sources, _target, _role) in TRANSITIONS.items():
        assert fsm[name] == {(s, target_of(name, s)) for s in sources}, name


# --- refused from every other state --------------------------------------------------------


@pytest.mark.parametrize(("name", "state"), ILLEGAL)
def test_refused_from_other_states(name, state, wage_case, actors):
    role = TRANSITIONS[name][2]
    # Police officers see the case only once their unit participates: walk through a
    # transfer and return first wherever the state can be reached that way.
    via_police = role == "police" and state not in ("submitted", "rejected")
    case = walk_to(wage_case, state, actors, via_police=via_police)
    before = snapshot(case)
    actor = actors.for_role(role)
    assert name not in available_transitions(actor, case)
    if role == "police" and not via_police:
        with pytest.raises(CaseNotFound):
            fire(case.pk, name, actors)
    else:
        with pytest.raises(Conflict) as exc:
            fire(case.pk, name, actors)
        assert exc.value.status_code == 409
    assert snapshot(case) == before


def test_reopen_refused_without_unsatisfied_feedback(wage_case, actors):
    case = walk_to(wage_case, "closed", actors)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "reopen", actors)
    assert "回访不满意" in exc.value.message
    assert snapshot(case) == before
    fire(case.pk, "record_feedback", actors, {"satisfied": True, "comment": "已足额到账"})
    case = Case.objects.get(pk=case.pk)
    before = snapshot(case)
    assert "reopen" not in available_transitions(actors.supervisor, case)
    with pytest.raises(Conflict):
        fire(case.pk, "reopen", actors)
    assert snapshot(case) == before


def test_unknown_transition_name_writes_nothing(wage_case, actors):
    before = snapshot(wage_case)
    with pytest.raises(UnknownTransition) as exc:
        case_transition(actor=actors.officer, case_id=wage_case.pk, name="pay_everyone")
    assert exc.value.status_code == 404
    assert snapshot(wage_case) == before


# --- optimistic locking --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "name"),
    [
        ("submitted", "accept"),
        ("investigating", "order_payment"),
        ("closure_pending", "approve_closure"),
    ],
)
def test_stale_version_is_a_conflict_and_writes_nothing(state, name, wage_case, actors):
    case = walk_to(wage_case, state, actors)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, name, actors, version=case.version - 1)
    assert exc.value.status_code == 409
    assert snapshot(case) == before
    # The current version goes through.
    result = fire(case.pk, name, actors, version=case.version)
    assert result.version == case.version + 1


def test_version_moves_on_with_every_transition(wage_case, actors):
    versions = [wage_case.version]
    case = wage_case
    for name in ["accept", "order_payment", "record_payment", "propose_closure"]:
        case = fire(case.pk, name, actors, version=case.version)
        versions.append(case.version)
    assert versions == list(range(versions[0], versions[0] + 5))


# --- payloads ------------------------------------------------------------------------------


BAD_PAYLOADS = [
    ("submitted", "reject", {}, "reason"),
    ("submitted", "reject", {"reason": ""}, "reason"),
    ("submitted", "reject", {"reason": "x" * 2001}, "reason"),
    ("investigating", "request_extension", {"comment": "只有意见"}, "reason"),
    ("investigating", "order_payment", {"due_date": "+15", "amount": "-100"}, "amount"),
    ("investigating", "order_payment", {"due_date": "+15", "amount": "0"}, "amount"),
    ("investigating", "order_payment", {"due_date": "+15", "amount": "abc"}, "amount"),
    ("investigating", "order_payment", {"due_date": "-1", "amount": "100"}, "due_date"),
    ("investigating", "order_payment", {"amount": "100"}, "due_date"),
    ("investigating", "order_payment", {"due_date": "2025-02-30", "amount": "1"}, "due_date"),
    ("ordered", "record_payment", {"amount": "-1", "paid_on": "+0"}, "amount"),
    ("ordered", "record_payment", {"paid_on": "+0"}, "amount"),
    ("ordered", "record_payment", {"amount": "100", "paid_on": "+1"}, "paid_on"),
    ("ordered", "record_payment", {"amount": "100", "paid_on": "+0", "worker": 0}, "worker"),
    ("investigating", "transfer_to_police", {"evidence": ["工资表"]}, "reason"),
    ("investigating", "transfer_to_police", {"reason": "r", "evidence": "工资表"}, "evidence"),
    ("transferred", "police_return", {}, "reason"),
    ("investigating", "propose_closure", {"amount_recovered": "100"}, "summary"),
    (
        "investigating",
        "propose_closure",
        {"summary": "已支付", "amount_recovered": "-5"},
        "amount_recovered",
    ),
    ("closure_pending", "return_for_rework", {}, "reason"),
    ("closed", "record_feedback", {"comment": "没说满不满意"}, "satisfied"),
    ("closed", "record_feedback", {"satisfied": "maybe"}, "satisfied"),
]


def _dated(data: dict) -> dict:
    """'+N' / '-N' in a date field means today plus or minus N days."""
    out = dict(data)
    for key in ("due_date", "paid_on"):
        value = out.get(key)
        if isinstance(value, str) and value[:1] in "+-" and value[1:].isdigit():
            out[key] = (local_today() + timedelta(days=int(value))).isoformat()
    return out


@pytest.mark.parametrize(("state", "name", "data", "field"), BAD_PAYLOADS)
def test_bad_payload_names_the_field_and_writes_nothing(
    state, name, data, field, wage_case, actors
):
    case = walk_to(wage_case, state, actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, name, actors, _dated(data))
    assert exc.value.status_code == 400
    assert field in exc.value.errors, exc.value.errors
    assert snapshot(case) == before


def test_reopen_without_reason_is_invalid(wage_case, actors):
    case = walk_to(wage_case, "closed", actors)
    fire(case.pk, "record_feedback", actors, {"satisfied": False})
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "reopen", actors, {"comment": "只有意见"})
    assert "reason" in exc.value.errors
    assert snapshot(case) == before


def test_payment_to_a_worker_of_another_case_is_refused(wage_case, actors):
    other = open_wage_case(employer="另一家劳务公司", credit_code="")
    other_worker = CaseParty.objects.get(case=other)
    case = walk_to(wage_case, "ordered", actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(
            case.pk,
            "record_payment",
            actors,
            {"amount": "100", "paid_on": local_today().isoformat(), "worker": other_worker.pk},
        )
    assert "worker" in exc.value.errors
    assert snapshot(case) == before
    assert not Payment.objects.filter(party=other_worker).exists()
