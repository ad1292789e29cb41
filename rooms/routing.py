"""The case rooms' WebSocket route."""

from django.urls import path

from .consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/cases/<id:case_id>/room/", RoomConsumer.as_asgi()),
]
