"""The error answers the routes share, for their OpenAPI `responses`.

A route whose error means something narrower (a market's editors, an export's owner, a
closed room) declares its own beside it.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

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
