"""WebSocket routes (the real-time layer adds its consumers here)."""

from django.urls import path

from realtime.consumers import NotificationConsumer
from rooms.consumers import RoomConsumer

websocket_urlpatterns: list = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/cases/<int:case_id>/room/", RoomConsumer.as_asgi()),
]
