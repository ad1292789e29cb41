"""The error answers the routes share, for their OpenAPI `responses`.

A route whose error means something narrower (a market's editors, an export's owner, a
closed room) declares its own beside it.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .serializers import ErrorSerializer

CASE_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such case, or not visible to you."
)
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Visible, but you may not do this.")
FIELD_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors naming the field.")
# The answer of a paginated list to a `page` that is not a number or lies beyond the last.
PAGE_NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="`page` is not a number or lies beyond the last page."
)


def errors_naming(name: str, *fields: str, description: str) -> OpenApiResponse:
    """An error that is either about the request as a whole (`detail`) or about one of
    `fields` of the body (`{field: [message]}`), as the actions raise them: a link to a
    case that does not exist is a 404 naming `case`."""
    body = type(
        name,
        (serializers.Serializer,),
        {
            "__module__": __name__,
            "detail": serializers.CharField(required=False),
            **{
                field: serializers.ListField(child=serializers.CharField(), required=False)
                for field in fields
            },
        },
    )
    return OpenApiResponse(body, description=description)
