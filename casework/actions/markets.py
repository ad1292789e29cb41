"""The gig-market registry: creating and updating markets, and changing their status.

Status changes (registered → rectifying → banned / closed, and back) always go through
`market_set_status`, which writes one history row and one audit event; rectification and
ban decisions of enforcement cases call it with the case that decided them.

Coordinates must lie inside the market's jurisdiction. There are no district polygons, so
the rule is geometric and documented in docs/markets.md: within `MARKET_SEAT_RADIUS_DEG`
degrees (default 0.35) of the jurisdiction's seat, or — for a jurisdiction with
subdivisions, such as the city — inside the bounding box of its subdivisions' seats widened
by the same margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.errors import CaseworkError, Conflict, InvalidInput, NotPermitted
from casework.market_policy import market_policy
from casework.models import (
    FACILITIES,
    Case,
    Market,
    MarketKind,
    MarketStatus,
    MarketStatusChange,
)
from casework.policies import case_policy
from permissions.models import Jurisdiction

DEFAULT_SEAT_RADIUS_DEG = Decimal("0.35")
SIX_PLACES = Decimal("0.000001")
TEXT_FIELDS = {"name": 120, "address": 200, "operator": 120, "opening_hours": 60}
EDITABLE_FIELDS = (
    "name",
    "kind",
    "status",
    "jurisdiction",
    "address",
    "lon",
    "lat",
    "operator",
    "facilities",
    "opening_hours",
)
FACILITY_SEPARATORS = (",", "，", "、", ";", "；")


class MarketNotFound(CaseworkError):
    status_code = 404


def seat_radius() -> Decimal:
    return Decimal(str(getattr(settings, "MARKET_SEAT_RADIUS_DEG", DEFAULT_SEAT_RADIUS_DEG)))


# --------------------------------------------------------------------------- choices


def _choice_lookup(choices) -> dict[str, str]:
    """Both the stored key and its Chinese label (as typed in a spreadsheet) → the key."""
    lookup: dict[str, str] = {}
    for key, label in choices:
        lookup[str(key).lower()] = key
        lookup[str(label)] = key
    return lookup


def _zh_lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    # The labels are lazy translations: a spreadsheet is typed in Chinese whatever the
    # language of the request or command, so accept the Chinese labels and the English ones.
    from django.utils import translation

    tables = []
    for choices in (MarketKind.choices, MarketStatus.choices, FACILITIES):
        table = _choice_lookup(choices)
        with translation.override("zh-hans"):
            table.update({str(label): key for key, label in choices})
        with translation.override("en"):
            table.update({str(label).lower(): key for key, label in choices})
        tables.append(table)
    return tables[0], tables[1], tables[2]


# --------------------------------------------------------------------------- areas


@dataclass(frozen=True)
class Area:
    """Where a jurisdiction's markets may lie: a disc around the seat, a widened box, or both."""

    seat: tuple[Decimal, Decimal] | None
    box: tuple[Decimal, Decimal, Decimal, Decimal] | None  # min lon, min lat, max lon, max lat
    radius: Decimal

    def contains(self, lon: Decimal, lat: Decimal) -> bool:
        if self.seat is None and self.box is None:
            return True  # a jurisdiction without a seat on record: nothing to check against
        if self.seat is not None:
            dlon, dlat = lon - self.seat[0], lat - self.seat[1]
            if dlon * dlon + dlat * dlat <= self.radius * self.radius:
                return True
        if self.box is not None:
            min_lon, min_lat, max_lon, max_lat = self.box
            r = self.radius
            return min_lon - r <= lon <= max_lon + r and min_lat - r <= lat <= max_lat + r
        return False


class Jurisdictions:
    """Every jurisdiction loaded once, with the area of each: for imports of many rows."""

    def __init__(self) -> None:
        self.by_code: dict[str, Jurisdiction] = {j.code: j for j in Jurisdiction.objects.all()}
        self.by_name: dict[str, Jurisdiction] = {j.name: j for j in self.by_code.values()}
        self.radius = seat_radius()
        self._areas: dict[str, Area] = {}

    def get(self, value: str) -> Jurisdiction | None:
        return self.by_code.get(value) or self.by_code.get(value.lower()) or self.by_name.get(value)

    def area(self, jurisdiction: Jurisdiction) -> Area:
        if jurisdiction.code not in self._areas:
            seat = (
                (jurisdiction.lon, jurisdiction.lat)
                if jurisdiction.lon is not None and jurisdiction.lat is not None
                else None
            )
            below = [
                j
                for j in self.by_code.values()
                if j.path.startswith(jurisdiction.path)
                and j.pk != jurisdiction.pk
                and j.lon is not None
                and j.lat is not None
            ]
            box = None
            if below:
                box = (
                    min(j.lon for j in below),
                    min(j.lat for j in below),
                    max(j.lon for j in below),
                    max(j.lat for j in below),
                )
            self._areas[jurisdiction.code] = Area(seat=seat, box=box, radius=self.radius)
        return self._areas[jurisdiction.code]


