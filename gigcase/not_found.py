"""The 404 of a path that no route matches: JSON under the API, the site's page elsewhere.

A view that finds no row answers through DRF (`{"detail": …}`); a path that matches no
route (an unknown endpoint, a row id beyond any id) reaches this handler, so an API
client gets the same shape either way.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

API_PREFIX = "/api/"


def not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": str(NotFound.default_detail)},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return page_not_found(request, exception)
