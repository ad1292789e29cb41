"""Request parsing for the API: bounded, and never a 500 on a malformed body."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import DefaultContentNegotiation


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a pathologically nested document is a 400, not a crash.

    The body size is bounded before parsing: DRF reads JSON through `request.body`, which
    enforces `DATA_UPLOAD_MAX_MEMORY_SIZE` (the exception handler turns that into a 413).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON 嵌套层级过深。")) from None


class JSONFallbackNegotiation(DefaultContentNegotiation):
    """Parse a body whose Content-Type no parser claims as JSON.

    Clients such as mini-programs sometimes post JSON as text/plain; a body that is not JSON
    then fails as a 400 parse error rather than a 415.
    """

    def select_parser(self, request, parsers_list):
        parser = super().select_parser(request, parsers_list)
        if parser is not None:
            return parser
        for candidate in parsers_list:
            if isinstance(candidate, parsers.JSONParser):
                return candidate
        return None
