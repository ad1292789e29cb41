"""The gig-market registry: who may edit it, what it accepts, its status history and audit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.audit import verify_chain
from casework.errors import Conflict, InvalidInput, NotPermitted
from casework.markets.actions import (
    MarketNotFound,
    market_create,
    market_set_status,
    market_update,
)
from casework.markets.policy import market_policy
from casework.models import AuditEvent, Market, MarketStatus, MarketStatusChange
from permissions import policy as registry
from tests.factories import member, open_wage_case

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "薛城区测试零工驿站",
    "kind": "public_welfare",
    "jurisdiction": "xuecheng",
    "address": "薛城区泰山中路1号",
    "lon": "117.270000",
    "lat": "34.800000",
    "operator": "新城街道办事处",
    "facilities": ["shelter", "negotiation"],
    "opening_hours": "05:00-11:00",
}


@pytest.fixture
def market(org):
    return market_create(actor=None, data=dict(GOOD))


def test_create_registers_with_history_and_audit(org, hrss_officer):
    market = market_create(actor=hrss_officer, data=dict(GOOD))
    assert market.status == MarketStatus.REGISTERED
    assert market.lon == Decimal("117.270000")
    # Facilities are kept in the order of the checklist, whatever order they came in.
    assert market.facilities == ["negotiation", "shelter"]
    (change,) = MarketStatusChange.objects.filter(market=market)
    assert (change.from_status, change.to_status, change.actor) == ("", "registered", hrss_officer)
    event = AuditEvent.objects.get(verb="casework.market.create")
    assert event.object_id == str(market.pk) and event.actor == hrss_officer
    assert event.payload["jurisdiction"] == "xuecheng"
    assert verify_chain().ok


def test_chinese_labels_are_accepted_for_kind_status_and_facilities(org):
    data = dict(GOOD, kind="经营性", status="整治中", facilities="避风遮雨、人社服务站点，规范停车")
    market = market_create(actor=None, data=data)
    assert (market.kind, market.status) == ("commercial", "rectifying")
    assert market.facilities == ["shelter", "parking", "hrss_station"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jurisdiction": "atlantis"}, "jurisdiction"),
        ({"kind": "floating"}, "kind"),
        ({"status": "vanished"}, "status"),
        ({"facilities": ["shelter", "sauna"]}, "facilities"),
        ({"lon": "east"}, "lon"),
        ({"lat": "95"}, "lat"),
        ({"name": "  "}, "name"),
        ({"lon": "117.900000"}, "lon"),  # 0.64° east of the xuecheng seat
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_fields_are_400_naming_the_field_and_write_nothing(org, change, field):
    with pytest.raises(InvalidInput) as err:
        market_create(actor=None, data={**GOOD, **change})
    assert err.value.status_code == 400
    assert field in err.value.errors
    assert not Market.objects.exists() and not AuditEvent.objects.exists()


def test_coordinates_rule_district_radius_and_city_box(org, settings):
    # Inside the 0.35° disc of 薛城区's seat (117.2631, 34.7951).
    market_create(actor=None, data={**GOOD, "lon": "117.500000", "lat": "34.900000"})
    # A city-level market may be anywhere in the box of the district seats ± the margin:
    # near 台儿庄区 (117.73, 34.56), far from the city seat.
    market_create(
        actor=None,
        data={**GOOD, "name": "市级", "jurisdiction": "city", "lon": "117.900", "lat": "34.400"},
    )
    with pytest.raises(InvalidInput) as err:
        market_create(
            actor=None,
            data={**GOOD, "name": "远", "jurisdiction": "city", "lon": "116.500", "lat": "34.8"},
        )
    assert "lon" in err.value.errors
    # The radius is a setting.
    settings.MARKET_SEAT_RADIUS_DEG = "0.05"
    with pytest.raises(InvalidInput):
        market_create(actor=None, data={**GOOD, "name": "近", "lon": "117.35", "lat": "34.8"})


def test_policy_editors_by_department_role_and_jurisdiction(org, market):
    assert registry.policy_for(Market) is market_policy
    editors = [
        member("market.clerk.xuecheng", "market", "xuecheng", "clerk"),
        member("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        member("hrss.supervisor.city", "hrss", "city", "supervisor"),
    ]
    outsiders = [
        member("police.officer.xuecheng2", "police", "xuecheng", "officer"),
        member("hrss.viewer.xuecheng", "hrss", "xuecheng", "viewer"),
        member("market.officer.shizhong", "market", "shizhong", "officer"),
    ]
    for user in editors:
        assert market_policy.can(user, "change", market), user.username
        assert user.has_perm("casework.change_market", market), user.username
    for user in outsiders:
        assert market_policy.can(user, "view", market)
        assert not market_policy.can(user, "change", market), user.username
        assert not market_policy.can(user, "set_status", market), user.username
    scoped = market_policy.scope(outsiders[2], "change", Market.objects.all())
    assert not scoped.exists()
    assert set(market_policy.who_can("change", market)) >= set(editors)
    assert not set(market_policy.who_can("change", market)) & set(outsiders)


def test_outsider_may_not_create_or_update(org, market, police_officer, other_district_officer):
    with pytest.raises(NotPermitted):
        market_create(actor=police_officer, data={**GOOD, "name": "新"})
    with pytest.raises(NotPermitted):
        market_update(actor=other_district_officer, market_id=market.pk, data={"name": "改"})
    assert Market.objects.get(pk=market.pk).name == GOOD["name"]


def test_update_changes_fields_and_records_a_status_change(org, market, market_officer):
    market = market_update(
        actor=market_officer,
        market_id=market.pk,
        data={"operator": "新运营方", "status": "rectifying", "reason": "设施不全"},
    )
    assert market.operator == "新运营方" and market.status == "rectifying"
    change = market.status_changes.latest("id")
    assert (change.from_status, change.to_status, change.reason) == (
        "registered",
        "rectifying",
        "设施不全",
    )
    event = AuditEvent.objects.get(verb="casework.market.update")
    assert event.payload["changed"]["operator"] == ["新城街道办事处", "新运营方"]


def test_update_status_without_reason_is_400(org, market, market_officer):
    with pytest.raises(InvalidInput) as err:
        market_update(actor=market_officer, market_id=market.pk, data={"status": "banned"})
    assert "reason" in err.value.errors
    assert Market.objects.get(pk=market.pk).status == "registered"


def test_update_keeps_coordinates_inside_the_jurisdiction(org, market, market_officer):
    city_officer = member("market.officer.city", "market", "city", "officer")
    # Moving it to 台儿庄区 without new coordinates leaves it outside 台儿庄区's area.
    with pytest.raises(InvalidInput) as err:
        market_update(actor=city_officer, market_id=market.pk, data={"jurisdiction": "taierzhuang"})
    assert "lon" in err.value.errors
    # A district editor may not move a market out of their district at all.
    with pytest.raises(NotPermitted):
        market_update(
            actor=market_officer,
            market_id=market.pk,
            data={"jurisdiction": "taierzhuang", "lon": "117.73", "lat": "34.56"},
        )
    moved = market_update(
        actor=city_officer,
        market_id=market.pk,
        data={"jurisdiction": "taierzhuang", "lon": "117.73", "lat": "34.56"},
    )
    assert moved.jurisdiction.code == "taierzhuang"


def test_set_status_writes_one_history_row_and_one_audit_event(org, market, market_officer):
    before = MarketStatusChange.objects.count()
    market = market_set_status(
        actor=market_officer, market_id=market.pk, status="banned", reason="无证经营，依法取缔"
    )
    assert market.status == "banned"
    assert MarketStatusChange.objects.count() == before + 1
    change = market.status_changes.latest("id")
    assert (change.from_status, change.to_status, change.actor) == (
        "registered",
        "banned",
        market_officer,
    )
    event = AuditEvent.objects.get(verb="casework.market.status")
    assert (event.from_state, event.to_state) == ("registered", "banned")
    assert event.payload["reason"] == "无证经营，依法取缔"
    assert verify_chain().ok


def test_set_status_errors(org, market, market_officer, police_officer):
    with pytest.raises(InvalidInput) as err:
        market_set_status(actor=market_officer, market_id=market.pk, status="gone", reason="")
    assert set(err.value.errors) == {"status", "reason"}
    with pytest.raises(Conflict):
        market_set_status(actor=market_officer, market_id=market.pk, status="已登记", reason="x")
    with pytest.raises(NotPermitted):
        market_set_status(actor=police_officer, market_id=market.pk, status="closed", reason="x")
    with pytest.raises(MarketNotFound):
        market_set_status(actor=market_officer, market_id=999999, status="closed", reason="x")
    assert MarketStatusChange.objects.filter(market=market).count() == 1


def test_set_status_with_a_case_links_it_and_lets_its_handlers_act(org, market, hrss_officer):
    case = open_wage_case()
    case.market = market
    case.save(update_fields=["market"])
    # A police officer outside the registry's editors, but this is not their case either.
    outsider = member("police.officer.tengzhou", "police", "tengzhou", "officer")
    with pytest.raises(InvalidInput) as err:
        market_set_status(
            actor=outsider, market_id=market.pk, status="rectifying", reason="x", case=case.pk
        )
    assert "case" in err.value.errors
    market_set_status(
        actor=hrss_officer,
        market_id=market.pk,
        status="rectifying",
        reason="案件查实欠薪，责令整改",
        case=case,
    )
    change = market.status_changes.latest("id")
    assert change.case_id == case.pk
    assert AuditEvent.objects.get(verb="casework.market.status").case_id == case.pk


def test_set_status_rejects_a_case_about_another_market(org, market, hrss_officer):
    other = market_create(actor=None, data={**GOOD, "name": "另一个市场"})
    case = open_wage_case()
    case.market = other
    case.save(update_fields=["market"])
    with pytest.raises(InvalidInput) as err:
        market_set_status(
            actor=hrss_officer, market_id=market.pk, status="closed", reason="x", case=case
        )
    assert "case" in err.value.errors


def test_a_ban_a_case_decided_is_lifted_only_through_a_case(org, market, hrss_officer):
    case = open_wage_case()
    case.market = market
    case.save(update_fields=["market"])
    market_set_status(
        actor=hrss_officer, market_id=market.pk, status="banned", reason="依法取缔", case=case
    )
    before = (market.status_changes.count(), AuditEvent.objects.count())
    # The registry's editor may neither patch nor set it back without a case.
    with pytest.raises(Conflict) as refused:
        market_update(
            actor=None, market_id=market.pk, data={"status": "registered", "reason": "恢复"}
        )
    assert case.number in refused.value.message
    with pytest.raises(Conflict):
        market_set_status(actor=None, market_id=market.pk, status="registered", reason="恢复")
    assert (market.status_changes.count(), AuditEvent.objects.count()) == before
    assert Market.objects.get(pk=market.pk).status == MarketStatus.BANNED
    # Other fields stay editable, and a case about the market may lift it.
    market_update(actor=None, market_id=market.pk, data={"operator": "新运营方"})
    market_set_status(
        actor=hrss_officer, market_id=market.pk, status="registered", reason="复核后恢复", case=case
    )
    assert Market.objects.get(pk=market.pk).status == MarketStatus.REGISTERED


def test_a_ban_the_registry_made_is_the_registrys_to_lift(org, market):
    market_set_status(actor=None, market_id=market.pk, status="banned", reason="登记有误")
    market_set_status(actor=None, market_id=market.pk, status="registered", reason="更正")
    assert Market.objects.get(pk=market.pk).status == MarketStatus.REGISTERED
