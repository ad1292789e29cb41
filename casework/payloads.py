"""Transition payloads every kind shares. Pages and the API validate with these classes.

A kind's own payloads subclass them (`class OrderPaymentPayload(CommentPayload)`), so a
comment or a reason means the same field, label and limit on every case.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The longest comment or reason an officer types into one transition.
TEXT_MAX = 2000


class CommentPayload(serializers.Serializer):
    comment = serializers.CharField(
        label=_("意见"), required=False, allow_blank=True, max_length=TEXT_MAX
    )


class ReasonPayload(CommentPayload):
    reason = serializers.CharField(label=_("理由"), max_length=TEXT_MAX)


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceField(serializers.ChoiceField):
    """A choice among rows of the database (units, markets), set when the form or the request
    is handled. The API schema calls it an id: the rows are data, not part of the contract."""
