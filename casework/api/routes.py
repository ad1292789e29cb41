"""The API's routes: casework's own modules, then the routes each registered kind declares
(`KindSpec.api_urls`). Other apps' APIs are composed next to these in `gigcase/urls.py`."""

from django.urls import include, path

from casework.kinds import all_kinds

urlpatterns = [
    path("", include("casework.api.auth")),
    path("", include("casework.api.public")),
    path("", include("casework.api.overdue")),
    path("", include("casework.api.exports")),
    path("", include("casework.api.cases")),
    path("", include("casework.api.calendar")),
    path("", include("casework.api.tasks")),
    path("", include("casework.api.clocks")),
    path("", include("casework.markets.api")),
    path("", include("casework.api.transfers")),
    path("", include("casework.api.links")),
    path("", include("casework.stats.api")),
    path("", include("casework.api.documents")),
    path("", include("casework.api.public_documents")),
]
urlpatterns += [path("", include(spec.api_urls)) for spec in all_kinds() if spec.api_urls]
