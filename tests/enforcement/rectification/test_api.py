"""Market rectification over the API and the pages: opening (POST /api/v1/cases/ and
/cases/new/), the main path with a ban reaching the public market map, the watch routes, the
case page panel and the patrol page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from casework import workdays
from casework.models import AuditEvent, Case, CaseSequence, LegalClock, Market, TimelineEntry
from enforcement.models import MarketWatch, PatrolVisit
from tests.factories import member
from tests.openapi_answers import assert_answer_matches, published_schema

from .walk import (
    CHECKLIST,
    INSIDE,
    OUTSIDE,
    deadline_passed,
    fire,
    make_market,
    open_body,
    open_rectification,
    photo,
    walk_to,
)

PASSWORD = "pw-test-123"  # tests.factories.UserFactory's password


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def login(user) -> APIClient:
    client = APIClient()
    r = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert r.status_code == 200, r.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    return client


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "audit": AuditEvent.objects.count(),
        "timeline": TimelineEntry.objects.count(),
        "clocks": LegalClock.objects.count(),
        "sequences": sum(CaseSequence.objects.values_list("last", flat=True)),
    }


@pytest.fixture
def market(org):
    return make_market()


@pytest.fixture
def officer(org):
    return member("housing.officer.xuecheng", "housing", "xuecheng", "officer")


@pytest.fixture
def supervisor(org):
    return member("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor")


def _results(*failing: str) -> list[dict]:
    return [{"item": c, "passed": c not in failing, "note": ""} for c in CHECKLIST]


def test_open_over_the_api(officer, market):
    r = login(officer).post("/api/v1/cases/", open_body(market), format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["kind"] == "market_rectification" and data["status"] == "reported"
    assert data["available_transitions"] == ["verify"]
    case = Case.objects.get(pk=data["id"])
    assert case.lead_unit.department.code == "housing"


@pytest.mark.parametrize("fixture", ["hrss_officer", "police_officer"])
def test_other_departments_are_403(fixture, request, market):
    client = login(request.getfixturevalue(fixture))
    before = _rows()
    r = client.post("/api/v1/cases/", open_body(market), format="json")
    assert r.status_code == 403, r.content
    assert _rows() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"market": 987654}, "market"),
        ({"market": None}, "market"),
        ({"lon": OUTSIDE[0], "lat": OUTSIDE[1]}, "lon"),
        ({"checklist": []}, "checklist"),
        ({"checklist": ["ghost"]}, "checklist"),
        ({"problem": None}, "problem"),
    ],
)
def test_bad_opening_is_400_naming_the_field(officer, market, overrides, field):
    client = login(officer)
    before = _rows()
    body = {**open_body(market), **overrides}
    body = {k: v for k, v in body.items() if v is not None}
    r = client.post("/api/v1/cases/", body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert _rows() == before


def test_main_path_with_a_ban_reaching_the_public_map(officer, supervisor, market, hrss_officer):
    api = login(officer)
    case_id = api.post("/api/v1/cases/", open_body(market), format="json").json()["id"]
    url = f"/api/v1/cases/{case_id}/transitions"
    today = timezone.localdate()
    verify = {
        "inspected_on": today.isoformat(),
        "lon": INSIDE[0],
        "lat": INSIDE[1],
        "results": _results("road_clear"),
        "findings": "占道候工",
    }
    r = api.post(f"{url}/verify/", verify, format="json")
    assert r.status_code == 400 and "photos" in r.json()
    r = api.post(f"/api/v1/cases/{case_id}/attachments/", {"file": photo()}, format="multipart")
    assert r.status_code == 201, r.content
    r = api.post(f"{url}/verify/", {**verify, "lon": OUTSIDE[0]}, format="json")
    assert r.status_code == 400 and "lon" in r.json()
    r = api.post(f"{url}/verify/", verify, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "verified"
    steps = [
        (
            "issue_notice",
            {"deadline": (today + timedelta(days=5)).isoformat(), "requirements": "清理"},
        ),
        ("schedule_reinspection", {"scheduled_for": (today + timedelta(days=6)).isoformat()}),
        (
            "confirm_not_rectified",
            {"inspected_on": today.isoformat(), "results": _results("road_clear")},
        ),
    ]
    for name, body in steps:
        if name == "confirm_not_rectified":
            deadline_passed(case_id)
        r = api.post(f"{url}/{name}/", body, format="json")
        assert r.status_code == 200, (name, r.content)
    r = api.post(f"{url}/ban/", {"reason": "拒不整改", "legal_basis": "条例"}, format="json")
    assert r.status_code == 403
    boss = login(supervisor)
    r = boss.post(f"{url}/ban/", {"reason": "拒不整改", "legal_basis": "条例"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "banned"
    feature = next(
        f
        for f in APIClient().get("/api/v1/public/markets/").json()["features"]
        if f["id"] == market.pk
    )
    assert feature["properties"]["status"] == "banned"
    # The participant sees the case in its list.
    listed = login(hrss_officer).get("/api/v1/cases/").json()
    assert case_id in [row["id"] for row in listed["results"]]

    # Watch: start, patrol list, record, end.
    r = api.post(f"/api/v1/cases/{case_id}/watches/", {"interval_days": 1}, format="json")
    assert r.status_code == 403
    r = boss.post(f"/api/v1/cases/{case_id}/watches/", {"interval_days": 0}, format="json")
    assert r.status_code == 400 and "interval_days" in r.json()
    r = boss.post(f"/api/v1/cases/{case_id}/watches/", {"interval_days": 1}, format="json")
    assert r.status_code == 201, r.content
    watch = r.json()
    assert watch["active"] and len(watch["visits"]) == 1
    # The answers are what the schema says, with nothing ended or visited yet.
    schema = published_schema()
    assert watch["ended_by"] is None and watch["visits"][0]["visited_at"] is None
    assert_answer_matches(schema, "/api/v1/cases/{id}/watches/", "post", 201, watch)
    listed = boss.get(f"/api/v1/cases/{case_id}/watches/").json()
    assert_answer_matches(schema, "/api/v1/cases/{id}/watches/", "get", 200, listed)
    r = boss.post(f"/api/v1/cases/{case_id}/watches/", {}, format="json")
    assert r.status_code == 409
    patrols = api.get("/api/v1/patrols/").json()
    assert [p["market"] for p in patrols] == [market.pk]
    assert_answer_matches(schema, "/api/v1/patrols/", "get", 200, patrols)
    vid = patrols[0]["id"]
    r = api.post(f"/api/v1/patrols/{vid}/record/", {"findings": ""}, format="json")
    assert r.status_code == 400 and {"findings", "compliant"} <= set(r.json())
    r = api.post(
        f"/api/v1/patrols/{vid}/record/",
        {"findings": "无人聚集", "compliant": "true", "photo": photo()},
        format="multipart",
    )
    assert r.status_code == 200, r.content
    assert r.json()["visited_at"] and r.json()["photo"]
    assert_answer_matches(schema, "/api/v1/patrols/{vid}/record/", "post", 200, r.json())
    assert api.get("/api/v1/patrols/").json() == []
    r = boss.post(f"/api/v1/watches/{watch['id']}/end/", {"reason": "秩序稳定"}, format="json")
    assert r.status_code == 200 and not r.json()["active"]
    assert_answer_matches(schema, "/api/v1/watches/{wid}/end/", "post", 200, r.json())
    r = login(member("police.officer.xuecheng", "police", "xuecheng", "officer")).get(
        f"/api/v1/watches/{watch['id']}/"
    )
    assert r.status_code == 404


def test_watch_routes_of_an_invisible_case_are_404(officer, market, police_officer):
    case_id = login(officer).post("/api/v1/cases/", open_body(market), format="json").json()["id"]
    police = login(police_officer)
    assert police.get(f"/api/v1/cases/{case_id}/watches/").status_code == 404
    assert police.post(f"/api/v1/cases/{case_id}/watches/", {}, format="json").status_code == 404
    assert police.post("/api/v1/patrols/999999/record/", {}, format="json").status_code == 404
    assert police.post("/api/v1/watches/abc/end/", {}, format="json").status_code == 404


# --- pages ---------------------------------------------------------------------------------


def test_new_case_page_opens_a_rectification(officer, market):
    client = page_client(officer)
    r = client.get("/cases/new/?kind=market_rectification")
    assert r.status_code == 200
    assert "零工市场整治" in r.content.decode()
    form = {
        "kind": "market_rectification",
        "jurisdiction": "xuecheng",
        "market": str(market.pk),
        "description": "占道候工",
        "problem": "road_occupying",
        "checklist": ["road_clear", "parking"],
        "lon": OUTSIDE[0],
        "lat": OUTSIDE[1],
    }
    r = client.post("/cases/new/", form)
    assert r.status_code == 400
    assert "坐标不在薛城区范围内" in r.content.decode()
    assert not Case.objects.exists()
    form.update(lon="", lat="")
    r = client.post("/cases/new/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    assert case.details["checklist"] == ["parking", "road_clear"]


def test_case_page_panel_and_watch_forms(officer, supervisor, market):
    api = login(officer)
    case_id = api.post("/api/v1/cases/", open_body(market), format="json").json()["id"]
    page = page_client(supervisor).get(f"/cases/{case_id}/").content.decode()
    assert 'id="rectification"' in page and "尚未进行现场核查" in page
    assert 'id="action-watch-start"' in page
    officer_page = page_client(officer).get(f"/cases/{case_id}/").content.decode()
    assert 'id="action-watch-start"' not in officer_page
    assert 'id="action-verify"' in officer_page

    boss = page_client(supervisor)
    r = boss.post(f"/rectification/{case_id}/watches/", {"interval_days": "99"})
    assert r.status_code == 400 and "巡查间隔须为1至30天的整数" in r.content.decode()
    r = boss.post(
        f"/rectification/{case_id}/watches/", {"interval_days": "1", "instructions": "早高峰"}
    )
    assert r.status_code == 302
    watch = MarketWatch.objects.get()
    page = boss.get(f"/cases/{case_id}/").content.decode()
    assert 'id="watch-active"' in page and 'id="action-watch-end"' in page

    r = page_client(officer).get("/patrols/")
    assert r.status_code == 200
    body = r.content.decode()
    visit = PatrolVisit.objects.get()
    assert f'id="patrol-{visit.pk}"' in body and market.name in body
    r = page_client(officer).post(
        f"/patrols/{visit.pk}/record/", {"findings": "", "compliant": "true"}
    )
    assert r.status_code == 400
    r = page_client(officer).post(
        f"/patrols/{visit.pk}/record/",
        {"findings": "秩序正常", "compliant": "true", "photo": photo()},
    )
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.visited_at and visit.photo_id
    r = boss.post(f"/rectification/{case_id}/watches/{watch.pk}/end/", {"reason": ""})
    assert r.status_code == 400
    r = boss.post(f"/rectification/{case_id}/watches/{watch.pk}/end/", {"reason": "已稳定"})
    assert r.status_code == 302
    watch.refresh_from_db()
    assert not watch.active


def test_pages_of_an_invisible_case_are_404(officer, market, police_officer):
    case_id = login(officer).post("/api/v1/cases/", open_body(market), format="json").json()["id"]
    police = page_client(police_officer)
    assert (
        police.post(f"/rectification/{case_id}/watches/", {"interval_days": "1"}).status_code == 404
    )
    assert police.get("/patrols/").status_code == 200
    assert Market.objects.get(pk=market.pk).status == "registered"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"interval_days": 2.5}, "interval_days"),
        ({"interval_days": True}, "interval_days"),
        ({"starts_on": "2207-01-04"}, "starts_on"),
    ],
)
def test_a_watch_body_that_is_not_a_whole_interval_or_a_near_day_is_400(body, field, org, actors):
    # 2.5 became a watch every 2 days, true one every day, and a typed 2207 a watch that
    # would never fall due.
    case = walk_to(open_rectification(actors.officer, make_market()), "verified", actors)
    r = login(actors.supervisor).post(f"/api/v1/cases/{case.pk}/watches/", body, format="json")
    assert r.status_code == 400 and field in r.json(), r.content
    assert not MarketWatch.objects.exists()
    r = login(actors.supervisor).post(
        f"/api/v1/cases/{case.pk}/watches/", {"interval_days": 3.0}, format="json"
    )
    assert r.status_code == 201 and r.json()["interval_days"] == 3, r.content


def test_a_step_that_moves_the_market_answers_with_its_new_status(org, actors):
    # The answer showed the market as read before the step (已登记 after a notice had put it
    # under rectification), so the officer was told the registry had not moved.
    market = make_market()
    case = walk_to(open_rectification(actors.officer, market), "verified", actors)
    api = login(actors.officer)
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    r = api.post(
        f"/api/v1/cases/{case.pk}/transitions/issue_notice/",
        {"deadline": deadline, "requirements": "清理占道"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["market"]["status"] == "rectifying"
    assert api.get(f"/api/v1/cases/{case.pk}/").json()["market"]["status"] == "rectifying"
    fire(case.pk, "schedule_reinspection", actors)
    deadline_passed(case.pk)
    fire(case.pk, "confirm_not_rectified", actors)
    r = login(actors.supervisor).post(
        f"/api/v1/cases/{case.pk}/transitions/ban/",
        {"reason": "拒不整改", "legal_basis": "《城市市容和环境卫生管理条例》第三十六条"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["market"]["status"] == "banned"


def test_case_page_shows_the_reinspection_the_fine_and_who_patrolled(org, actors):
    # The panel named a penalty without its fine or its deciding unit, gave the re-inspection
    # only a verdict without the items it found, and named patrol officers by login name.
    actors.officer.first_name = "刘华永"  # as the demo and the directory hold a name
    actors.officer.save()
    case = walk_to(open_rectification(actors.officer, make_market()), "not_rectified", actors)
    for name in ("refer_to_market", "market_file"):
        fire(case.pk, name, actors)
    fire(
        case.pk,
        "market_decide",
        actors,
        {
            "decision": "没收违法所得",
            "amount": "12345.6",
            "legal_basis": "《无证无照经营查处办法》第十三条",
            "market_status": "closed",
        },
    )
    login(actors.supervisor).post(f"/api/v1/cases/{case.pk}/watches/", {}, format="json")
    visit = PatrolVisit.objects.get()
    r = login(actors.officer).post(
        f"/api/v1/patrols/{visit.pk}/record/", {"findings": "仍有占道", "compliant": False}
    )
    assert r.status_code == 200, r.content
    page = page_client(actors.officer).get(f"/cases/{case.pk}/").content.decode()
    penalty = page.split('id="penalty-decision"', 1)[1].split("</p>", 1)[0]
    assert "罚款12,345.60元" in penalty
    market_unit = case.participants.get(unit__department__code="market").unit
    assert market_unit.name in penalty and case.lead_unit.name not in penalty
    table = page.split('id="reinspection-results"', 1)[1].split("</table>", 1)[0]
    assert 'data-item="road_clear"' in table and "不合格" in table
    visits = page.split('class="patrol-visits"', 1)[1].split("</ul>", 1)[0]
    assert "刘华永" in visits and "housing.officer.xuecheng" not in visits


@pytest.mark.parametrize(("body", "comment"), [({}, ""), ({"comment": "委托检测"}, "委托检测")])
def test_a_market_pause_names_its_reason_in_chinese_not_as_a_code(org, body, comment, actors):
    # The pause's reason code (testing) was taken as the officer's comment, so the timeline,
    # the case page and the closure report read "（检测）：testing".
    case = walk_to(open_rectification(actors.officer, make_market()), "not_rectified", actors)
    fire(case.pk, "refer_to_market", actors)
    api = login(actors.market_officer)
    r = api.post(
        f"/api/v1/cases/{case.pk}/transitions/market_pause/",
        {"reason": "testing", **body},
        format="json",
    )
    assert r.status_code == 200, r.content
    entry = [
        e
        for e in api.get(f"/api/v1/cases/{case.pk}/timeline/").json()
        if e["verb"] == "market_pause"
    ]
    assert entry[0]["text"].endswith("中止计时（检测）") and entry[0]["comment"] == comment
    page = page_client(actors.market_officer).get(f"/cases/{case.pk}/").content.decode()
    assert "testing" not in page.split('id="timeline"', 1)[-1]


def test_a_market_extension_is_told_in_the_clocks_own_unit(org, actors):
    # The filing clock's extension (15 working days, 第十八条) was written "延长15日", and
    # the days a pause excluded "扣除N日", which read as calendar days on the timeline and
    # the closure report.
    case = walk_to(open_rectification(actors.officer, make_market()), "not_rectified", actors)
    fire(case.pk, "refer_to_market", actors)
    fire(case.pk, "market_extend", actors)
    fire(case.pk, "market_pause", actors)
    fire(case.pk, "market_resume", actors)
    fire(case.pk, "market_file", actors)
    fire(case.pk, "market_extend", actors)
    api = login(actors.market_officer)
    texts = [e["text"] for e in api.get(f"/api/v1/cases/{case.pk}/timeline/").json()]
    extended = [t for t in texts if "延长" in t]
    assert "延长15个工作日" in extended[0], extended
    assert "延长30个自然日" in extended[1], extended
    assert any("恢复计时，扣除0个工作日" in t for t in texts), texts


def test_a_reinspection_is_scheduled_within_five_working_days_of_the_deadline(org, actors):
    # A re-inspection set months after the deadline was accepted while its clock ran to
    # deadline + 5 working days: the schedule itself broke the rule it is timed by.
    case = walk_to(open_rectification(actors.officer, make_market()), "notice_issued", actors)
    deadline = LegalClock.objects.get(case=case, code="rectification").fixed_due
    last = workdays.add_working_days(deadline, 5)
    url = f"/api/v1/cases/{case.pk}/transitions/schedule_reinspection/"
    api = login(actors.officer)
    late = (last + timedelta(days=1)).isoformat()
    r = api.post(url, {"scheduled_for": late}, format="json")
    assert r.status_code == 400 and "scheduled_for" in r.json(), r.content
    assert Case.objects.get(pk=case.pk).status == "notice_issued"
    r = api.post(url, {"scheduled_for": last.isoformat()}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["details"]["reinspection_scheduled_for"] == last.isoformat()


def test_the_evidence_list_shows_the_numbers_the_site_check_form_asks_for(officer, market):
    # The site check's 现场照片 box takes 附件编号, one a line, but the page showed no number
    # beside any attachment, so an officer could not pick the photos of the check.
    api = login(officer)
    case_id = api.post("/api/v1/cases/", open_body(market), format="json").json()["id"]
    r = api.post(f"/api/v1/cases/{case_id}/attachments/", {"file": photo()}, format="multipart")
    assert r.status_code == 201, r.content
    number = r.json()["id"]
    page = page_client(officer).get(f"/cases/{case_id}/").content.decode()
    assert "附件编号" in page.split('id="verify-photos-note"', 1)[1]
    evidence = page.split('id="attachments"', 1)[1].split("</ul>", 1)[0]
    assert f"附件编号 {number}" in evidence


def test_not_rectified_is_found_only_after_the_notices_deadline(org, actors):
    # Found before the deadline had passed, 逾期未整改 opened a penalty, a ban or a
    # referral on a day the market still had to rectify.
    case = walk_to(open_rectification(actors.officer, make_market()), "reinspection", actors)
    api = login(actors.officer)
    url = f"/api/v1/cases/{case.pk}/transitions/confirm_not_rectified/"
    body = {"inspected_on": timezone.localdate().isoformat(), "results": _results("road_clear")}
    r = api.post(url, body, format="json")
    assert r.status_code == 400 and "inspected_on" in r.json(), r.content
    assert "期限届满后" in r.json()["inspected_on"][0]
    assert Case.objects.get(pk=case.pk).status == "reinspection"
    deadline_passed(case.pk)
    r = api.post(url, body, format="json")
    assert r.status_code == 200 and r.json()["status"] == "not_rectified", r.content
