from django.urls import include, path

urlpatterns = [
    path("", include("casework.api.auth")),
    path("", include("casework.api.public")),
    path("", include("casework.api.overdue")),
    path("", include("casework.api.cases")),
    path("", include("casework.api.calendar")),
    path("", include("casework.api.tasks")),
    path("", include("casework.api.clocks")),
    path("", include("casework.markets.api")),
    path("", include("casework.api.transfers")),
    path("", include("enforcement.rectification.patrols.api")),
    path("", include("casework.api.links")),
    path("", include("enforcement.joint_operation.api")),
    path("", include("realtime.api")),
    path("", include("rooms.api")),
]
