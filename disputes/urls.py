"""The app's pages: filing and following a public complaint (no login), and the forms of the
dishonesty list posted from the case page."""

from django.urls import path

from .dishonesty import views as dishonesty
from .intake import views as intake

app_name = "disputes"

urlpatterns = [
    path("complaint/", intake.complaint, name="complaint"),
    path("complaint/filed/", intake.complaint_filed, name="complaint_filed"),
    path("track/", intake.track, name="track"),
    path("track/documents/", intake.track_document, name="track_document"),
    path(
        "cases/<id:case_id>/dishonesty/",
        dishonesty.listing_propose_view,
        name="listing_propose",
    ),
    path(
        "dishonesty/<id:listing_id>/<str:step>/",
        dishonesty.listing_step_view,
        name="listing_step",
    ),
]
