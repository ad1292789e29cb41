from django.urls import include, path

urlpatterns = [
    path("", include("casework.api.auth")),
    path("", include("casework.api.public")),
    path("", include("casework.api.overdue")),
    path("", include("casework.api.cases")),
    path("", include("casework.api.calendar")),
    path("", include("casework.api.tasks")),
    path("", include("casework.api.clocks")),
    path("", include("casework.api.markets")),
    path("", include("casework.api.transfers")),
    path("", include("enforcement.api_rectification")),
    path("", include("casework.api.links")),
    path("", include("enforcement.api_operation")),
    path("", include("realtime.api")),
    path("", include("rooms.api")),
]
