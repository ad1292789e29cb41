"""A row id in a URL beyond any id is a 404 on every route, never a database error.

SQLite refuses an integer beyond 64 bits in a query (`OverflowError`); Django's `int`
converter let such a number through to the views, and a view that locks several rows at
once (`pk__in`) answered 500. The `id` converter (casework/converters.py) matches it to no
route.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver, resolve

from casework.converters import LARGEST_ID

PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
BEYOND = (LARGEST_ID + 1, 10**25)


def routes_with_ids() -> list[str]:
    def walk(entries, prefix: str):
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif "<id:" in route:
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "/")))


ROUTES = routes_with_ids()


def filled(route: str, number: int) -> str:
    return PARAMETER.sub(lambda m: str(number) if m.group(1) == "id" else "x", route)


def test_every_route_of_a_row_takes_the_id_converter():
    assert len(ROUTES) > 60
    assert "/api/v1/cases/<id:pk>/" in ROUTES
    assert "/cases/<id:case_id>/" in ROUTES
    everything = []
    stack = [("/", get_resolver().url_patterns)]
    while stack:
        prefix, entries = stack.pop()
        for entry in entries:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                stack.append((route, entry.url_patterns))
            else:
                everything.append(route)
    # The admin's object ids are its own (`<path:object_id>`); no route of ours takes `int`.
    assert [r for r in everything if "<int:" in r] == []


def test_the_largest_id_still_resolves():
    match = resolve(filled("/api/v1/cases/<id:pk>/", LARGEST_ID))
    assert match.kwargs == {"pk": LARGEST_ID}


@pytest.mark.parametrize("route", ROUTES)
def test_an_id_beyond_any_row_is_404(client, hrss_officer, route):
    client.force_login(hrss_officer)
    for number in BEYOND:
        path = filled(route, number)
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 404, (method.__name__, path)
            if path.startswith("/api/"):
                assert response.json() == {"detail": "未找到。"}, path
