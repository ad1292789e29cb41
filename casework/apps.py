from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("案件")
    # (name, seconds, dotted path): see enforcement.apps. Reminders repeat at most daily.
    periodic_jobs = (
        (
            "holiday_notice_reminder",
            6 * 3600,
            "casework.actions.calendar_notice.remind_missing_notice",
        ),
    )

    def ready(self) -> None:
        from . import policies, receivers  # noqa: F401  (registers policies, hooks)
        from .markets import policy  # noqa: F401  (registers the market registry's policy)