# --------------------------------------------------------------------------- validation


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _coordinate(value, low: int, high: int) -> Decimal | str:
    """The coordinate as a 6-place Decimal, or the error message."""
    text = _text(value)
    if not text:
        return _("必填。")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _("不是有效的数字。")
    if not number.is_finite() or not low <= number <= high:
        return _("须在 %(low)s 至 %(high)s 之间。") % {"low": low, "high": high}
    return number.quantize(SIX_PLACES)


def parse_facilities(value, lookup: dict[str, str]) -> list[str] | str:
    """Facility keys (or their Chinese labels) as a list or one separated string; or the
    error message naming the unknown ones. The result keeps the order of FACILITIES."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value
        for sep in FACILITY_SEPARATORS[1:]:
            text = text.replace(sep, FACILITY_SEPARATORS[0])
        items = [t.strip() for t in text.split(FACILITY_SEPARATORS[0]) if t.strip()]
    elif isinstance(value, list | tuple):
        items = [_text(v) for v in value]
    else:
        return _("须为设施代码的列表。")
    keys, unknown = set(), []
    for item in items:
        key = lookup.get(item) or lookup.get(item.lower())
        if key is None:
            unknown.append(item)
        else:
            keys.add(key)
    if unknown:
        return _("未知的设施：%(items)s。") % {"items": "、".join(unknown)}
    return [key for key, _label in FACILITIES if key in keys]


class MarketCleaner:
    """Validates market fields into model values, or a dict of field → [message]."""

    def __init__(self, jurisdictions: Jurisdictions | None = None) -> None:
        self.jurisdictions = jurisdictions or Jurisdictions()
        self.kinds, self.statuses, self.facilities = _zh_lookups()

    def clean(self, data: dict, *, current: Market | None = None) -> tuple[dict, dict]:
        """`current` given: a partial update, only the fields present are checked (with the
        market's other values where a rule needs them, e.g. coordinates and jurisdiction)."""
        errors: dict[str, list[str]] = {}
        values: dict = {}
        partial = current is not None

        def want(field: str) -> bool:
            return not partial or field in data

        unknown = sorted(set(data) - set(EDITABLE_FIELDS) - {"reason"})
        for field in unknown:
            errors[field] = [_("不能修改该字段。")]

        for field, limit in TEXT_FIELDS.items():
            if not want(field):
                continue
            text = _text(data.get(field))
            if field == "name" and not text:
                errors[field] = [_("必填。")]
            elif len(text) > limit:
                errors[field] = [_("不能超过 %(n)s 个字符。") % {"n": limit}]
            else:
                values[field] = text

        for field, lookup, required in (
            ("kind", self.kinds, True),
            ("status", self.statuses, False),
        ):
            if not want(field):
                continue
            text = _text(data.get(field))
            if not text:
                if required:
                    errors[field] = [_("必填。")]
                continue
            key = lookup.get(text) or lookup.get(text.lower())
            if key is None:
                errors[field] = [_("未知的取值：%(value)s。") % {"value": text}]
            else:
                values[field] = key

        jurisdiction = current.jurisdiction if current is not None else None
        if want("jurisdiction"):
            code = _text(data.get("jurisdiction"))
            found = self.jurisdictions.get(code) if code else None
            if not code:
                errors["jurisdiction"] = [_("必填。")]
            elif found is None:
                errors["jurisdiction"] = [_("未知的行政区划：%(code)s。") % {"code": code}]
            else:
                values["jurisdiction"] = jurisdiction = found

        coords: dict[str, Decimal] = {}
        for field, low, high in (("lon", -180, 180), ("lat", -90, 90)):
            if want(field):
                result = _coordinate(data.get(field), low, high)
                if isinstance(result, str):
                    errors[field] = [result]
                else:
                    values[field] = coords[field] = result
            elif current is not None:
                coords[field] = current.lon if field == "lon" else current.lat
        if (
            jurisdiction is not None
            and len(coords) == 2
            and "lon" not in errors
            and "lat" not in errors
            and (want("lon") or want("lat") or want("jurisdiction"))
            and not self.jurisdictions.area(jurisdiction).contains(coords["lon"], coords["lat"])
        ):
            errors.setdefault("lon", []).append(
                _("坐标不在%(name)s范围内。") % {"name": jurisdiction.name}
            )

        if want("facilities"):
            result = parse_facilities(data.get("facilities"), self.facilities)
            if isinstance(result, str):
                errors["facilities"] = [result]
            else:
                values["facilities"] = result
        return values, errors


# --------------------------------------------------------------------------- actions


def _get_locked(market_id) -> Market:
    try:
        pk = int(market_id)
    except (TypeError, ValueError):
        raise MarketNotFound(_("零工市场不存在。")) from None
    market = Market.objects.select_for_update().select_related("jurisdiction").filter(pk=pk).first()
    if market is None:
        raise MarketNotFound(_("零工市场不存在。"))
    return market


def _history(market: Market, from_status: str, actor, reason: str, case=None):
    return MarketStatusChange(
        market=market,
        from_status=from_status,
        to_status=market.status,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
        at=timezone.now(),
        case=case,
    )


def _snapshot(market: Market) -> dict:
    return {
        "name": market.name,
        "kind": market.kind,
        "status": market.status,
        "jurisdiction": market.jurisdiction.code,
        "address": market.address,
        "lon": str(market.lon),
        "lat": str(market.lat),
        "operator": market.operator,
        "facilities": market.facilities,
        "opening_hours": market.opening_hours,
    }


def market_create(*, actor, data: dict) -> Market:
    """Register a market. `actor` None is the system (a command run by the operator)."""
    values, errors = MarketCleaner().clean(data)
    if errors:
        raise InvalidInput(errors=errors)
    values.setdefault("status", MarketStatus.REGISTERED)
    market = Market(**values)
    if actor is not None and not market_policy.can(actor, "add", market):
        raise NotPermitted(_("您无权在该行政区划登记零工市场。"))
    reason = _text(data.get("reason")) or _("登记")
    with transaction.atomic():
        market.save()
        _history(market, "", actor, reason).save()
        audit.record(
            actor=actor,
            verb="casework.market.create",
            obj=market,
            to_state=market.status,
            payload=_snapshot(market),
        )
    return market


def market_update(*, actor, market_id, data: dict) -> Market:
    """Change some registry fields. A changed status needs a `reason` and is recorded in the
    status history like `market_set_status`."""
    with transaction.atomic():
        market = _get_locked(market_id)
        if actor is not None and not market_policy.can(actor, "change", market):
            raise NotPermitted(_("您无权修改该零工市场。"))
        values, errors = MarketCleaner().clean(data, current=market)
        new_status = values.pop("status", market.status)
        reason = _text(data.get("reason"))
        if new_status != market.status and not reason:
            errors["reason"] = [_("变更状态须填写原因。")]
        if errors:
            raise InvalidInput(errors=errors)
        target = values.get("jurisdiction", market.jurisdiction)
        if actor is not None and target.pk != market.jurisdiction_id:
            moved = Market(jurisdiction=target)
            if not market_policy.can(actor, "change", moved):
                raise NotPermitted(_("您无权将零工市场移至该行政区划。"))
        before = _snapshot(market)
        for field, value in values.items():
            setattr(market, field, value)
        old_status = market.status
        if new_status != old_status:
            market.status = new_status
        market.save()
        after = _snapshot(market)
        changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if new_status != old_status:
            _history(market, old_status, actor, reason).save()
        audit.record(
            actor=actor,
            verb="casework.market.update",
            obj=market,
            from_state=old_status,
            to_state=market.status,
            payload={"changed": changed, "reason": reason},
        )
    return market


def _case_of(case) -> Case | None:
    if case is None or isinstance(case, Case):
        return case
    try:
        return Case.objects.filter(pk=int(case)).first()
    except (TypeError, ValueError):
        return None


def market_set_status(*, actor, market_id, status: str, reason: str, case=None) -> Market:
    """Move a market to `status` for `reason`, optionally on the strength of `case`.

    Permitted to the registry's editors (MarketPolicy), and to whoever works on the linked
    case when that case concerns this market (a ban decided in an enforcement case).
    """
    statuses = _zh_lookups()[1]
    key = statuses.get(_text(status)) or statuses.get(_text(status).lower())
    reason = _text(reason)
    errors: dict[str, list[str]] = {}
    if key is None:
        errors["status"] = [_("未知的取值：%(value)s。") % {"value": _text(status)}]
    if not reason:
        errors["reason"] = [_("必填。")]
    elif len(reason) > 500:
        errors["reason"] = [_("不能超过 %(n)s 个字符。") % {"n": 500}]
    linked = _case_of(case)
    with transaction.atomic():
        market = _get_locked(market_id)
        if case is not None:
            visible = linked is not None and (
                actor is None or case_policy.can(actor, "view", linked)
            )
            if not visible:
                errors["case"] = [_("案件不存在。")]
            elif linked.market_id != market.pk:
                errors["case"] = [_("该案件与此零工市场无关。")]
        if errors:
            raise InvalidInput(errors=errors)
        if actor is not None and not (
            market_policy.can(actor, "set_status", market)
            or (linked is not None and case_policy.can(actor, "attach", linked))
        ):
            raise NotPermitted(_("您无权变更该零工市场的状态。"))
        if market.status == key:
            raise Conflict(
                _("零工市场已是“%(status)s”状态。") % {"status": market.get_status_display()}
            )
        old = market.status
        market.status = key
        market.save(update_fields=["status"])
        _history(market, old, actor, reason, linked).save()
        audit.record(
            actor=actor,
            verb="casework.market.status",
            obj=market,
            case=linked,
            from_state=old,
            to_state=key,
            payload={"market": market.pk, "reason": reason},
        )
    return market
