from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rooms"
    verbose_name = _("案件协同室")

    def ready(self) -> None:
        from casework import demo

        from .demo import seed_taskforce

        demo.register_stage("task force", seed_taskforce)
