from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class RealtimeConfig(AppConfig):
    name = "realtime"
    verbose_name = _("实时通知")

    def ready(self) -> None:
        from django.conf import settings

        from casework.notify import on_notifications_written

        from . import scheduler
        from .relay import kick_on_commit

        # Notification rows written by any action are sent once their transaction commits.
        on_notifications_written(kick_on_commit)

        # Registered, not started: the ASGI entry point (or Celery beat) decides who runs them.
        scheduler.register("relay", settings.REALTIME_SWEEP_SECONDS, "realtime.relay.sweep")
        scheduler.register(
            "check_deadlines",
            settings.REALTIME_DEADLINE_SECONDS,
            "casework.actions.deadlines.check_deadlines",
        )
        # The jobs other apps declare on their AppConfig (`periodic_jobs`).
        for config in apps.get_app_configs():
            for name, seconds, path in getattr(config, "periodic_jobs", ()):
                scheduler.register(name, seconds, path)
