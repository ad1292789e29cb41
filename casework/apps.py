from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from .converters import RowId


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("案件")
    # (name, seconds, dotted path), run by the real-time layer's scheduler or Celery beat:
    # background exports left pending (e.g. by a restart) and old export files removed; the
    # reminder of a missing holiday notice (at most one a day each).
    periodic_jobs = (
        ("case_exports", 60, "casework.actions.exports.run_pending_exports"),
        (
            "holiday_notice_reminder",
            6 * 3600,
            "casework.actions.calendar_notice.remind_missing_notice",
        ),
    )
    # The documents of the case, and the button that builds its dossier.
    case_closing_panels = ("casework/_documents_panel.html",)

    def ready(self) -> None:
        # `<id:…>` in every app's routes (casework/converters.py); URLconfs are read after
        # the apps are ready.
        register_converter(RowId, "id")
        from . import policies, receivers  # noqa: F401  (registers policies, hooks)
        from .markets import policy  # noqa: F401  (registers the market registry's policy)
