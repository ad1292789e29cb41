"""Officer pages of market enforcement: the gig-market map and each market's page."""

from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("markets/", views.market_map, name="market_map"),
    path("markets/<int:market_id>/", views.market_detail, name="market_detail"),
    path("markets/<int:market_id>/status/", views.market_status, name="market_status"),
]
