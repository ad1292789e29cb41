"""Map casework errors, Django validation errors and oversized requests onto DRF responses.

Every error body is JSON: `{"detail": "..."}` for errors about the request as a whole, or
`{field: ["..."]}` (nested for nested objects) naming what was wrong.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from casework.errors import CaseworkError


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


def body_too_large() -> PayloadTooLarge:
    limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return PayloadTooLarge(
        {"body": [_("请求体过大，不得超过 %(kb)s KB。") % {"kb": limit_kb}]},
    )


_DEFAULT_MESSAGES = {
    400: _l("提交的内容有误。"),
    403: _l("您无权执行此操作。"),
    404: _l("案件不存在。"),
    409: _l("操作与案件当前状态冲突。"),
}


def exception_handler(exc, context):
    if isinstance(exc, CaseworkError):
        errors = exc.errors
        if errors == {"detail": ""}:
            # A bare error (e.g. the selectors' CaseNotFound()): the same words for a case
            # that does not exist and one the caller may not see.
            errors = {"detail": str(_DEFAULT_MESSAGES.get(exc.status_code, ""))}
        return Response(errors, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    # Django raises these while reading the body (a SuspiciousOperation that would otherwise
    # become an HTML 400 page): answer in JSON like every other API error.
    if isinstance(exc, RequestDataTooBig):
        exc = body_too_large()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return Response(
            {"body": [_("请求中的字段或文件过多。")]}, status=status.HTTP_400_BAD_REQUEST
        )
    return drf_exception_handler(exc, context)
