"""API routes: the caller's notifications (the same frames the socket sends) and read marks.

`GET /api/v1/notifications/?after={id}` lists notifications with an id above `after`,
oldest first (what a client missed); without `after`, newest first. `unread=true` keeps
the unread ones. Pages are `{"count","next","previous","results","unread"}`; each result
is the socket frame plus `read_at`. `POST /api/v1/notifications/{id}/read/` marks one
read (404 when it is not the caller's); `POST /api/v1/notifications/read-all/` marks all.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from casework.api.responses import PAGE_NOT_FOUND
from casework.api.serializers import ErrorSerializer
from casework.converters import LARGEST_ID
from casework.models import Notification

from . import actions, selectors
from .relay import frame


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Increasing; pass the last one seen as `after`.")
    type = serializers.CharField(help_text="e.g. `case.assigned`, `approval.requested`.")
    case = serializers.DictField(
        allow_null=True, help_text="`{id, number}` when about a case, else null."
    )
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance: Notification) -> dict:
        data = frame(instance)
        data["read_at"] = instance.read_at.isoformat() if instance.read_at else None
        return data


class ListParamsSerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0, max_value=LARGEST_ID)
    unread = serializers.BooleanField(required=False, default=False)


class NotificationPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        response.data["unread"] = selectors.notification_state(self.request.user)["unread"]
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["unread"] = {"type": "integer", "example": 3}
        return schema


class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self):
        params = ListParamsSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.notifications_for(
            self.request.user,
            after=params.validated_data.get("after"),
            unread=params.validated_data["unread"],
        )

    @extend_schema(
        summary="Your notifications",
        parameters=[
            OpenApiParameter(
                "after",
                {"type": "integer", "minimum": 0, "maximum": LARGEST_ID},
                description="Only ids above this one, oldest first (catch-up).",
            ),
            OpenApiParameter("unread", bool, description="Only unread ones."),
        ],
        responses={
            200: NotificationSerializer(many=True),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="`after` or `unread` is bad."),
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class NotificationReadView(APIView):
    @extend_schema(
        summary="Mark a notification read",
        request=None,
        responses={
            200: NotificationSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Not one of yours."),
        },
    )
    def post(self, request: Request, notification_id: int) -> Response:
        notification = actions.notification_mark_read(
            actor=request.user, notification_id=notification_id
        )
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(
        summary="Mark all your notifications read",
        request=None,
        responses={200: ReadResultSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT)},
    )
    def post(self, request: Request) -> Response:
        marked = actions.notifications_mark_all_read(actor=request.user)
        return Response({"marked": marked, "unread": 0})


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notification_list"),
    path(
        "notifications/<id:notification_id>/read/",
        NotificationReadView.as_view(),
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        NotificationReadAllView.as_view(),
        name="notification_read_all",
    ),
]
