from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rooms"
    verbose_name = _("案件协同室")
    # At the end of every case page: the task force and its room.
    case_closing_panels = ("rooms/_panels.html",)
    # The words for its audit events in a case's dossier (casework.documents.dossier_audit).
    audit_labels = {
        "rooms.taskforce.added": _("加入专班"),
        "rooms.taskforce.removed": _("退出专班"),
    }
    # Read by `manage.py seed_demo` after the demo cases exist.
    demo_stages = (("task force", "rooms.demo.seed_taskforce"),)
