"""Routes of the dispute kinds' public API, mounted under /api/v1/."""

from django.urls import path

from .api import PublicComplaintView

urlpatterns = [
    path("public/complaints/", PublicComplaintView.as_view(), name="api-public-complaints"),
]
