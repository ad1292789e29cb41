"""Shared fixtures: the demo organisation and personas used across the suite, and the one
browser every browser test drives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casework import workdays
from permissions.services import ensure_units, load_jurisdictions

from .factories import member, open_wage_case

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# --- postgres_only: skipped on SQLite, never on PostgreSQL -------------------------------


def _on_postgresql() -> bool:
    from django.db import connections

    return connections["default"].vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    if _on_postgresql():
        return
    for item in items:
        marker = item.get_closest_marker("postgres_only")
        if marker is not None:
            # The marker says why the test means nothing on SQLite; it runs on PostgreSQL.
            why = marker.kwargs.get("reason") or "it needs PostgreSQL"
            item.add_marker(pytest.mark.skip(reason=f"PostgreSQL only: {why}"))


_skipped_postgres_only: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail") and "postgres_only" in report.keywords:
        _skipped_postgres_only.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # On PostgreSQL a skipped postgres_only test is a promise nobody checked: the PostgreSQL
    # pass is where it must run, so the run fails (the summary says why).
    if _skipped_postgres_only and _on_postgresql() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped_postgres_only and _on_postgresql():
        terminalreporter.section("postgres_only tests skipped on PostgreSQL", red=True)
        for nodeid in _skipped_postgres_only:
            terminalreporter.line(nodeid, red=True)
        terminalreporter.line(
            f"{len(_skipped_postgres_only)} postgres_only test(s) were skipped on PostgreSQL, "
            "where they must run: this run fails.",
            red=True,
            bold=True,
        )


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # The holiday cache is process-wide: a test that edits the calendar or loads a notice
    # inside a rolled-back transaction must not leave it cached for the next test.
    workdays.invalidate()
    yield
    workdays.invalidate()


@pytest.fixture
def org(db):
    """Zaozhuang's jurisdictions and every department × jurisdiction unit."""
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()


@pytest.fixture
def hrss_officer(org):
    return member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")


@pytest.fixture
def hrss_officer2(org):
    return member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")


@pytest.fixture
def hrss_supervisor(org):
    return member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor")


@pytest.fixture
def hrss_clerk(org):
    return member("hrss.clerk.xuecheng", "hrss", "xuecheng", "clerk")


@pytest.fixture
def police_officer(org):
    return member("police.officer.xuecheng", "police", "xuecheng", "officer")


@pytest.fixture
def city_viewer(org):
    return member("hrss.viewer.city", "hrss", "city", "viewer")


@pytest.fixture
def other_district_officer(org):
    return member("hrss.officer.shizhong", "hrss", "shizhong", "officer")


@pytest.fixture
def market_officer(org):
    return member("market.officer.xuecheng", "market", "xuecheng", "officer")


@pytest.fixture
def wage_case(org):
    return open_wage_case()


# --- the browser ------------------------------------------------------------------------

# Debian's Chromium (`make test` installs it); Playwright's own browser download is never
# used. The flags keep it off the network and the GPU, and let it run as root.
CHROMIUM = "/usr/bin/chromium"
# The Chinese font the pages are drawn with (`.ci/packages.sh`: fonts-wqy-microhei).
CHINESE_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Playwright, for the tests of one module.

    Each launch gets a new, empty user-data directory (Playwright makes one and removes it
    on close). Playwright's sync API runs an event loop in the test thread, so Django
    takes the test's own ORM calls for calls from async code: DJANGO_ALLOW_ASYNC_UNSAFE is
    set while the browser, and so that loop, exists, and restored after.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs it as root, or run "
            "`sudo apt-get install -y --no-install-recommends chromium`"
        )
    if not CHINESE_FONT.is_file():
        # Without a Chinese font every character is an empty box of another width: the
        # layout checks would pass or fail on pages no user sees.
        pytest.fail(
            f"{CHINESE_FONT} is missing: `make test` installs it as root, or run "
            "`sudo apt-get install -y --no-install-recommends fonts-wqy-microhei`"
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()


@pytest.fixture
def screenshot_dir() -> Path | None:
    """Where to keep screenshots of the pages, when SCREENSHOT_DIR asks for them."""
    target = os.environ.get("SCREENSHOT_DIR")
    if not target:
        return None
    path = Path(target)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def fresh_throttles():
    """Throttle histories live in the cache, which outlives a test: emptied before and
    after one that counts requests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
