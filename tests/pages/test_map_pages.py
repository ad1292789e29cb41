"""The market map and market pages: login, visible counts only, cases of every department."""

from __future__ import annotations

import json
import re

from django.test import Client

from casework.markets.actions import market_set_status
from tests.factories import member
from tests.market_support import make_market, market_with_cases


def _map_data(response) -> dict:
    match = re.search(
        r'<script id="market-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the map data is embedded in the page"
    return json.loads(match.group(1))


def test_login_required(org):
    market = make_market("薛城区临山路零工市场")
    for url in ("/markets/", f"/markets/{market.pk}/"):
        r = Client().get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_map_lists_every_market_with_visible_open_counts(org, officer_client):
    mc = market_with_cases()
    r = officer_client.get("/markets/")
    assert r.status_code == 200
    html = r.content.decode()
    assert mc.market.name in html and mc.quiet.name in html
    data = _map_data(r)
    counts = {m["id"]: m["open_cases"] for m in data["markets"]}
    # 薛城区人社局's officer sees one open case there: not the police case, not the closed
    # one, not 市中区's.
    assert counts == {mc.market.pk: 1, mc.quiet.pk: 0}
    assert re.search(rf'data-market="{mc.market.pk}">.*?data-open-cases="1"', html, re.S)
    # Seats are drawn even without tiles; the status legend names every status.
    assert {s["name"] for s in data["seats"]} >= {"薛城区", "滕州市"}
    assert data["tile_url"] == ""
    for label in ("已登记", "整治中", "已取缔", "已关闭"):
        assert label in html
    assert "vendor/leaflet/leaflet.js" in html


def test_police_see_their_own_count(org, client_for):
    mc = market_with_cases()
    police = member("police.supervisor.city", "police", "city", "supervisor")
    data = _map_data(client_for(police).get("/markets/"))
    assert {m["id"]: m["open_cases"] for m in data["markets"]}[mc.market.pk] == 1


def test_filters_by_status_kind_and_district(org, officer_client):
    mc = market_with_cases()
    make_market("滕州市善国路零工市场", "tengzhou", kind="commercial")

    def names(**params):
        return {m["name"] for m in _map_data(officer_client.get("/markets/", params))["markets"]}

    assert names(status="rectifying") == {mc.quiet.name}
    assert names(kind="commercial") == {"滕州市善国路零工市场"}
    assert names(jurisdiction="xuecheng") == {mc.market.name, mc.quiet.name}
    assert len(names()) == 3


def test_market_page_shows_registry_facilities_history_and_visible_cases(
    org, officer_client, market_officer
):
    mc = market_with_cases()
    market_set_status(
        actor=market_officer, market_id=mc.market.pk, status="rectifying", reason="设施不全限期整改"
    )
    r = officer_client.get(f"/markets/{mc.market.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert mc.market.name in html
    assert 'data-facility="negotiation">\n          <span class="mark" aria-hidden="true">✓' in html
    assert 'data-facility="parking">\n          <span class="mark" aria-hidden="true">✗' in html
    assert "设施不全限期整改" in html and "已登记 → 整治中" in html
    assert mc.wage.number in html and mc.closed.number in html
    assert mc.incident.number not in html and mc.hidden.number not in html


def test_market_page_lists_cases_of_several_departments(org, client_for):
    mc = market_with_cases()
    # A user seated in both 人社局 and 公安局 of 薛城区 sees both departments' cases.
    both = member("joint.officer.xuecheng", "hrss", "xuecheng", "officer")
    member("joint.officer.xuecheng", "police", "xuecheng", "officer")
    html = client_for(both).get(f"/markets/{mc.market.pk}/").content.decode()
    assert mc.wage.number in html and mc.incident.number in html
    assert "薛城区人力资源和社会保障局" in html and "薛城区公安局" in html
    assert mc.hidden.number not in html


def test_unknown_market_is_404(org, officer_client):
    assert officer_client.get("/markets/999999/").status_code == 404


def test_editor_changes_status_from_the_market_page(org, client_for, officer_client):
    market = make_market("薛城区临山路零工市场")
    editor = client_for(member("market.clerk.xuecheng", "market", "xuecheng", "clerk"))
    page = editor.get(f"/markets/{market.pk}/").content.decode()
    assert f'action="/markets/{market.pk}/status/"' in page
    url = f"/markets/{market.pk}/status/"
    r = editor.post(url, {"status": "banned", "reason": ""})
    assert r.status_code == 400 and "必填" in r.content.decode()
    r = editor.post(url, {"status": "banned", "reason": "无证经营，依法取缔"}, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "已登记 → 已取缔" in html and "无证经营，依法取缔" in html
    market.refresh_from_db()
    assert market.status == "banned"
    # An HR officer of the district is an editor too; a police officer is not.
    police = client_for(member("police.officer.xuecheng.p", "police", "xuecheng", "officer"))
    assert 'name="reason"' not in police.get(f"/markets/{market.pk}/").content.decode()
    assert police.post(url, {"status": "closed", "reason": "x"}).status_code == 403
    assert officer_client.post("/markets/999999/status/", {"status": "closed"}).status_code == 404


def test_pages_in_english(org, officer_client, settings):
    mc = market_with_cases()
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = officer_client.get("/markets/").content.decode()
    assert "Map of gig markets" in html and "Open cases" in html
    assert "Under rectification" in html
    html = officer_client.get(f"/markets/{mc.market.pk}/").content.decode()
    assert "Facilities" in html and "Status history" in html and "Registry data" in html
