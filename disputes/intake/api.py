"""Public API of the dispute kinds: filing a complaint without logging in."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.parsers import JSONFallbackNegotiation, JSONParser
from casework.api.serializers import ErrorSerializer
from casework.api.throttling import PublicComplaintThrottle

from .actions import file_public_complaint
from .payloads import PublicComplaintSerializer


class ComplaintReceiptSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    access_code = serializers.CharField(
        help_text="Shown once: with the tracking number it opens the public status."
    )


class PublicComplaintView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicComplaintThrottle]
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="File a complaint (no login)",
        description="`kind` is one of the public kinds; `jurisdiction` a jurisdiction code; "
        "`market` a market id from `/api/v1/public/markets/`; `amount_owed` a decimal string. "
        "Errors are field errors, nested for `complainant` and `employer`, e.g. "
        '`{"complainant": {"id_number": ["..."]}}`. Submissions are throttled per client.',
        request=PublicComplaintSerializer,
        responses={
            201: ComplaintReceiptSerializer,
            400: OpenApiResponse(description="Field errors (nested for nested objects)."),
            413: OpenApiResponse(description='Body too large: `{"body": ["..."]}`.'),
            429: OpenApiResponse(ErrorSerializer, description="Too many submissions."),
        },
        auth=[],
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [_("请求体必须是 JSON 对象。")]})
        complaint = PublicComplaintSerializer(data=request.data)
        complaint.is_valid(raise_exception=True)
        case, access_code = file_public_complaint(complaint.validated_data)
        return Response(
            ComplaintReceiptSerializer(
                {"tracking_number": case.tracking_number, "access_code": access_code}
            ).data,
            status=status.HTTP_201_CREATED,
        )
