"""Walking a case of any dispute kind through real transitions, from a table per kind.

`walk.py` holds the wage-arrears table; the other dispute kinds describe theirs with a
`KindTable` and share the opening, walking and the check that a refusal wrote nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from casework.actions import (
    EmployerInput,
    PartyInput,
    available_transitions,
    case_open,
    case_transition,
)
from casework.audit import verify_chain
from casework.errors import CaseNotFound
from casework.models import AuditEvent, Case, TimelineEntry
from casework.selectors import case_list_for_user
from permissions.models import Jurisdiction

from ..factories import VALID_CREDIT_CODE, VALID_ID, VALID_PHONE
from .walk import snapshot


@dataclass(frozen=True)
class KindTable:
    kind: str
    states: list[str]
    # name -> (legal sources, target, role of the one who fires it)
    transitions: dict[str, tuple[tuple[str, ...], str, str]]
    # The shortest walk from the initial state to each state.
    paths: dict[str, list[str]]
    payloads: dict[str, dict[str, Any]]

    @property
    def legal(self) -> list[tuple[str, str]]:
        return [(n, s) for n, (sources, _t, _r) in self.transitions.items() for s in sources]

    @property
    def illegal(self) -> list[tuple[str, str]]:
        return [
            (n, state)
            for n, (sources, _t, _r) in self.transitions.items()
            for state in self.states
            if state not in sources
        ]

    def fire(self, case_id: int, name: str, actors, data: dict | None = None, **kw) -> Case:
        return case_transition(
            actor=actors.for_role(self.transitions[name][2]),
            case_id=case_id,
            name=name,
            data=dict(self.payloads[name]) if data is None else data,
            **kw,
        )

    def walk_to(self, case, state: str, actors) -> Case:
        for name in self.paths[state]:
            self.fire(case.pk, name, actors)
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.status == state
        return fresh

    def open(
        self,
        *,
        jurisdiction: str = "xuecheng",
        amount: str = "0",
        description: str = "",
        occurred_on=None,
    ) -> Case:
        case, code = case_open(
            actor=None,
            kind=self.kind,
            jurisdiction=Jurisdiction.objects.get(code=jurisdiction),
            description=description or "用人单位侵害劳动者权益，请求处理。",
            employer=EmployerInput(name="枣庄某物流有限公司", credit_code=VALID_CREDIT_CODE),
            parties=[
                PartyInput(
                    name="赵六", id_number=VALID_ID, phone=VALID_PHONE, amount_owed=Decimal(amount)
                )
            ],
            workers_count=1,
            amount_owed=Decimal(amount),
            occurred_on=occurred_on,
        )
        case.access_code = code
        return case

    def check_fsm(self, spec) -> None:
        """The table, the KindSpec and the proxy model's FSM agree on every transition."""
        assert set(spec.transition_names()) == set(self.transitions)
        fsm: dict[str, set] = {}
        for t in spec.model._meta.get_field("status").get_all_transitions(spec.model):
            fsm.setdefault(t.name, set()).add((t.source, t.target))
        for name, (sources, target, _role) in self.transitions.items():
            assert fsm[name] == {(s, target) for s in sources}, name
        assert {s.value for s in spec.statuses} == set(self.states)


def refused_to_all(table: KindTable, case, name: str, users, error) -> None:
    """Each of `users` is refused `name` with `error` (its status code), writing nothing."""
    before = snapshot(case)
    for user in users:
        assert name not in available_transitions(user, case)
        with pytest.raises(error) as exc:
            case_transition(actor=user, case_id=case.pk, name=name, data=table.payloads[name])
        assert exc.value.status_code == error.status_code
    assert snapshot(case) == before


def seen_only_by_its_side(case, outsiders, viewer) -> None:
    """Other districts and departments neither list nor reach the case; the city sees it."""
    for user in outsiders:
        assert not case_list_for_user(user).filter(pk=case.pk).exists()
    refused_to_all_outsiders(case, outsiders)
    assert case_list_for_user(viewer).filter(pk=case.pk).exists()


def refused_to_all_outsiders(case, outsiders) -> None:
    status = Case.objects.values_list("status", "version").get(pk=case.pk)
    for user in outsiders:
        with pytest.raises(CaseNotFound) as exc:
            case_transition(actor=user, case_id=case.pk, name="accept", data={})
        assert exc.value.status_code == 404
    assert Case.objects.values_list("status", "version").get(pk=case.pk) == status


def fire_and_check(table: KindTable, case, name: str, source: str, actors) -> Case:
    """Fire `name` from `source` as its role: the case moves to the target with its version
    up by one, one audit record chained on, and one timeline entry. Returns the case."""
    _sources, target, role = table.transitions[name]
    assert name in available_transitions(actors.for_role(role), case)
    last = AuditEvent.objects.order_by("-id").first().id
    timeline = TimelineEntry.objects.filter(case=case, verb=name).count()
    assert table.fire(case.pk, name, actors).status == target
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == target and fresh.version == case.version + 1
    events = list(AuditEvent.objects.filter(id__gt=last))
    assert [(e.verb, e.from_state, e.to_state, e.actor_id) for e in events] == [
        (f"disputes.{table.kind}.{name}", source, target, actors.for_role(role).pk)
    ]
    assert TimelineEntry.objects.filter(case=case, verb=name).count() == timeline + 1
    assert verify_chain().ok
    return fresh
