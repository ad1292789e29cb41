from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = _("实时通知")

    def ready(self) -> None:
        from django.conf import settings

        from . import scheduler

        # Registered, not started: the ASGI entry point (or Celery beat) decides who runs them.
        scheduler.register("relay", settings.REALTIME_SWEEP_SECONDS, "realtime.relay.sweep")
        scheduler.register(
            "check_deadlines",
            settings.REALTIME_DEADLINE_SECONDS,
            "casework.actions.deadlines.check_deadlines",
        )
