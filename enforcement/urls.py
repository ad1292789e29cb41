"""Officer pages of market enforcement: the gig-market map and each market's page, the
joint operations' per-unit forms, and the fixed-point watch of rectifications."""

from django.urls import path

from .joint_operation import views as operation_views
from .markets import views as market_views
from .rectification.patrols import views as patrol_views

app_name = "enforcement"

urlpatterns = [
    path("markets/", market_views.market_map, name="market_map"),
    path("markets/<int:market_id>/", market_views.market_detail, name="market_detail"),
    path("markets/<int:market_id>/status/", market_views.market_status, name="market_status"),
    path(
        "operations/<int:case_id>/units/<int:unit_id>/claim/",
        operation_views.claim,
        name="operation_claim",
    ),
    path(
        "operations/<int:case_id>/units/<int:unit_id>/report/",
        operation_views.report,
        name="operation_report",
    ),
    path("operations/<int:case_id>/links/", operation_views.link, name="operation_link"),
    path("patrols/", patrol_views.patrol_list, name="patrol_list"),
    path(
        "patrols/<int:visit_id>/record/",
        patrol_views.patrol_record_view,
        name="patrol_record",
    ),
    path(
        "rectification/<int:case_id>/watches/",
        patrol_views.watch_start_view,
        name="watch_start",
    ),
    path(
        "rectification/<int:case_id>/watches/<int:watch_id>/end/",
        patrol_views.watch_end_view,
        name="watch_end",
    ),
]
