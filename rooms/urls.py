"""Page routes of the room and task-force panels (the case page includes the panels)."""

from django.urls import path

from . import views

app_name = "rooms"

urlpatterns = [
    path("cases/<id:case_id>/room/post/", views.post_message, name="post"),
    path("cases/<id:case_id>/taskforce/add/", views.add_member, name="taskforce_add"),
    path(
        "cases/<id:case_id>/taskforce/<id:user_id>/remove/",
        views.remove_member,
        name="taskforce_remove",
    ),
]
