"""Every WebSocket route, composed from the apps that serve them.

The last route takes any other path and closes it with 4404 (realtime/unknown_route.py).
"""

from django.urls import re_path

from realtime.routing import websocket_urlpatterns as notification_routes
from realtime.unknown_route import UnknownRouteConsumer
from rooms.routing import websocket_urlpatterns as room_routes

websocket_urlpatterns = [
    *notification_routes,
    *room_routes,
    re_path(r"", UnknownRouteConsumer.as_asgi()),
]
