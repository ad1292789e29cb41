"""Statements per request, counted in this process with Django's test client on the same
database, on a small case and on a large one: no request's count may grow with the case."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from bench import QueryCounter

from .data import LARGE, LARGE_SUBMITTED, SEARCH_TERM, SMALL, build_case, describe


def count_queries(token: str, method: str, path: str, body: dict | None = None) -> QueryCounter:
    """The statements one request runs, through the whole Django stack in this process
    (a first, uncounted request warms the caches a server process would have warm)."""
    from django.db import connection
    from django.test import Client as DjangoClient

    client = DjangoClient(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="localhost")
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, body or {}, content_type="application/json")
    if response.status_code != 200:
        raise RuntimeError(f"{method} {path}: {response.status_code} {response.content[:300]!r}")
    return counter


@dataclass
class QueryRow:
    label: str
    small: int
    large: int | None = None
    shapes: dict[str, int] = field(default_factory=dict)  # the small case's statements

    @classmethod
    def of(cls, label: str, small: QueryCounter, large: QueryCounter | None = None) -> QueryRow:
        return cls(
            label,
            len(small.statements),
            None if large is None else len(large.statements),
            small.shapes(),
        )

    @property
    def grows(self) -> bool:
        return self.large is not None and self.large > self.small


def query_counts(
    officer, colleague, token: str, *, large: dict = LARGE, large_submitted: dict = LARGE_SUBMITTED
) -> tuple[list[QueryRow], dict[str, str]]:
    """Statements per request (as `officer`, holding `token`) on a small and a large case;
    the large cases' sizes."""
    from django.utils import timezone

    small_id = build_case(officer, **SMALL)
    large_id = build_case(officer, **large)
    small_new = build_case(officer, **SMALL, accepted=False)
    large_new = build_case(officer, **large_submitted, accepted=False)
    mates = [build_case(colleague, **SMALL), build_case(colleague, **large)]
    sizes = {"large": describe(large_id), "large, not accepted": describe(large_new)}

    def get(path: str) -> QueryCounter:
        count_queries(token, "GET", path)  # warm
        return count_queries(token, "GET", path)

    def fire(case_id: int, name: str, body: dict) -> QueryCounter:
        return count_queries(token, "POST", f"/api/v1/cases/{case_id}/transitions/{name}/", body)

    accept = {"comment": "受理"}
    payment = {"comment": "", "amount": "100", "paid_on": timezone.localdate().isoformat()}
    fire(build_case(officer, **SMALL), "record_payment", payment)  # warm
    fire(build_case(officer, **SMALL, accepted=False), "accept", accept)  # warm
    rows = [
        QueryRow.of("no-op", get("/api/v1/auth/me/")),
        QueryRow.of(
            "case detail", get(f"/api/v1/cases/{small_id}/"), get(f"/api/v1/cases/{large_id}/")
        ),
        QueryRow.of(
            "case detail, masked",
            get(f"/api/v1/cases/{mates[0]}/"),
            get(f"/api/v1/cases/{mates[1]}/"),
        ),
        QueryRow.of("case list", get("/api/v1/cases/")),
        QueryRow.of("search", get(f"/api/v1/cases/?q={quote(SEARCH_TERM)}")),
        QueryRow.of(
            "transition (accept)",
            fire(small_new, "accept", accept),
            fire(large_new, "accept", accept),
        ),
        QueryRow.of(
            "transition (record_payment)",
            fire(small_id, "record_payment", payment),
            fire(large_id, "record_payment", payment),
        ),
    ]
    return rows, sizes
