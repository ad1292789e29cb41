"""Opening a case of an internal kind on an officer's own initiative (API and page).

Casework names no kind here: the generic fields (kind, jurisdiction, market, description,
date) are checked by `InternalOpenSerializer`, the kind's own fields by the kind's
`KindSpec.open_serializer`, whose validated data becomes the case's `details` (and so what
the kind's `on_open` reads). Public kinds are filed through the public complaint endpoint.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rest_framework import serializers

from casework.audit import plain
from casework.errors import InvalidInput
from casework.kinds import KindSpec, all_kinds, get_kind, has_kind
from casework.models import Case, Market
from permissions.models import Jurisdiction, Role, Unit
from permissions.selectors import org_of

from .intake import case_open

_LEADING_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.CLERK)


class InternalOpenSerializer(serializers.Serializer):
    """The fields every internal kind is opened with."""

    kind = serializers.CharField(label=_l("案件类型"), max_length=40)
    jurisdiction = serializers.SlugField(label=_l("行政区划"), max_length=40)
    market = serializers.IntegerField(
        label=_l("零工市场"), required=False, allow_null=True, min_value=1
    )
    occurred_on = serializers.DateField(label=_l("发生日期"), required=False, allow_null=True)
    description = serializers.CharField(label=_l("情况说明"), max_length=5000)

    def validate_kind(self, value: str) -> KindSpec:
        if not has_kind(value):
            raise serializers.ValidationError(_("未知的案件类型。"))
        spec = get_kind(value)
        if spec.public:
            raise serializers.ValidationError(_("该类型的案件由公众投诉入口提交，不能在此新建。"))
        return spec

    def validate_jurisdiction(self, value: str) -> Jurisdiction:
        jur = Jurisdiction.objects.filter(code=value).first()
        if jur is None:
            raise serializers.ValidationError(_("未知的行政区划代码。"))
        return jur

    def validate_market(self, value: int | None) -> Market | None:
        if value is None:
            return None
        market = Market.objects.select_related("jurisdiction").filter(pk=value).first()
        if market is None:
            raise serializers.ValidationError(_("未知的零工市场。"))
        return market

    def validate_occurred_on(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(_("发生日期不能晚于今天。"))
        return value

    def validate(self, attrs: dict) -> dict:
        market, jur = attrs.get("market"), attrs["jurisdiction"]
        if market is not None and not market.jurisdiction.path.startswith(jur.path):
            raise serializers.ValidationError({"market": [_("该零工市场不在所选行政区划。")]})
        return attrs


def internal_kinds() -> list[KindSpec]:
    return [spec for spec in all_kinds() if not spec.public]


def officer_recorded(spec: KindSpec) -> bool:
    """A public kind whose complaints an officer may also record (登记)."""
    return spec.public and spec.intake is not None and spec.intake.officer_open is not None


def _openable_specs() -> list[KindSpec]:
    return [spec for spec in all_kinds() if not spec.public or officer_recorded(spec)]


def openable_kinds(user) -> list[tuple[KindSpec, list[Unit]]]:
    """The internal kinds `user` may open, each with the units they would open it for."""
    if not getattr(user, "is_authenticated", False):
        return []
    unit_ids = org_of(user).units(*_LEADING_ROLES)
    if not unit_ids:
        return []
    units = list(
        Unit.objects.filter(pk__in=unit_ids)
        .select_related("department", "jurisdiction")
        .order_by("jurisdiction__path", "department_id")
    )
    out = []
    for spec in _openable_specs():
        allowed = set(org_of(user).units(*spec.open_roles))
        mine = [u for u in units if u.department.code in spec.lead_departments and u.pk in allowed]
        if mine:
            out.append((spec, mine))
    return out


def case_open_internal(*, actor, data: dict) -> Case:
    """Open a case of an internal kind from the generic and the kind's own fields, or record
    a complaint of a public kind that lets officers record it (`PublicIntake.officer_open`;
    the case then carries `access_code`, its only clear copy).

    Bad input is one 400 naming every bad field (the generic and the kind's together);
    a unit that may not lead the kind in that jurisdiction is 403 (from `case_open`).
    Nothing is written unless the case opens.
    """
    if not isinstance(data, dict):
        raise InvalidInput(_("请求体必须是 JSON 对象。"), field="non_field_errors")
    code = data.get("kind")
    if isinstance(code, str) and has_kind(code) and officer_recorded(get_kind(code)):
        # A complaint received by the unit: the kind validates and opens it, and the
        # complainant's access code is handed back once, to be passed on.
        case, access_code = get_kind(code).intake.officer_open(actor=actor, data=data)
        case.access_code = access_code
        return case
    generic = InternalOpenSerializer(data=data)
    errors: dict = {}
    if not generic.is_valid():
        errors.update(generic.errors)
    spec = generic.validated_data.get("kind") if not errors else None
    if spec is None and "kind" not in errors and has_kind(str(data.get("kind", ""))):
        spec = get_kind(str(data["kind"]))
        if spec.public:
            spec = None
    details: dict = {}
    if spec is not None and spec.open_serializer is not None:
        own_fields = spec.open_serializer(data=data, context={"actor": actor})
        if own_fields.is_valid():
            details = plain(dict(own_fields.validated_data))
        else:
            errors.update(own_fields.errors)
    if errors:
        raise InvalidInput(_("提交的内容有误。"), errors=errors)
    v = generic.validated_data
    case, _code = case_open(
        actor=actor,
        kind=spec.code,
        jurisdiction=v["jurisdiction"],
        description=v["description"],
        occurred_on=v.get("occurred_on"),
        market=v.get("market"),
        details=details,
    )
    return case
