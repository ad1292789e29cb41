"""Public pages (no login): file a complaint, follow it."""

from django.urls import path

from .dishonesty import views as dishonesty
from .intake import views

app_name = "disputes"

urlpatterns = [
    path("complaint/", views.complaint, name="complaint"),
    path("complaint/filed/", views.complaint_filed, name="complaint_filed"),
    path("track/", views.track, name="track"),
    path(
        "cases/<int:case_id>/dishonesty/",
        dishonesty.listing_propose_view,
        name="listing_propose",
    ),
    path(
        "dishonesty/<int:listing_id>/<str:step>/",
        dishonesty.listing_step_view,
        name="listing_step",
    ),
]
