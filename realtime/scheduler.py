"""Periodic jobs run inside the ASGI server process when there is no Celery (`make run`).

A small registry: `register(name, every_seconds, dotted_path)` names a callable taking no
arguments; `start()` runs the due jobs in one daemon thread, once per process. With
`REDIS_URL` set, Celery beat runs the same jobs instead (`gigcase/celery.py`), and the
ASGI entry point does not start this thread. Tests never start it unless they mean to.

The dotted path is imported when the job first runs, so a job may be registered before
the module that implements it exists; an import error is logged, not raised.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger("gigcase.realtime")


@dataclass
class Job:
    name: str
    every_seconds: float
    dotted_path: str
    next_run: float = field(default=0.0)

    def run(self) -> None:
        """Run once now; errors are logged, so one failing job never stops the others."""
        close_old_connections()
        try:
            import_string(self.dotted_path)()
        except Exception:
            logger.exception("periodic job %s (%s) failed", self.name, self.dotted_path)
        finally:
            close_old_connections()


_jobs: dict[str, Job] = {}
_lock = threading.Lock()
_wakeup = threading.Event()
_stopping = threading.Event()
_thread: threading.Thread | None = None


def register(name: str, every_seconds: float, dotted_path: str) -> Job:
    """Add (or replace) the job `name`: call `dotted_path` every `every_seconds`."""
    if every_seconds <= 0:
        raise ValueError("every_seconds must be positive")
    with _lock:
        job = Job(name=name, every_seconds=float(every_seconds), dotted_path=dotted_path)
        _jobs[name] = job
    _wakeup.set()
    return job


def unregister(name: str) -> None:
    with _lock:
        _jobs.pop(name, None)


def jobs() -> list[Job]:
    with _lock:
        return list(_jobs.values())


def get(name: str) -> Job | None:
    with _lock:
        return _jobs.get(name)


def running() -> bool:
    return _thread is not None and _thread.is_alive()


def wake(name: str) -> bool:
    """Make the job `name` due now and wake the thread; False when no thread is running
    here (the caller then does the work itself)."""
    if not running():
        return False
    with _lock:
        job = _jobs.get(name)
        if job is None:
            return False
        job.next_run = 0.0
    _wakeup.set()
    return True


def run_due(now: float | None = None) -> list[str]:
    """Run every job that is due at `now` (monotonic seconds); return their names."""
    now = time.monotonic() if now is None else now
    with _lock:
        due = [job for job in _jobs.values() if job.next_run <= now]
        for job in due:
            job.next_run = now + job.every_seconds
    for job in due:
        job.run()
    return [job.name for job in due]


def _seconds_to_next(now: float) -> float:
    with _lock:
        if not _jobs:
            return 60.0
        return max(0.0, min(job.next_run for job in _jobs.values()) - now)


def _loop() -> None:
    while not _stopping.is_set():
        run_due()
        _wakeup.wait(timeout=_seconds_to_next(time.monotonic()))
        _wakeup.clear()


def start() -> bool:
    """Start the daemon thread unless it runs already; True when this call started it."""
    global _thread
    with _lock:
        if _thread is not None and _thread.is_alive():
            return False
        _stopping.clear()
        _thread = threading.Thread(target=_loop, name="gigcase-scheduler", daemon=True)
        _thread.start()
    logger.info("in-process scheduler started: %s", ", ".join(sorted(_jobs)))
    return True


def stop(timeout: float = 5.0) -> None:
    """Stop the thread (tests that started it stop it again)."""
    global _thread
    _stopping.set()
    _wakeup.set()
    thread = _thread
    if thread is not None:
        thread.join(timeout)
    _thread = None
