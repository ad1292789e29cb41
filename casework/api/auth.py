"""API routes: auth."""

urlpatterns: list = []
