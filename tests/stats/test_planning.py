"""The statistics' planner settings hold for their own transaction only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.stats.planning import report_planning

pytestmark = pytest.mark.postgres_only(reason="PostgreSQL's plan cache and JIT settings")


def settings_now() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        return mode, cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_custom_plans_without_jit_inside_and_the_connection_unchanged_after():
    before = settings_now()
    assert before != ("force_custom_plan", "off")
    with report_planning():
        assert connection.in_atomic_block
        assert settings_now() == ("force_custom_plan", "off")
    assert settings_now() == before


@pytest.mark.django_db
def test_the_statistics_run_under_them(city_viewer, client):
    client.force_login(city_viewer)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/stats/").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    first = sql.index("SET LOCAL plan_cache_mode = force_custom_plan")
    grouped = next(i for i, s in enumerate(sql) if "GROUP BY" in s and "casework_case" in s)
    assert first < grouped
