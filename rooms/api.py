"""API routes: the case room's messages and the case's task force.

`GET/POST /api/v1/cases/{id}/room/messages/`, `GET/POST /api/v1/cases/{id}/taskforce/`,
`DELETE /api/v1/cases/{id}/taskforce/{user_id}/`. Reads go through `case_get_for_user`
(a case the caller may not see is a 404), writes through `rooms.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.errors import PayloadTooLarge
from casework.api.parsers import JSONFallbackNegotiation, JSONParser
from casework.api.responses import CASE_NOT_FOUND, FIELD_ERRORS, FORBIDDEN
from casework.api.serializers import ErrorSerializer
from casework.converters import LARGEST_ID, parse_id
from casework.selectors import case_get_for_user

from .actions import MAX_TEXT, room_post, taskforce_add, taskforce_remove
from .models import RoomMessage
from .selectors import MAX_MESSAGES, active_members, member_data, message_data, messages_for

CONFLICT = OpenApiResponse(ErrorSerializer, description="The case is closed.")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()


class RoomAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="The file on the case page (session).")
    download_url = serializers.CharField(help_text="The file through the API (audited).")


class RoomMessageSerializer(serializers.Serializer):
    """The same shape as the `message` of a `room.message` socket frame."""

    id = serializers.IntegerField()
    case = serializers.IntegerField()
    author = PersonSerializer()
    text = serializers.CharField()
    attachment = RoomAttachmentSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class RoomPostSerializer(serializers.Serializer):
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, trim_whitespace=True
    )
    attachment = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="An attachment already on this case.",
    )
    file = serializers.FileField(
        required=False, help_text="A new evidence file (multipart), stored on the case."
    )


class MemberSerializer(serializers.Serializer):
    user = PersonSerializer()
    unit = serializers.DictField(help_text='`{"id", "name"}`: the seat the member came from.')
    added_by = serializers.CharField()
    added_at = serializers.DateTimeField()


class MemberAddSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    unit = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Which of the user's seats; by default their first working seat.",
    )


# A non-negative integer within a row id's range (`parse_id`).
ID_PARAMETER = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}


def _int_param(request: Request, name: str, default: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    number = parse_id(raw)
    if number is None:
        raise ValidationError({name: [_("应为非负整数。")]})
    return number


class RoomMessagesView(APIView):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="The case room's messages",
        description="Oldest first: the latest `limit` (default 50, at most 500), or with "
        "`after` the first `limit` messages after that id (to catch up after a reconnect).",
        parameters=[
            OpenApiParameter("after", ID_PARAMETER, required=False),
            OpenApiParameter("limit", ID_PARAMETER, required=False),
        ],
        responses={200: RoomMessageSerializer(many=True), 400: FIELD_ERRORS, 404: CASE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        after = _int_param(request, "after", None)
        limit = min(_int_param(request, "limit", 50) or 50, MAX_MESSAGES)
        return Response([message_data(m) for m in messages_for(case, after=after, limit=limit)])

    @extend_schema(
        summary="Post in the case room",
        description='JSON `{"text", "attachment"?}` (an attachment id of this case), or '
        "multipart with `text` and `file` (a new evidence file, checked and hashed like "
        "`POST /attachments/`). Text, an attachment or both; 400 names the field. Officers, "
        "supervisors and clerks of the lead and taking-part units and task-force members "
        "may post; other viewers get 403; a closed case's room is read-only (409).",
        request={
            "application/json": RoomPostSerializer,
            "multipart/form-data": RoomPostSerializer,
        },
        responses={
            201: RoomMessageSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: CONFLICT,
            413: OpenApiResponse(OpenApiTypes.OBJECT, description='`{"file": ["..."]}`'),
        },
    )
    def post(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.ATTACHMENT_MAX_BYTES + 64 * 1024:
            raise PayloadTooLarge(
                {
                    "file": [
                        _("文件过大，单个文件不得超过 %(mb)s MB。")
                        % {"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                    ]
                }
            )
        body = RoomPostSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        message = room_post(
            actor=request.user,
            case_id=case.pk,
            text=data.get("text", ""),
            attachment_id=data.get("attachment"),
            upload=data.get("file"),
        )
        message = RoomMessage.objects.select_related("author", "attachment").get(pk=message.pk)
        return Response(message_data(message), status=status.HTTP_201_CREATED)


class TaskForceView(APIView):
    parser_classes = [JSONParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="The case's task force (联合执法专班)",
        responses={200: MemberSerializer(many=True), 404: CASE_NOT_FOUND},
    )
    def get(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        return Response([member_data(m) for m in active_members(case)])

    @extend_schema(
        summary="Add a person to the task force",
        description="The lead unit's supervisor only. The member then sees the case (pages, "
        "API, room) and may work on it; audited as a permission grant.",
        request=MemberAddSerializer,
        responses={
            201: MemberSerializer,
            400: FIELD_ERRORS,
            403: FORBIDDEN,
            404: CASE_NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request: Request, pk: int):
        case = case_get_for_user(request.user, pk)
        body = MemberAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        member = taskforce_add(
            actor=request.user,
            case_id=case.pk,
            user_id=body.validated_data["user"],
            unit_id=body.validated_data.get("unit"),
        )
        member = active_members(case).get(pk=member.pk)
        return Response(member_data(member), status=status.HTTP_201_CREATED)


class TaskForceMemberView(APIView):
    @extend_schema(
        summary="Remove a person from the task force",
        description="The lead unit's supervisor only. Revokes the member's sight of the case "
        "(unless their unit sees it anyway) and closes their room sockets.",
        responses={204: None, 403: FORBIDDEN, 404: CASE_NOT_FOUND},
    )
    def delete(self, request: Request, pk: int, user_id: int):
        case = case_get_for_user(request.user, pk)
        taskforce_remove(actor=request.user, case_id=case.pk, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("cases/<id:pk>/room/messages/", RoomMessagesView.as_view(), name="api-room-messages"),
    path("cases/<id:pk>/taskforce/", TaskForceView.as_view(), name="api-taskforce"),
    path(
        "cases/<id:pk>/taskforce/<id:user_id>/",
        TaskForceMemberView.as_view(),
        name="api-taskforce-member",
    ),
]
