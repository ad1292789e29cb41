from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rooms"
    verbose_name = _("案件协同室")
    # At the end of every case page: the task force and its room.
    case_closing_panels = ("rooms/_panels.html",)
    # Read by `manage.py seed_demo` after the demo cases exist.
    demo_stages = (("task force", "rooms.demo.seed_taskforce"),)
