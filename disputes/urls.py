"""Public pages (no login): file a complaint, follow it."""

from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("complaint/", views.complaint, name="complaint"),
    path("complaint/filed/", views.complaint_filed, name="complaint_filed"),
    path("track/", views.track, name="track"),
]
