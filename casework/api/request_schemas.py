"""Request bodies of the generic case endpoints, typed from the kind registry.

`POST /api/v1/cases/` takes one schema per internal kind, with `kind` as discriminator: the
fields every kind is opened with and the kind's own (`KindSpec.open_serializer`). `POST
/api/v1/cases/{id}/transitions/{name}/` takes one of the transitions' payloads, each a
named schema (`<Kind><Transition>Request`, the suffix added by drf-spectacular to request
bodies) with the transition's fields and the optional `version`. The classes only describe the bodies: the actions validate with the kinds' own
serializers.
"""

from __future__ import annotations

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from casework.actions.opening import InternalOpenSerializer
from casework.kinds import all_kinds


def _camel(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("_"))


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The `version` the client last saw; a stale one is 409.",
    )


def open_case_requests() -> dict[str, type[serializers.Serializer]]:
    """One body per internal kind, and per public kind an officer may record, keyed by its
    code."""
    bodies = {}
    for spec in all_kinds():
        if spec.public:
            if spec.intake is None or spec.intake.officer_serializer is None:
                continue
            bases = (spec.intake.officer_serializer,)
        else:
            bases = (InternalOpenSerializer,)
        if not spec.public and spec.open_serializer is not None:
            bases = (InternalOpenSerializer, spec.open_serializer)
        choices = [(spec.code, str(spec.label))]
        kind = serializers.ChoiceField(choices=choices)

        def narrow(self, *args, _choices=choices, **kwargs):
            # A base may set its `kind` choices when instantiated (the complaint's choices
            # are the kinds registered): the body names its own kind alone.
            super(type(self), self).__init__(*args, **kwargs)
            self.fields["kind"].choices = _choices

        bodies[spec.code] = type(
            f"{_camel(spec.code)}Open",
            bases,
            {
                "__module__": __name__,
                "__doc__": f"Opening a case of kind `{spec.code}`.",
                "kind": kind,
                "__init__": narrow,
            },
        )
    return bodies


def transition_requests() -> list[type[serializers.Serializer]]:
    """One body per transition of every kind."""
    bodies = []
    for spec in all_kinds():
        for name, transition in spec.transitions.items():
            payload = transition.serializer or serializers.Serializer
            bodies.append(
                type(
                    f"{_camel(spec.code)}{_camel(name)}",
                    (payload, VersionSerializer),
                    {
                        "__module__": __name__,
                        "__doc__": f"`{name}` on a case of kind `{spec.code}`.",
                    },
                )
            )
    return bodies


OPEN_CASE_REQUEST = PolymorphicProxySerializer(
    component_name="CaseOpenRequest",
    serializers=open_case_requests,
    resource_type_field_name="kind",
)
TRANSITION_REQUEST = PolymorphicProxySerializer(
    component_name="TransitionRequest",
    serializers=transition_requests,
    resource_type_field_name=None,
)
