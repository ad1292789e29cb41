"""API routes: tasks."""

urlpatterns: list = []
