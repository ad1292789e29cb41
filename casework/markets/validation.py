"""What the gig-market registry accepts: market fields validated into model values, with
kinds, statuses and facilities by key or by their Chinese label, and coordinates inside the
market's jurisdiction.

There are no district polygons, so the rule for coordinates is geometric and documented in
docs/markets.md: within `MARKET_SEAT_RADIUS_DEG` degrees (default 0.35) of the
jurisdiction's seat, or — for a jurisdiction with subdivisions, such as the city — inside the
bounding box of its subdivisions' seats widened by the same margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from permissions.models import Jurisdiction

from .models import FACILITIES, Market, MarketKind, MarketStatus

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


def choice_lookups() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
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


def clean_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _coordinate(value, low: int, high: int) -> Decimal | str:
    """The coordinate as a 6-place Decimal, or the error message."""
    text = clean_text(value)
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
        items = [clean_text(v) for v in value]
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
        self.kinds, self.statuses, self.facilities = choice_lookups()

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
        # Every field but the facilities is one value: a list or an object sent for it
        # would otherwise be stored as its Python spelling ("['a']").
        for field in sorted((set(EDITABLE_FIELDS) | {"reason"}) - {"facilities"}):
            if isinstance(data.get(field), list | tuple | dict):
                errors[field] = [_("须为单个值，不能是列表或对象。")]

        for field, limit in TEXT_FIELDS.items():
            if not want(field) or field in errors:
                continue
            text = clean_text(data.get(field))
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
            if not want(field) or field in errors:
                continue
            text = clean_text(data.get(field))
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
        if want("jurisdiction") and "jurisdiction" not in errors:
            code = clean_text(data.get("jurisdiction"))
            found = self.jurisdictions.get(code) if code else None
            if not code:
                errors["jurisdiction"] = [_("必填。")]
            elif found is None:
                errors["jurisdiction"] = [_("未知的行政区划：%(code)s。") % {"code": code}]
            else:
                values["jurisdiction"] = jurisdiction = found

        coords: dict[str, Decimal] = {}
        for field, low, high in (("lon", -180, 180), ("lat", -90, 90)):
            if want(field) and field in errors:
                continue
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
