"""API routes. Each module owns its own routes: cases/public (cases.py, public.py),
tasks (tasks.py), calendar (calendar.py), auth (auth.py)."""

from django.urls import include, path

urlpatterns = [
    path("", include("casework.api.routes")),
]
