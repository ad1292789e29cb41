"""API routes: cases."""

urlpatterns: list = []
