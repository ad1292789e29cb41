"""API routes: calendar."""

urlpatterns: list = []
