"""Officer pages of market enforcement: the gig-market map and each market's page."""

from django.urls import path

from . import views, views_operation, views_rectification

app_name = "enforcement"

urlpatterns = [
    path("markets/", views.market_map, name="market_map"),
    path("markets/<int:market_id>/", views.market_detail, name="market_detail"),
    path("markets/<int:market_id>/status/", views.market_status, name="market_status"),
    path(
        "operations/<int:case_id>/units/<int:unit_id>/claim/",
        views_operation.claim,
        name="operation_claim",
    ),
    path(
        "operations/<int:case_id>/units/<int:unit_id>/report/",
        views_operation.report,
        name="operation_report",
    ),
    path("operations/<int:case_id>/links/", views_operation.link, name="operation_link"),
    path("patrols/", views_rectification.patrol_list, name="patrol_list"),
    path(
        "patrols/<int:visit_id>/record/",
        views_rectification.patrol_record_view,
        name="patrol_record",
    ),
    path(
        "rectification/<int:case_id>/watches/",
        views_rectification.watch_start_view,
        name="watch_start",
    ),
    path(
        "rectification/<int:case_id>/watches/<int:watch_id>/end/",
        views_rectification.watch_end_view,
        name="watch_end",
    ),
]
