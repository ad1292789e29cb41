"""`register` takes a kind only when its spec and its model's FSM name the same transitions."""

from __future__ import annotations

import dataclasses

import pytest

from casework.kinds import TransitionSpec, all_kinds, get_kind, register


def spec_like(code: str, **changes):
    """A copy of the wage-arrears spec under another code (never registered as is)."""
    wage = get_kind("wage_arrears")
    return dataclasses.replace(wage, code=code, **changes)


def test_every_registered_kind_declares_exactly_its_fsm_transitions():
    kinds = all_kinds()
    assert len(kinds) >= 7
    for spec in kinds:
        assert set(spec.transitions) | set(spec.system_transitions) == spec.fsm_transition_names()


def test_a_spec_without_one_of_the_fsm_transitions_is_refused():
    transitions = dict(get_kind("wage_arrears").transitions)
    del transitions["accept"]
    with pytest.raises(ValueError, match=r"only on the model: \['accept'\]"):
        register(spec_like("test_missing", transitions=transitions))
    assert "test_missing" not in {k.code for k in all_kinds()}


def test_a_spec_with_a_transition_the_model_lacks_is_refused():
    extra = TransitionSpec(name="teleport", label="teleport", role="officer")
    transitions = [*get_kind("wage_arrears").transitions.values(), extra]
    with pytest.raises(ValueError, match=r"only in the spec: \['teleport'\]"):
        register(spec_like("test_extra", transitions=transitions))
    assert "test_extra" not in {k.code for k in all_kinds()}


def test_a_transition_named_twice_is_refused():
    accept = get_kind("wage_arrears").transitions["accept"]
    with pytest.raises(ValueError, match="named twice"):
        spec_like("test_twice", transitions=[accept, accept])
    with pytest.raises(ValueError, match="named twice"):
        spec_like("test_twice", transitions={"reject": accept})


def test_a_list_of_transitions_is_kept_by_name():
    accept = get_kind("wage_arrears").transitions["accept"]
    spec = spec_like("test_list", transitions=[accept])
    assert spec.transitions == {"accept": accept}
