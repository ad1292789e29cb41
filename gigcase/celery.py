"""The Celery app: worker and beat when `REDIS_URL` is set.

    celery -A gigcase worker -l info
    celery -A gigcase beat -l info

Beat runs the periodic jobs that `make run` runs in-process (`realtime/scheduler.py`):
the notification relay sweep and the deadline watch, plus any other job registered with
`realtime.scheduler.register`.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gigcase.settings.local")

app = Celery("gigcase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Task name → the scheduler job it stands for; those get their own task, the rest run
# through `realtime.run_job`.
BUILTIN_JOBS = {"relay": "realtime.relay_sweep", "check_deadlines": "realtime.check_deadlines"}


def _seconds(name: str, default: float) -> float:
    from django.conf import settings

    return float(getattr(settings, name, default))


app.conf.beat_schedule = {
    "relay": {"task": "realtime.relay_sweep", "schedule": 5.0},
    "check_deadlines": {"task": "realtime.check_deadlines", "schedule": 300.0},
}


@app.on_after_finalize.connect
def _schedule_registered_jobs(sender: Celery, **kwargs) -> None:
    """Take the intervals from the settings, and add jobs other apps registered."""
    from realtime import scheduler

    sender.conf.beat_schedule["relay"]["schedule"] = _seconds("REALTIME_SWEEP_SECONDS", 5.0)
    sender.conf.beat_schedule["check_deadlines"]["schedule"] = _seconds(
        "REALTIME_DEADLINE_SECONDS", 300.0
    )
    for job in scheduler.jobs():
        if job.name in BUILTIN_JOBS:
            continue
        sender.conf.beat_schedule[job.name] = {
            "task": "realtime.run_job",
            "args": (job.name,),
            "schedule": job.every_seconds,
        }
