"""The gig-market registry's writes: creating and updating markets, and changing their status.

Status changes (registered → rectifying → banned / closed, and back) always go through
`market_set_status`, which writes one history row and one audit event; rectification and
ban decisions of enforcement cases call it with the case that decided them. What the
registry accepts is `validation.py`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework import audit
from casework.errors import CaseworkError, Conflict, InvalidInput, NotPermitted
from casework.models import Case
from casework.policies import case_policy

from .models import Market, MarketStatus, MarketStatusChange
from .policy import market_policy
from .validation import MarketCleaner, choice_lookups, clean_text

REASON_MAX_LENGTH = 500  # MarketStatusChange.reason


def _reason_too_long() -> dict[str, list[str]]:
    return {"reason": [_("不能超过 %(n)s 个字符。") % {"n": REASON_MAX_LENGTH}]}


class MarketNotFound(CaseworkError):
    status_code = 404


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


def _name_taken(jurisdiction, name: str, *, other_than=None) -> dict[str, list[str]]:
    """The error on `name` when another market of `jurisdiction` already bears it: the
    spreadsheet import finds a market by (jurisdiction, name), so two markets of one name
    would leave it updating either of them."""
    same = Market.objects.filter(jurisdiction=jurisdiction, name=name)
    if other_than is not None:
        same = same.exclude(pk=other_than.pk)
    if not same.exists():
        return {}
    return {
        "name": [
            _("%(jurisdiction)s已有名为“%(name)s”的零工市场。")
            % {"jurisdiction": jurisdiction.name, "name": name}
        ]
    }


def market_create(*, actor, data: dict) -> Market:
    """Register a market. `actor` None is the system (a command run by the operator)."""
    values, errors = MarketCleaner().clean(data)
    if "name" in values and "jurisdiction" in values:
        errors.update(_name_taken(values["jurisdiction"], values["name"]))
    if len(clean_text(data.get("reason"))) > REASON_MAX_LENGTH and "reason" not in errors:
        errors.update(_reason_too_long())
    if errors:
        raise InvalidInput(errors=errors)
    values.setdefault("status", MarketStatus.REGISTERED)
    market = Market(**values)
    if actor is not None and not market_policy.can(actor, "add", market):
        raise NotPermitted(_("您无权在该行政区划登记零工市场。"))
    reason = clean_text(data.get("reason")) or _("登记")
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


def _ban_decided_by_case(market: Market) -> Conflict | None:
    """A banned market whose ban a case decided stays banned but through a case: the
    registry's own edit may not lift a decision (取缔) taken in enforcement."""
    if market.status != MarketStatus.BANNED:
        return None
    last = (
        MarketStatusChange.objects.filter(market=market, to_status=MarketStatus.BANNED)
        .select_related("case")
        .order_by("-at", "-id")
        .first()
    )
    if last is None or last.case is None:
        return None
    return Conflict(
        _("该零工市场已由案件 %(number)s 决定取缔，须通过与其有关的案件变更状态。")
        % {"number": last.case.number}
    )


def market_update(*, actor, market_id, data: dict) -> Market:
    """Change some registry fields. A changed status needs a `reason` and is recorded in the
    status history like `market_set_status`."""
    with transaction.atomic():
        market = _get_locked(market_id)
        if actor is not None and not market_policy.can(actor, "change", market):
            raise NotPermitted(_("您无权修改该零工市场。"))
        values, errors = MarketCleaner().clean(data, current=market)
        new_status = values.pop("status", market.status)
        reason = clean_text(data.get("reason"))
        if new_status != market.status and not reason:
            errors["reason"] = [_("变更状态须填写原因。")]
        elif len(reason) > REASON_MAX_LENGTH and "reason" not in errors:
            errors.update(_reason_too_long())
        if ("name" in values or "jurisdiction" in values) and "name" not in errors:
            name = values.get("name", market.name)
            place = values.get("jurisdiction", market.jurisdiction)
            errors.update(_name_taken(place, name, other_than=market))
        if errors:
            raise InvalidInput(errors=errors)
        if new_status != market.status and (refused := _ban_decided_by_case(market)):
            raise refused
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
    statuses = choice_lookups()[1]
    key = statuses.get(clean_text(status)) or statuses.get(clean_text(status).lower())
    reason = clean_text(reason)
    errors: dict[str, list[str]] = {}
    if key is None:
        errors["status"] = [_("未知的取值：%(value)s。") % {"value": clean_text(status)}]
    if not reason:
        errors["reason"] = [_("必填。")]
    elif len(reason) > REASON_MAX_LENGTH:
        errors.update(_reason_too_long())
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
        if linked is None and key != market.status and (refused := _ban_decided_by_case(market)):
            raise refused
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
