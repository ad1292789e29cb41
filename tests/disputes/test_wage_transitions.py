"""Every transition of the wage-arrears kind (docs/domain.md §1), fired through the one action.

States are reached by walking real transitions (`walk_to`), never by writing the column.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import (
    EmployerInput,
    PartyInput,
    available_transitions,
    case_assign,
    case_open,
    case_transition,
)
from casework.audit import verify_chain
from casework.errors import (
    CaseNotFound,
    Conflict,
    InvalidInput,
    NotPermitted,
    UnknownTransition,
)
from casework.models import (
    AuditEvent,
    Case,
    CaseParticipant,
    CaseParty,
    ClockPause,
    LegalClock,
    Notification,
    PartyRole,
    Payment,
    TimelineEntry,
)
from casework.policies import case_policy
from casework.selectors import case_get_for_user, case_list_for_user
from permissions.models import Jurisdiction

from ..factories import VALID_ID, VALID_ID_2, VALID_PHONE, member, open_wage_case
from .walk import STATES, TRANSITIONS, counts, fire, payload, snapshot, walk_to

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
    "reject": set(),
    "request_extension": {("supervisor", "approval.requested")},
    "approve_extension": {("officer", "approval.decided")},
    "deny_extension": {("officer", "approval.decided")},
    "order_payment": set(),
    "record_payment": set(),
    "transfer_to_police": {("police", "transfer.received")},
    "police_accept": {("supervisor", "approval.requested")},
    "police_return": {("officer", "transfer.returned")},
    "propose_closure": {("supervisor", "approval.requested")},
    "approve_closure": {("officer", "approval.decided")},
    "return_for_rework": {("officer", "approval.decided")},
    "record_feedback": {("supervisor", "feedback.unsatisfied")},
    "reopen": {("officer", "case.reopened")},
    "keep_closed": {("officer", "feedback.decided")},
}


def _clock(case, code: str) -> LegalClock:
    return LegalClock.objects.filter(case=case, code=code).order_by("-id").first()


def _new_notifications(after_id: int) -> set[tuple[str, str]]:
    return {
        (n.user.username, n.type)
        for n in Notification.objects.filter(id__gt=after_id).select_related("user")
    }


def _last_notification_id() -> int:
    last = Notification.objects.order_by("-id").first()
    return last.id if last else 0


@pytest.fixture
def bystanders(hrss_officer2, hrss_clerk, city_viewer, other_district_officer, market_officer):
    """People who see nothing of, or have no part in, the transitions under test."""
    return [hrss_officer2, hrss_clerk, city_viewer, other_district_officer, market_officer]


# --- allowed from every legal source -------------------------------------------------------


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_allowed_from_legal_source(name, source, wage_case, actors, bystanders):
    case = walk_to(wage_case, source, actors)
    if name in ("reopen", "keep_closed"):
        case = fire(case.pk, "record_feedback", actors, {"satisfied": False})
    sources, target, role = TRANSITIONS[name]
    actor = actors.for_role(role)
    assert name in available_transitions(actor, case)
    before_counts, before_row = snapshot(case)
    last_event = AuditEvent.objects.order_by("-id").first()
    last_note = _last_notification_id()
    timeline_before = list(TimelineEntry.objects.filter(case=case).values_list("id", flat=True))

    result = fire(case.pk, name, actors)

    assert result.status == target
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == target
    assert fresh.version == before_row["version"] + 1
    events = list(AuditEvent.objects.filter(seq__gt=last_event.seq))
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
    assert _new_notifications(last_note) == expected
    assert verify_chain().ok


def test_every_transition_of_the_kind_is_covered(wage_case):
    spec = wage_case.spec
    assert set(spec.transition_names()) == set(TRANSITIONS)
    field = spec.model._meta.get_field("status")
    fsm = {}
    for t in field.get_all_transitions(spec.model):
        fsm.setdefault(t.name, set()).add((t.source, t.target))
    for name, (sources, target, _role) in TRANSITIONS.items():
        assert fsm[name] == {(s, target) for s in sources}, name


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


def _today():
    return timezone.localdate()


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
            out[key] = (_today() + timedelta(days=int(value))).isoformat()
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
            {"amount": "100", "paid_on": _today().isoformat(), "worker": other_worker.pk},
        )
    assert "worker" in exc.value.errors
    assert snapshot(case) == before
    assert not Payment.objects.filter(party=other_worker).exists()


# --- who may fire what ---------------------------------------------------------------------


def test_officer_who_is_not_the_assignee_is_refused_once_assigned(wage_case, actors, hrss_officer2):
    # Before anyone holds the case, any officer of the lead unit may accept it.
    assert available_transitions(hrss_officer2, wage_case) == ["accept"]
    case = fire(wage_case.pk, "accept", actors)
    assert case.assignee_id == actors.officer.pk
    before = snapshot(case)
    for name in ("order_payment", "request_extension", "propose_closure"):
        with pytest.raises(NotPermitted) as exc:
            case_transition(actor=hrss_officer2, case_id=case.pk, name=name, data=payload(name))
        assert exc.value.status_code == 403
        assert not case_policy.can(hrss_officer2, f"transition:{name}", case)
    assert available_transitions(hrss_officer2, case) == []
    assert snapshot(case) == before


def test_assigned_before_acceptance_only_the_assignee_accepts(
    wage_case, actors, hrss_officer2, hrss_clerk
):
    case_assign(actor=hrss_clerk, case_id=wage_case.pk, assignee=hrss_officer2)
    with pytest.raises(NotPermitted):
        fire(wage_case.pk, "accept", actors)
    case = case_transition(
        actor=hrss_officer2, case_id=wage_case.pk, name="accept", data=payload("accept")
    )
    assert case.status == "investigating"
    assert case.assignee_id == hrss_officer2.pk


def test_roles_are_not_interchangeable(wage_case, actors, hrss_clerk, city_viewer):
    before = snapshot(wage_case)
    # A supervisor does not accept, an officer does not reject, a clerk does neither.
    for actor, name in [
        (actors.supervisor, "accept"),
        (actors.officer, "reject"),
        (hrss_clerk, "accept"),
        (hrss_clerk, "reject"),
        (city_viewer, "accept"),
        (city_viewer, "reject"),
    ]:
        with pytest.raises(NotPermitted):
            case_transition(actor=actor, case_id=wage_case.pk, name=name, data=payload(name))
    assert snapshot(wage_case) == before
    assert available_transitions(actors.supervisor, wage_case) == ["reject"]
    assert available_transitions(actors.officer, wage_case) == ["accept"]
    assert available_transitions(hrss_clerk, wage_case) == []
    assert available_transitions(city_viewer, wage_case) == []


def test_supervisor_only_transitions_refuse_the_officer(wage_case, actors):
    case = walk_to(wage_case, "extension_pending", actors)
    for name in ("approve_extension", "deny_extension"):
        with pytest.raises(NotPermitted):
            case_transition(actor=actors.officer, case_id=case.pk, name=name, data=payload(name))
    case = fire(case.pk, "approve_extension", actors)
    with pytest.raises(NotPermitted):
        case_transition(
            actor=actors.officer,
            case_id=case.pk,
            name="transfer_to_police",
            data=payload("transfer_to_police"),
        )
    assert available_transitions(actors.supervisor, case) == ["transfer_to_police"]
    assert available_transitions(actors.officer, case) == ["order_payment", "propose_closure"]


def test_outsiders_get_not_found(wage_case, actors, other_district_officer, market_officer):
    case = walk_to(wage_case, "investigating", actors)
    before = snapshot(case)
    for outsider in (other_district_officer, market_officer, actors.police):
        with pytest.raises(CaseNotFound) as exc:
            case_transition(
                actor=outsider, case_id=case.pk, name="order_payment", data=payload("order_payment")
            )
        assert exc.value.status_code == 404
    assert snapshot(case) == before


def test_police_roles_after_transfer(wage_case, actors, org):
    police_supervisor = member("police.supervisor.xuecheng", "police", "xuecheng", "supervisor")
    other_police = member("police.officer.shizhong", "police", "shizhong", "officer")
    case = walk_to(wage_case, "transferred", actors)
    before = snapshot(case)
    # The police officer of the participating unit answers; nobody of the lead unit does.
    assert available_transitions(actors.police, case) == ["police_accept", "police_return"]
    for actor in (actors.officer, actors.supervisor, police_supervisor):
        for name in ("police_accept", "police_return"):
            with pytest.raises(NotPermitted):
                case_transition(actor=actor, case_id=case.pk, name=name, data=payload(name))
    with pytest.raises(CaseNotFound):
        case_transition(
            actor=other_police, case_id=case.pk, name="police_accept", data=payload("police_accept")
        )
    assert snapshot(case) == before
    # Police act as police only: once returned, the lead unit's work is not theirs.
    case = fire(case.pk, "police_return", actors)
    with pytest.raises(NotPermitted):
        case_transition(
            actor=actors.police,
            case_id=case.pk,
            name="order_payment",
            data=payload("order_payment"),
        )


# --- transfer to the police and back -------------------------------------------------------


@pytest.mark.parametrize("source", ["investigating", "ordered"])
def test_transfer_to_police_makes_the_police_unit_a_participant(source, wage_case, actors, org):
    other_police = member("police.officer.shizhong", "police", "shizhong", "officer")
    case = walk_to(wage_case, source, actors)
    assert not case_policy.can(actors.police, "view", case)
    assert not case_list_for_user(actors.police).filter(pk=case.pk).exists()
    today = _today()
    investigation_due = _clock(case, "investigation").due_date

    case = fire(case.pk, "transfer_to_police", actors)

    participant = CaseParticipant.objects.get(case=case)
    assert participant.unit.department.code == "police"
    assert participant.unit.jurisdiction.code == "xuecheng"
    assert participant.reason == "transfer"
    police = type(actors.police).objects.get(pk=actors.police.pk)
    assert case_policy.can(police, "view", case)
    assert case_list_for_user(police).filter(pk=case.pk).exists()
    assert case_get_for_user(police, case.pk).pk == case.pk
    assert not case_policy.can(other_police, "view", case)
    assert not case_list_for_user(other_police).filter(pk=case.pk).exists()
    with pytest.raises(CaseNotFound):
        case_get_for_user(other_police, case.pk)

    investigation = _clock(case, "investigation")
    assert investigation.status == "paused"
    pause = ClockPause.objects.get(clock=investigation)
    assert pause.reason == "transfer" and pause.started_on == today and pause.ended_on is None
    answer = _clock(case, "transfer_answer")
    assert answer.status == "running" and answer.day_unit == "calendar" and answer.days == 3
    assert answer.due_date == workdays.add_calendar_days(today, 3)
    assert answer.due_date >= today + timedelta(days=3)
    assert workdays.is_working_day(answer.due_date)
    # The binding deadline is now the police's answer; the paused investigation waits.
    assert Case.objects.get(pk=case.pk).deadline == answer.due_date
    assert investigation.due_date == investigation_due
    transfer = case.details["transfer"]
    assert transfer["to_unit"] == participant.unit_id
    assert transfer["evidence"] == payload("transfer_to_police")["evidence"]
    assert participant.unit.name in TimelineEntry.objects.filter(case=case).last().text
    if source == "ordered":
        assert _clock(case, "payment_order").status == "stopped"


def test_police_return_resumes_investigation_and_keeps_the_timeline(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    timeline_before = list(
        TimelineEntry.objects.filter(case=case).values_list("id", "verb", "text")
    )
    due_before = _clock(case, "investigation").due_date

    case = fire(case.pk, "police_return", actors)

    assert case.status == "investigating"
    investigation = _clock(case, "investigation")
    assert investigation.status == "running"
    # Transferred and returned the same day: no working day was excluded.
    assert investigation.due_date == due_before
    assert ClockPause.objects.get(clock=investigation).ended_on == _today()
    assert _clock(case, "transfer_answer").status == "stopped"
    timeline_after = list(TimelineEntry.objects.filter(case=case).values_list("id", "verb", "text"))
    assert timeline_after[: len(timeline_before)] == timeline_before
    assert [v for _i, v, _t in timeline_after[len(timeline_before) :]] == ["police_return"]
    assert [v for _i, v, _t in timeline_after].count("transfer_to_police") == 1
    assert Case.objects.get(pk=case.pk).deadline == investigation.due_date
    # The police unit keeps its view of a case it once received (its history stays readable).
    assert CaseParticipant.objects.filter(case=case, unit__department__code="police").exists()
    # A second transfer of the same case reuses the participation.
    fire(case.pk, "transfer_to_police", actors)
    assert CaseParticipant.objects.filter(case=case).count() == 1


def test_police_return_leaves_an_earlier_pause_alone(wage_case, actors):
    from casework.actions import clock_pause

    case = walk_to(wage_case, "investigating", actors)
    investigation = _clock(case, "investigation")
    clock_pause(
        actor=actors.officer, case_id=case.pk, clock_id=investigation.pk, reason="appraisal"
    )
    fire(case.pk, "transfer_to_police", actors)
    case = fire(case.pk, "police_return", actors)
    investigation = _clock(case, "investigation")
    # The appraisal is still under way: its officer resumes the clock, not the police.
    assert investigation.status == "paused"
    assert list(investigation.pauses.values_list("reason", "ended_on")) == [("appraisal", None)]


def test_police_accept_then_closure(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    case = fire(case.pk, "police_accept", actors)
    assert case.status == "closure_pending"
    assert _clock(case, "transfer_answer").status == "stopped"
    assert LegalClock.objects.filter(case=case, status="running").count() == 0
    case = fire(case.pk, "approve_closure", actors)
    assert case.status == "closed" and case.closed_at is not None
    assert not LegalClock.objects.filter(case=case).exclude(status="stopped").exists()


def test_rework_after_police_accept_resumes_the_investigation_clock(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    due = _clock(case, "investigation").due_date
    case = fire(case.pk, "police_accept", actors)
    case = fire(case.pk, "return_for_rework", actors)
    assert case.status == "investigating"
    investigation = _clock(case, "investigation")
    assert investigation.status == "running"
    assert investigation.due_date == due
    assert Case.objects.get(pk=case.pk).deadline == due
    # The case can still be extended: the clock it runs on was never extended.
    assert "request_extension" in available_transitions(actors.officer, case)


def test_transfer_refused_without_a_police_unit_in_the_jurisdiction(wage_case, actors):
    from permissions.models import Unit

    case = walk_to(wage_case, "investigating", actors)
    Unit.objects.filter(department__code="police", jurisdiction__code="xuecheng").delete()
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "transfer_to_police", actors)
    assert snapshot(case) == before


# --- collective cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("workers", "amount", "collective"),
    [
        (10, "5000", True),
        (9, "99999.99", False),
        (1, "100000", True),
        (9, "100000.00", True),
        (1, "0", False),
    ],
)
def test_collective_case_rule(workers, amount, collective, org, hrss_supervisor, city_viewer):
    city_supervisor = member("hrss.supervisor.city", "hrss", "city", "supervisor")
    city_officer = member("hrss.officer.city", "hrss", "city", "officer")
    other_supervisor = member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")
    last = _last_notification_id()
    case = open_wage_case(workers=workers, amount=amount)
    case = Case.objects.get(pk=case.pk)
    told = {
        (n.user.username, n.type)
        for n in Notification.objects.filter(id__gt=last, type="case.collective")
    }
    opened = AuditEvent.objects.get(case=case, verb="disputes.wage_arrears.opened")
    if collective:
        assert case.priority == "high"
        assert case.details.get("collective") is True
        assert opened.payload.get("collective") is True
        assert told == {
            (hrss_supervisor.username, "case.collective"),
            (city_supervisor.username, "case.collective"),
            (city_viewer.username, "case.collective"),
        }
    else:
        assert case.priority == "normal"
        assert "collective" not in case.details
        assert told == set()
    assert (city_officer.username, "case.collective") not in told
    assert (other_supervisor.username, "case.collective") not in told


def test_collective_case_tells_its_own_city_only(org, tmp_path, hrss_supervisor):
    from permissions.services import ensure_units, load_jurisdictions

    path = tmp_path / "jining.csv"
    path.write_text("code,name,parent\njining,济宁市,\nrencheng,任城区,jining\n", encoding="utf-8")
    load_jurisdictions(path)
    ensure_units()
    zaozhuang = member("hrss.supervisor.city", "hrss", "city", "supervisor")
    jining = member("hrss.supervisor.jining", "hrss", "jining", "supervisor")
    rencheng = member("hrss.supervisor.rencheng", "hrss", "rencheng", "supervisor")

    def told(case) -> set[str]:
        return set(
            Notification.objects.filter(case=case, type="case.collective").values_list(
                "user__username", flat=True
            )
        )

    assert told(open_wage_case(workers=12)) == {hrss_supervisor.username, zaozhuang.username}
    assert told(open_wage_case(jurisdiction="rencheng", workers=12)) == {
        rencheng.username,
        jining.username,
    }


# --- payments ------------------------------------------------------------------------------


def _two_worker_case():
    case, _code = case_open(
        actor=None,
        kind="wage_arrears",
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        description="两名工人被拖欠工资",
        employer=EmployerInput(name="枣庄某劳务公司", credit_code=""),
        parties=[
            PartyInput(
                name="张三",
                role=PartyRole.COMPLAINANT,
                id_number=VALID_ID,
                phone=VALID_PHONE,
                amount_owed=Decimal("3000"),
            ),
            PartyInput(
                name="李四",
                role=PartyRole.WORKER,
                id_number=VALID_ID_2,
                amount_owed=Decimal("2000"),
            ),
        ],
        workers_count=2,
        amount_owed=Decimal("5000"),
    )
    return case


def test_payments_per_worker_sum_into_amount_recovered(org, actors):
    case = walk_to(_two_worker_case(), "ordered", actors)
    zhang, li = CaseParty.objects.filter(case=case).order_by("id")
    today = _today().isoformat()
    for party, amount in [(zhang, "2000.00"), (li, "1500.50"), (zhang, "1000")]:
        case = fire(
            case.pk,
            "record_payment",
            actors,
            {"amount": amount, "paid_on": today, "worker": party.pk},
        )
        assert case.status == "ordered"
    case = Case.objects.get(pk=case.pk)
    assert case.amount_recovered == Decimal("4500.50")
    assert sum(p.amount for p in Payment.objects.filter(party=zhang)) == Decimal("3000")
    assert sum(p.amount for p in Payment.objects.filter(party=li)) == Decimal("1500.50")
    assert all(p.recorded_by_id == actors.officer.pk for p in Payment.objects.filter(case=case))
    last = AuditEvent.objects.filter(case=case).order_by("-id").first()
    assert last.payload["amount_recovered"] == "4500.50"
    assert last.payload["worker"] == zhang.pk
    # Without a named worker the payment goes to the complainant.
    case = fire(case.pk, "record_payment", actors, {"amount": "10", "paid_on": today})
    assert Payment.objects.filter(case=case).order_by("-id").first().party_id == zhang.pk
    assert Case.objects.get(pk=case.pk).amount_recovered == Decimal("4510.50")


def test_closure_cannot_report_less_than_the_recorded_payments(org, actors):
    case = walk_to(_two_worker_case(), "ordered", actors)
    fire(case.pk, "record_payment", actors, {"amount": "3000", "paid_on": _today().isoformat()})
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "100"})
    assert "amount_recovered" in exc.value.errors
    assert snapshot(case) == before
    case = fire(
        case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "3500"}
    )
    assert case.amount_recovered == Decimal("3500")


# --- the one capped extension --------------------------------------------------------------


def test_one_capped_extension(wage_case, actors):
    today = _today()
    case = walk_to(wage_case, "investigating", actors)
    clock = _clock(case, "investigation")
    assert clock.start_date == today
    assert clock.due_date == workdays.add_working_days(today, 60)
    assert clock.extension_days == 30 and clock.extension_approver_role == "supervisor"

    case = fire(case.pk, "request_extension", actors)
    case = fire(case.pk, "approve_extension", actors)
    clock = _clock(case, "investigation")
    assert clock.extended
    assert clock.due_date == workdays.add_working_days(today, 90)
    assert Case.objects.get(pk=case.pk).deadline == clock.due_date
    event = AuditEvent.objects.filter(case=case).order_by("-id").first()
    assert event.payload["new_due_date"] == clock.due_date.isoformat()

    assert "request_extension" not in available_transitions(actors.officer, case)
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "request_extension", actors)
    assert "延期" in exc.value.message
    assert snapshot(case) == before


def test_denied_extension_leaves_the_deadline_and_may_be_asked_again(wage_case, actors):
    today = _today()
    case = walk_to(wage_case, "extension_pending", actors)
    case = fire(case.pk, "deny_extension", actors)
    clock = _clock(case, "investigation")
    assert not clock.extended
    assert clock.due_date == workdays.add_working_days(today, 60)
    assert "request_extension" in available_transitions(actors.officer, case)
    case = fire(case.pk, "request_extension", actors)
    assert case.status == "extension_pending"


# --- follow-up and reopening ---------------------------------------------------------------


def test_unsatisfied_feedback_allows_reopen(wage_case, actors):
    today = _today()
    case = walk_to(wage_case, "closed", actors)
    assert case.closed_at is not None
    last = _last_notification_id()
    case = fire(case.pk, "record_feedback", actors, {"satisfied": False, "comment": "还差两千"})
    assert case.status == "closed"
    assert case.details["feedback"]["satisfied"] is False
    assert _new_notifications(last) == {(actors.supervisor.username, "feedback.unsatisfied")}
    assert available_transitions(actors.supervisor, case) == ["reopen", "keep_closed"]

    case = fire(case.pk, "reopen", actors)

    assert case.status == "investigating"
    assert Case.objects.get(pk=case.pk).closed_at is None
    investigations = list(LegalClock.objects.filter(case=case, code="investigation").order_by("id"))
    assert [c.status for c in investigations] == ["stopped", "running"]
    fresh = investigations[-1]
    assert fresh.start_date == today and not fresh.extended
    assert fresh.due_date == workdays.add_working_days(today, 60)
    assert Case.objects.get(pk=case.pk).deadline == fresh.due_date
    # The feedback that justified the reopening is spent: closing again needs new feedback.
    case = fire(case.pk, "propose_closure", actors)
    case = fire(case.pk, "approve_closure", actors)
    with pytest.raises(Conflict):
        fire(case.pk, "reopen", actors)


def test_keeping_the_case_closed_answers_the_feedback(wage_case, actors):
    case = walk_to(wage_case, "closed", actors)
    closed_at = case.closed_at
    case = fire(case.pk, "record_feedback", actors, {"satisfied": False, "comment": "还差两千"})
    last = _last_notification_id()

    case = fire(case.pk, "keep_closed", actors, {"reason": "补发凭证已核实，款项已付清"})

    assert case.status == "closed" and Case.objects.get(pk=case.pk).closed_at == closed_at
    assert case.details["feedback"]["decided"]["outcome"] == "kept"
    assert _new_notifications(last) == {(actors.officer.username, "feedback.decided")}
    entry = TimelineEntry.objects.filter(case=case).last()
    assert entry.text == "回访不满意，经研判维持结案"
    assert entry.public_text == "经复核，维持结案决定"
    # Answered once: neither decision is offered again until new unsatisfied feedback.
    assert available_transitions(actors.supervisor, case) == []
    for name in ("keep_closed", "reopen"):
        with pytest.raises(Conflict):
            fire(case.pk, name, actors)
    case = fire(case.pk, "record_feedback", actors, {"satisfied": False, "comment": "仍有异议"})
    assert available_transitions(actors.supervisor, case) == ["reopen", "keep_closed"]


def test_satisfied_feedback_refuses_reopen(wage_case, actors):
    case = walk_to(wage_case, "closed", actors)
    last = _last_notification_id()
    case = fire(case.pk, "record_feedback", actors, {"satisfied": True})
    assert _new_notifications(last) == set()
    assert TimelineEntry.objects.filter(case=case).last().text == "回访：满意"
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "reopen", actors)
    assert snapshot(case) == before


def test_final_states_carry_the_closing_time(wage_case, actors):
    case = walk_to(wage_case, "rejected", actors)
    assert case.closed_at is not None
    assert _clock(case, "acceptance").status == "stopped"
    assert case.deadline is None


def test_accept_starts_the_investigation_and_takes_the_case(wage_case, actors):
    today = _today()
    acceptance = _clock(wage_case, "acceptance")
    assert acceptance.due_date == workdays.add_working_days(
        timezone.localdate(wage_case.submitted_at), 5
    )
    case = fire(wage_case.pk, "accept", actors)
    assert case.assignee_id == actors.officer.pk
    assert case.details["accepted_on"] == today.isoformat()
    assert _clock(case, "acceptance").status == "stopped"
    assert _clock(case, "investigation").status == "running"
    assert counts(case)["running_clocks"] == 1
    entry = TimelineEntry.objects.filter(case=case, verb="accept").get()
    assert entry.public_text == "已受理，正在调查处理"
    assert entry.comment == payload("accept")["comment"]
