"""Every transition of the security-incident kind (docs/domain.md §5), fired through the one
action; states are reached by walking real transitions."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.actions import available_transitions, case_assign, case_transition
from casework.errors import InvalidInput, NotPermitted
from casework.kinds import get_kind
from casework.models import Case, TimelineEntry
from tests.api.conftest import login
from tests.disputes.walk import snapshot
from tests.factories import member

from ..matrix import assert_fires, assert_refused
from .walk import STATES, TRANSITIONS, fire, payload, walk_to

LEGAL = [(name, src) for name, (sources, _t, _r) in TRANSITIONS.items() for src in sources]
ILLEGAL = [
    (name, state)
    for name, (sources, _t, _r) in TRANSITIONS.items()
    for state in STATES
    if state not in sources
]


def test_every_transition_of_the_kind_is_covered():
    spec = get_kind("security_incident")
    assert set(spec.transition_names()) == set(TRANSITIONS)
    field = spec.model._meta.get_field("status")
    fsm: dict[str, set] = {}
    for t in field.get_all_transitions(spec.model):
        fsm.setdefault(t.name, set()).add((t.source, t.target))
    for name, (sources, target, _role) in TRANSITIONS.items():
        assert fsm[name] == {(s, target) for s in sources}, name
    assert spec.lead_departments == ("police",)
    assert not spec.public and spec.open_serializer is not None


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_allowed_from_legal_source(name, source, incident, actors):
    case = walk_to(incident, source, actors)
    _sources, target, role = TRANSITIONS[name]
    assert_fires(
        case,
        name,
        source,
        target or source,
        actors.for_role(role),
        f"enforcement.security_incident.{name}",
        lambda: fire(case.pk, name, actors),
    )


@pytest.mark.parametrize(("name", "state"), ILLEGAL)
def test_refused_from_other_states(name, state, incident, actors):
    case = walk_to(incident, state, actors)
    assert_refused(
        case, name, actors.for_role(TRANSITIONS[name][2]), lambda: fire(case.pk, name, actors)
    )


def test_main_path_to_closed_with_decision(incident, actors):
    for name in ("dispatch", "arrive", "open_case", "start_investigation", "decide"):
        fire(incident.pk, name, actors)
    case = Case.objects.get(pk=incident.pk)
    assert case.assignee_id == actors.officer.pk
    assert case.details["decision"] == {
        "decision": "penalty",
        "penalty": "行政拘留五日",
        "legal_basis": "《治安管理处罚法》第四十三条",
        "on": case.details["decision"]["on"],
    }
    assert case.details["scene"]["report"] == payload("arrive")["scene"]
    fire(incident.pk, "propose_closure", actors)
    fire(incident.pk, "approve_closure", actors)
    case = Case.objects.get(pk=incident.pk)
    assert case.status == "closed" and case.closed_at is not None
    assert case.clocks.exists() and not case.clocks.exclude(status="stopped").exists()


def test_transfer_to_criminal_case_records_the_charge(incident, actors):
    case = walk_to(incident, "transferred_criminal", actors)
    assert case.details["criminal_transfer"]["charge"] == "敲诈勒索罪"
    assert case.clocks.exists() and not case.clocks.exclude(status="stopped").exists()
    fire(case.pk, "propose_closure", actors)
    assert Case.objects.get(pk=case.pk).status == "closure_pending"


# --- payloads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"decision": "penalty", "legal_basis": "第四十三条"}, "penalty"),
        ({"decision": "warning", "legal_basis": "第四十三条"}, "decision"),
        ({"decision": "no_penalty"}, "legal_basis"),
        ({"decision": "no_penalty", "legal_basis": "x" * 501}, "legal_basis"),
    ],
)
def test_bad_decision_payload_names_the_field(data, field, incident, actors):
    case = walk_to(incident, "investigating", actors)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "decide", actors, data)
    assert field in exc.value.errors
    assert snapshot(case) == before


def test_no_penalty_decision_needs_no_penalty_text(incident, actors):
    case = walk_to(incident, "investigating", actors)
    fire(case.pk, "decide", actors, {"decision": "no_penalty", "legal_basis": "第十九条"})
    assert Case.objects.get(pk=case.pk).details["decision"]["decision"] == "no_penalty"


# --- roles ---------------------------------------------------------------------------------


def _fire_as(actor, case, name):
    return case_transition(actor=actor, case_id=case.pk, name=name, data=payload(name))


@pytest.mark.parametrize(
    ("name", "state", "persona"),
    [
        ("approve_closure", "closure_pending", "officer"),
        ("transfer_criminal", "investigating", "officer"),
        # The extension is the higher unit's decision, not the district supervisor's.
        ("approve_extension", "extension_pending", "supervisor"),
        ("deny_extension", "extension_pending", "officer"),
        # The city supervisor approves extensions only; the closure stays with the district.
        ("approve_closure", "closure_pending", "parent"),
        ("decide", "investigating", "parent"),
    ],
)
def test_wrong_role_is_forbidden(name, state, persona, incident, actors):
    case = walk_to(incident, state, actors)
    before = snapshot(case)
    actor = actors.for_role(persona)
    assert name not in available_transitions(actor, case)
    with pytest.raises(NotPermitted) as exc:
        _fire_as(actor, case, name)
    assert exc.value.status_code == 403
    assert snapshot(case) == before


def test_officer_acts_only_on_own_incident(incident, actors):
    colleague = member("police.officer2.xuecheng", "police", "xuecheng", "officer")
    fire(incident.pk, "dispatch", actors)
    case = Case.objects.get(pk=incident.pk)
    before = snapshot(case)
    with pytest.raises(NotPermitted):
        _fire_as(colleague, case, "arrive")
    assert snapshot(case) == before
    case_assign(actor=actors.supervisor, case_id=case.pk, assignee=colleague)
    _fire_as(colleague, Case.objects.get(pk=case.pk), "arrive")
    assert Case.objects.get(pk=case.pk).status == "on_scene"


def test_the_scene_report_is_on_the_timeline_and_the_case_page(incident, actors):
    case = walk_to(incident, "on_scene", actors)
    entry = TimelineEntry.objects.get(case=case, verb="arrive")
    assert entry.text == f"到达现场，现场情况：{payload('arrive')['scene']}"
    client = login(actors.supervisor)
    timeline = client.get(f"/api/v1/cases/{case.pk}/timeline/").json()
    assert any(payload("arrive")["scene"] in row["text"] for row in timeline)
    page = Client()
    page.force_login(actors.supervisor)
    html = page.get(f"/cases/{case.pk}/").content.decode()
    assert payload("arrive")["scene"] in html
