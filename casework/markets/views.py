"""The gig-market map and the market page, for signed-in officers.

The map page renders the filtered markets twice: as a table (the page works without
JavaScript) and as JSON for the map script. Case counts are of open cases the viewer may
see, from `casework.markets.selectors`; nothing counts a case hidden from them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from casework.errors import Conflict, InvalidInput, NotPermitted
from casework.markets.actions import MarketNotFound, market_set_status
from casework.markets.policy import market_policy
from casework.markets.selectors import (
    clean_filters,
    market_cases_for_user,
    market_get_for_user,
    market_list_for_user,
    open_case_counts,
    status_history,
)
from casework.models import FACILITIES, MarketKind, MarketStatus
from casework.views.common import error_page
from permissions.models import Jurisdiction

# Marker colours by status, shared by the legend, the table and the map script.
STATUS_COLOURS = {
    MarketStatus.REGISTERED: "#1f7a3f",
    MarketStatus.RECTIFYING: "#d08400",
    MarketStatus.BANNED: "#c0262d",
    MarketStatus.CLOSED: "#6b7482",
}


def _districts():
    return Jurisdiction.objects.exclude(lon=None).exclude(lat=None).order_by("path")


@login_required
@require_GET
def market_map(request: HttpRequest) -> HttpResponse:
    filters = clean_filters(request.GET)
    markets = list(market_list_for_user(request.user, filters=filters))
    counts = open_case_counts(request.user, [m.pk for m in markets])
    rows = [(m, counts.get(m.pk, 0)) for m in markets]
    districts = list(_districts())
    points = [
        {
            "id": m.pk,
            "name": m.name,
            "status": m.status,
            "status_display": m.get_status_display(),
            "kind_display": m.get_kind_display(),
            "district": m.jurisdiction.name,
            "lon": float(m.lon),
            "lat": float(m.lat),
            "open_cases": n,
            "url": reverse("casework:market_detail", args=[m.pk]),
        }
        for m, n in rows
    ]
    seats = [
        {"name": j.name, "lon": float(j.lon), "lat": float(j.lat), "root": j.parent_id is None}
        for j in districts
    ]
    legend = [
        {"value": value, "label": label, "colour": STATUS_COLOURS[value]}
        for value, label in MarketStatus.choices
    ]
    return render(
        request,
        "casework/markets/map.html",
        {
            "nav": "markets",
            "rows": rows,
            "filters": filters,
            "statuses": MarketStatus.choices,
            "kinds": MarketKind.choices,
            "districts": districts,
            "legend": legend,
            "map_data": {
                "markets": points,
                "seats": seats,
                "colours": {str(k): v for k, v in STATUS_COLOURS.items()},
                "tile_url": settings.MAP_TILE_URL,
                "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
                # Without tiles, the districts' outlines (the dashboard's map) are the base.
                "outline_url": static("vendor/echarts-china-cities/zaozhuang.geojson"),
                "open_cases_label": _("在办案件"),
                "details_label": _("查看详情"),
            },
            "total_open": sum(n for _m, n in rows),
        },
    )


def _market_page(
    request: HttpRequest, market_id: int, *, errors: dict | None = None, status: int = 200
) -> HttpResponse:
    try:
        market = market_get_for_user(request.user, market_id)
    except MarketNotFound:
        raise Http404(_("零工市场不存在。")) from None
    have = set(market.facilities or [])
    cases = list(market_cases_for_user(request.user, market))
    return render(
        request,
        "casework/markets/detail.html",
        {
            "nav": "markets",
            "market": market,
            "facilities": [(key, label, key in have) for key, label in FACILITIES],
            "history": list(status_history(market)),
            "cases": cases,
            # A linked case the viewer may not see is not named in the history either.
            "visible_case_ids": {c.pk for c in cases},
            "open_count": sum(1 for c in cases if c.closed_at is None),
            "can_edit": market_policy.can(request.user, "set_status", market),
            "statuses": [(v, label) for v, label in MarketStatus.choices if v != market.status],
            "errors": errors or {},
            "posted": request.POST if errors else {},
        },
        status=status,
    )


@login_required
@require_GET
def market_detail(request: HttpRequest, market_id: int) -> HttpResponse:
    return _market_page(request, market_id)


@login_required
@require_POST
def market_status(request: HttpRequest, market_id: int) -> HttpResponse:
    """The registry editors' status change from the market page (MarketPolicy decides)."""
    try:
        market = market_set_status(
            actor=request.user,
            market_id=market_id,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except MarketNotFound:
        raise Http404(_("零工市场不存在。")) from None
    except InvalidInput as exc:
        return _market_page(request, market_id, errors=exc.errors, status=400)
    except NotPermitted as exc:
        return error_page(request, 403, exc.message)
    except Conflict as exc:
        messages.warning(request, exc.message)
        return redirect("casework:market_detail", market_id)
    messages.success(
        request,
        _("零工市场状态已变更为“%(status)s”。") % {"status": market.get_status_display()},
    )
    return redirect("casework:market_detail", market.pk)
