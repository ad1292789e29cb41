"""Routes of the app's API, mounted under /api/v1/: the public complaint intake and the
dishonesty list (each package holds its views)."""

from django.urls import path, re_path

from .dishonesty.api import (
    CaseDishonestyView,
    EmployerDetailView,
    ListingListView,
    ListingStepView,
)
from .intake.api import PublicComplaintView

urlpatterns = [
    path("public/complaints/", PublicComplaintView.as_view(), name="api-public-complaints"),
    path("employers/<id:employer_id>/", EmployerDetailView.as_view(), name="api-employer"),
    path(
        "cases/<id:case_id>/dishonesty/", CaseDishonestyView.as_view(), name="api-case-dishonesty"
    ),
    path("dishonesty/", ListingListView.as_view(), name="api-dishonesty"),
    re_path(
        r"^dishonesty/(?P<listing_id>[0-9]+)/(?P<step>serve|statement|decide|repair)/$",
        ListingStepView.as_view(),
        name="api-dishonesty-step",
    ),
]
