"""Routes of the app's API, mounted under /api/v1/: the public complaint intake and the
dishonesty list (each package holds its views)."""

from django.urls import path

from .dishonesty.api import (
    CaseDishonestyView,
    EmployerDetailView,
    ListingDecideView,
    ListingListView,
    ListingRepairView,
    ListingServeView,
    ListingStatementView,
)
from .intake.api import PublicComplaintView

urlpatterns = [
    path("public/complaints/", PublicComplaintView.as_view(), name="api-public-complaints"),
    path("employers/<id:employer_id>/", EmployerDetailView.as_view(), name="api-employer"),
    path(
        "cases/<id:case_id>/dishonesty/", CaseDishonestyView.as_view(), name="api-case-dishonesty"
    ),
    path("dishonesty/", ListingListView.as_view(), name="api-dishonesty"),
    path("dishonesty/<id:listing_id>/serve/", ListingServeView.as_view()),
    path("dishonesty/<id:listing_id>/statement/", ListingStatementView.as_view()),
    path("dishonesty/<id:listing_id>/decide/", ListingDecideView.as_view()),
    path("dishonesty/<id:listing_id>/repair/", ListingRepairView.as_view()),
]
