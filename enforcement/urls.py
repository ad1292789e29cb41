"""Officer pages of market enforcement: the joint operations' per-unit forms and the
fixed-point watch of rectifications (the market map and pages are casework's registry)."""

from django.urls import path

from .joint_operation import views as operation_views
from .rectification.patrols import views as patrol_views

app_name = "enforcement"

urlpatterns = [
    path(
        "operations/<id:case_id>/units/<id:unit_id>/claim/",
        operation_views.claim,
        name="operation_claim",
    ),
    path(
        "operations/<id:case_id>/units/<id:unit_id>/report/",
        operation_views.report,
        name="operation_report",
    ),
    path("operations/<id:case_id>/links/", operation_views.link, name="operation_link"),
    path("patrols/", patrol_views.patrol_list, name="patrol_list"),
    path(
        "patrols/<id:visit_id>/record/",
        patrol_views.patrol_record_view,
        name="patrol_record",
    ),
    path(
        "rectification/<id:case_id>/watches/",
        patrol_views.watch_start_view,
        name="watch_start",
    ),
    path(
        "rectification/<id:case_id>/watches/<id:watch_id>/end/",
        patrol_views.watch_end_view,
        name="watch_end",
    ),
]
