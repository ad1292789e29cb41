"""Reads of the gig-market registry, with the cases behind each market as the user sees them.

Case counts and lists go through `case_list_for_user`: a market shows only the cases the
viewer may see, so neither a count nor a row reveals a case of another unit.
"""

from __future__ import annotations

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from casework.models import Case
from casework.selectors import case_list_for_user
from permissions.models import Jurisdiction

from .actions import MarketNotFound
from .models import Market, MarketKind, MarketStatus
from .policy import market_policy
from .validation import Jurisdictions

FILTERS = ("status", "kind", "jurisdiction", "q")


def clean_filters(params) -> dict[str, str]:
    """The recognised filters with a valid value; anything else is ignored, not an error,
    as on the case lists (a stale bookmark still shows the map)."""
    out: dict[str, str] = {}
    status = (params.get("status") or "").strip()
    if status in MarketStatus.values:
        out["status"] = status
    kind = (params.get("kind") or "").strip()
    if kind in MarketKind.values:
        out["kind"] = kind
    jurisdiction = (params.get("jurisdiction") or "").strip()
    if jurisdiction and Jurisdiction.objects.filter(code=jurisdiction).exists():
        out["jurisdiction"] = jurisdiction
    q = (params.get("q") or "").strip()[:60]
    if q:
        out["q"] = q
    return out


def market_list_for_user(user, *, filters: dict | None = None) -> QuerySet[Market]:
    qs = market_policy.scope(user, "view", Market.objects.all())
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("jurisdiction"):
        # A district shows its own markets and those of the jurisdictions below it.
        jur = Jurisdiction.objects.filter(code=f["jurisdiction"]).first()
        qs = qs.filter(jurisdiction__path__startswith=jur.path) if jur else qs.none()
    if f.get("q"):
        qs = qs.filter(name__icontains=f["q"])
    return qs.select_related("jurisdiction").order_by("jurisdiction__path", "name", "id")


def market_get_for_user(user, market_id) -> Market:
    try:
        market = Market.objects.select_related("jurisdiction").get(pk=int(market_id))
    except (Market.DoesNotExist, ValueError, TypeError):
        raise MarketNotFound(_("零工市场不存在。")) from None
    if not market_policy.can(user, "view", market):
        raise MarketNotFound(_("零工市场不存在。"))
    return market


def open_case_counts(user, market_ids=None) -> dict[int, int]:
    """market id → the number of open cases about it that the user may see."""
    qs = case_list_for_user(user).filter(market__isnull=False, closed_at__isnull=True)
    if market_ids is not None:
        qs = qs.filter(market_id__in=list(market_ids))
    rows = qs.order_by().values("market_id").annotate(n=Count("id")).values_list("market_id", "n")
    return dict(rows)


def market_cases_for_user(user, market: Market) -> QuerySet[Case]:
    """The cases about this market, of every department, that the user may see."""
    return (
        case_list_for_user(user)
        .filter(market_id=market.pk)
        .select_related("lead_unit__department")
        .order_by(F("closed_at").asc(nulls_first=True), F("deadline").asc(nulls_last=True), "-id")
    )


def status_history(market: Market):
    return market.status_changes.select_related("actor", "case").order_by("at", "id")


def jurisdiction_contains(jurisdiction: Jurisdiction, lon, lat) -> bool:
    """Whether a point lies in the area where the registry accepts the jurisdiction's
    markets (docs/markets.md): what a case that records coordinates checks them against."""
    return Jurisdictions().area(jurisdiction).contains(lon, lat)
