"""Every WebSocket route, composed from the apps that serve them."""

from realtime.routing import websocket_urlpatterns as notification_routes
from rooms.routing import websocket_urlpatterns as room_routes

websocket_urlpatterns = [*notification_routes, *room_routes]
