"""Who may fire which wage-arrears transition: the assignee, the supervisor, the police after
a transfer; everyone else is refused, and outsiders do not even see the case."""

from __future__ import annotations

import pytest

from casework.actions import available_transitions, case_assign, case_transition
from casework.errors import CaseNotFound, NotPermitted
from casework.policies import case_policy

from ...factories import member
from ..walk import fire, payload, snapshot, walk_to


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
    assert available_transitions(actors.officer, case) == [
        "order_payment",
        "propose_transfer",
        "propose_closure",
    ]


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
