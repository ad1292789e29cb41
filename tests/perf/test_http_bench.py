"""`bench/http/`'s in-process half on the suite's database: the cases it builds through the
actions, and statements per request that do not grow with the case (its last target).
The timed half needs daphne and runs only as the benchmark."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from bench.http.clients import percentile
from bench.http.data import officers
from bench.http.queries import query_counts

pytestmark = pytest.mark.django_db

# Big enough to show a count that grows per party, file, payment, note or unit, small
# enough for the suite.
LARGE = {"workers": 6, "attachments": 3, "payments": 4, "notes": 0, "participants": 2}
LARGE_SUBMITTED = {**LARGE, "payments": 0, "notes": 5}


def test_no_request_runs_more_statements_on_a_larger_case(org, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    officer, colleague = officers(2)
    token = Token.objects.create(user=officer).key

    rows, sizes = query_counts(
        officer, colleague, token, large=LARGE, large_submitted=LARGE_SUBMITTED
    )

    assert sizes["large"].startswith("6 parties")
    assert [r.label for r in rows if r.grows] == []
    counts = {r.label: r.small for r in rows}
    assert counts["no-op"] == 1
    assert all(r.small > 1 for r in rows if r.label != "no-op")
    assert all(r.large == r.small for r in rows if r.large is not None)


def test_percentiles_interpolate_between_ranks():
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([5.0], 0.95) == 5.0
