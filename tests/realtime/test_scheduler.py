"""The in-process scheduler's registry and thread, and the Celery wiring of the same jobs."""

from __future__ import annotations

import threading

import pytest

from casework.models import Notification
from casework.notify import notify
from realtime import scheduler
from tests.polling import wait_until

TICKS: list[str] = []
TICKED = threading.Event()


def tick() -> None:
    TICKS.append("tick")
    TICKED.set()


def broken() -> None:
    raise RuntimeError("this job always fails")


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the project's jobs stay untouched), and no thread
    left behind."""
    monkeypatch.setattr(scheduler, "_jobs", {})
    TICKS.clear()
    TICKED.clear()
    yield scheduler
    scheduler.stop()


def test_the_project_registers_the_relay_sweep_and_the_deadline_watch(settings):
    jobs = {job.name: job for job in scheduler.jobs()}
    assert jobs["relay"].dotted_path == "realtime.relay.sweep"
    assert jobs["relay"].every_seconds == settings.REALTIME_SWEEP_SECONDS == 5.0
    assert jobs["check_deadlines"].dotted_path == "casework.actions.deadlines.check_deadlines"
    assert jobs["check_deadlines"].every_seconds == 300.0
    # Fixed-point watches: patrols are generated hourly (idempotent, see enforcement.rectification.patrols.actions).
    assert (
        jobs["patrols"].dotted_path
        == "enforcement.rectification.patrols.actions.generate_due_patrols"
    )
    assert jobs["patrols"].every_seconds == 3600
    # Registered, never started by the test settings.
    assert settings.REALTIME_SCHEDULER is False
    assert not scheduler.running()


def test_run_due_runs_each_job_when_due(registry):
    registry.register("tick", 10, "tests.realtime.test_scheduler.tick")
    assert registry.run_due(now=100.0) == ["tick"]
    assert registry.run_due(now=105.0) == []
    assert registry.run_due(now=110.0) == ["tick"]
    assert TICKS == ["tick", "tick"]


def test_a_failing_or_missing_job_is_logged_and_the_others_run(registry, caplog):
    registry.register("broken", 1, "tests.realtime.test_scheduler.broken")
    registry.register("missing", 1, "casework.no_such_module.job")
    registry.register("tick", 1, "tests.realtime.test_scheduler.tick")
    assert sorted(registry.run_due(now=0.0)) == ["broken", "missing", "tick"]
    assert TICKS == ["tick"]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "broken" in messages and "missing" in messages


def test_register_refuses_a_non_positive_interval(registry):
    with pytest.raises(ValueError):
        registry.register("never", 0, "tests.realtime.test_scheduler.tick")


def test_the_thread_runs_jobs_and_wake_makes_one_due_now(registry):
    assert registry.wake("tick") is False  # no thread: the caller does the work itself
    registry.register("tick", 3600, "tests.realtime.test_scheduler.tick")
    assert registry.start() is True
    assert registry.start() is False  # once per process
    assert TICKED.wait(5)  # first run at once
    TICKED.clear()
    assert registry.running()
    assert registry.wake("tick") is True
    assert TICKED.wait(5)
    assert TICKS == ["tick", "tick"]
    registry.stop()
    assert not registry.running()


@pytest.mark.django_db(transaction=True)
def test_the_thread_sweeps_unsent_notifications(registry, hrss_officer):
    """The `make run` arrangement: the relay sweep in the scheduler's thread."""
    notify([hrss_officer], type="case.assigned", text="由定时任务送出")
    row = Notification.objects.get(text="由定时任务送出")
    registry.register("relay", 0.1, "realtime.relay.sweep")
    registry.start()

    def sent() -> bool:
        row.refresh_from_db()
        return row.sent_at is not None

    wait_until(sent, "the scheduler's thread did not send the notification", timeout=10)


def test_celery_beat_runs_the_same_jobs():
    from gigcase.celery import app

    app.finalize()
    schedule = app.conf.beat_schedule
    assert schedule["relay"]["task"] == "realtime.relay_sweep"
    assert schedule["relay"]["schedule"] == 5.0
    assert schedule["check_deadlines"]["task"] == "realtime.check_deadlines"
    assert schedule["check_deadlines"]["schedule"] == 300.0
    assert {"realtime.relay_sweep", "realtime.check_deadlines", "realtime.run_job"} <= set(
        app.tasks
    )


def test_other_registered_jobs_reach_beat_through_run_job(registry):
    from gigcase.celery import _schedule_registered_jobs, app
    from realtime.tasks import run_job

    registry.register("tick", 60, "tests.realtime.test_scheduler.tick")
    _schedule_registered_jobs(app)
    assert app.conf.beat_schedule["tick"] == {
        "task": "realtime.run_job",
        "args": ("tick",),
        "schedule": 60.0,
    }
    run_job.apply(args=("tick",)).get()
    assert TICKS == ["tick"]
    with pytest.raises(LookupError):
        run_job.apply(args=("nobody",)).get()
    del app.conf.beat_schedule["tick"]


@pytest.mark.django_db
def test_the_relay_task_sends_unsent_rows(hrss_officer):
    from realtime.tasks import relay_sweep

    notify([hrss_officer], type="case.assigned", text="由 Celery 送出")
    assert relay_sweep.apply().get() >= 1
    assert Notification.objects.get(text="由 Celery 送出").sent_at is not None


@pytest.mark.django_db
def test_the_deadline_task_runs_the_deadline_watch(org):
    from realtime.tasks import check_deadlines

    result = check_deadlines.apply().get()
    assert isinstance(result, dict)
