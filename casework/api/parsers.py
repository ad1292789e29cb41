"""Request parsing for the API: bounded, and never a 500 on a malformed body."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import DefaultContentNegotiation


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a pathologically nested document is a 400, not a crash, and a
    malformed one is told in Chinese where it breaks (DRF's own message carries the
    decoder's English: "JSON parse error - Expecting property name ...").

    The body size is bounded before parsing: DRF reads JSON through `request.body`, which
    enforces `DATA_UPLOAD_MAX_MEMORY_SIZE` (the exception handler turns that into a 413).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON 嵌套层级过深。")) from None
        except ParseError as exc:
            raise ParseError(malformed(exc.__context__)) from None


def malformed(cause) -> str:
    """Why a body is not JSON, in words: where the syntax breaks, a NaN or Infinity (not
    JSON numbers), or bytes that are not the declared encoding."""
    if isinstance(cause, json.JSONDecodeError):
        return _("请求体不是有效的 JSON：第%(line)s行第%(column)s列有误。") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    if isinstance(cause, UnicodeError):
        return _("请求体不是有效的 JSON：文本须为 UTF-8 编码。")
    if isinstance(cause, ValueError):
        return _("请求体不是有效的 JSON：数值不能是 NaN 或 Infinity。")
    return _("请求体不是有效的 JSON。")


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
