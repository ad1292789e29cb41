"""API routes: public."""

urlpatterns: list = []
