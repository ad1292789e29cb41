"""WebSocket routes (the real-time layer adds its consumers here)."""

websocket_urlpatterns: list = []
