"""WebSocket routes (the real-time layer adds its consumers here)."""

from django.urls import path

from realtime.consumers import NotificationConsumer

websocket_urlpatterns: list = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
