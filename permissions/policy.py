"""The policy machinery: one policy per protected model answers can / scope / who_can.

Apps register the policy for their own models (e.g. `casework/policies/`); this module
names no model of theirs. The auth backend in `backends.py` exposes `can` through
`user.has_perm("app.action_model", obj)` so templates, DRF, viewflow and the admin share
one answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import Model, QuerySet


class Policy(Protocol):
    def can(self, user: Any, action: str, obj: Model | None = None) -> bool: ...

    def scope(self, user: Any, action: str, queryset: QuerySet) -> QuerySet: ...

    def who_can(self, action: str, obj: Model) -> Iterable[Any]: ...


_registry: dict[type[Model], Policy] = {}


def register(model: type[Model], policy: Policy) -> None:
    _registry[model] = policy


def policy_for(model_or_obj: type[Model] | Model) -> Policy | None:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    for klass in model.__mro__:
        if klass in _registry:
            return _registry[klass]
        # Proxy models of a registered concrete model share its policy.
        meta = getattr(klass, "_meta", None)
        if meta is not None and meta.proxy and meta.concrete_model in _registry:
            return _registry[meta.concrete_model]
    return None


def can(user: Any, action: str, obj: Model) -> bool:
    policy = policy_for(obj)
    return bool(policy and policy.can(user, action, obj))


def scope(user: Any, action: str, queryset: QuerySet) -> QuerySet:
    policy = policy_for(queryset.model)
    if policy is None:
        return queryset.none()
    return policy.scope(user, action, queryset)


def who_can(action: str, obj: Model) -> list[Any]:
    policy = policy_for(obj)
    return list(policy.who_can(action, obj)) if policy else []


def registered_models() -> list[type[Model]]:
    return list(_registry)
