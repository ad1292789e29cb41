"""Celery tasks: the periodic jobs when `REDIS_URL` is set (beat in `gigcase/celery.py`).

They call the same functions as the in-process scheduler; without Redis the settings make
Celery eager, so `.delay()` runs them on the spot.
"""

from __future__ import annotations

from celery import shared_task
from django.utils.module_loading import import_string


@shared_task(name="realtime.relay_sweep", ignore_result=True)
def relay_sweep() -> int:
    """Send the notifications still unsent (Redis was down, or a kick failed)."""
    from .relay import sweep

    return sweep()


@shared_task(name="realtime.check_deadlines", ignore_result=True)
def check_deadlines() -> dict:
    """Warn at 80 % of each legal clock and escalate overdue cases."""
    # Imported here: the deadline watch lives in casework and may load after this module.
    from casework.actions.deadlines import check_deadlines as run

    return run()


@shared_task(name="realtime.run_job", ignore_result=True)
def run_job(name: str) -> None:
    """Run a job registered with `realtime.scheduler.register` by its name."""
    from . import scheduler

    job = scheduler.get(name)
    if job is None:
        raise LookupError(f"no periodic job named {name!r}")
    import_string(job.dotted_path)()
