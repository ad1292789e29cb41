"""Officers' case routes: list, detail, transitions, timeline and attachments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.actions import case_transition
from casework.models import Attachment, AuditEvent, TimelineEntry
from permissions.selectors import unit_for
from tests.factories import member, open_wage_case

from .conftest import login, png_bytes, upload

MASKED_ID = "1101**********002X"
MASKED_PHONE = "138****5678"


def accepted_case(officer):
    case = open_wage_case()
    return case_transition(actor=officer, case_id=case.pk, name="accept", data={})


# ---------------------------------------------------------------------------- list


def test_list_query_count_does_not_grow_with_page_size(org, hrss_officer):
    for i in range(12):
        open_wage_case(employer=f"用人单位{i}", credit_code="")
    client = login(hrss_officer)

    def queries(page_size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/api/v1/cases/", {"page_size": page_size})
        assert r.status_code == 200
        assert len(r.json()["results"]) == page_size
        return len(ctx.captured_queries)

    assert queries(2) == queries(12)
    assert queries(12) <= 5


def test_list_pages(org, hrss_officer):
    for i in range(3):
        open_wage_case(employer=f"用人单位{i}", credit_code="")
    client = login(hrss_officer)
    r = client.get("/api/v1/cases/", {"page_size": 2})
    body = r.json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["previous"] is None
    r2 = client.get(body["next"])
    assert len(r2.json()["results"]) == 1 and r2.json()["next"] is None


def test_list_only_shows_visible_cases(org, hrss_officer, other_district_officer, city_viewer):
    mine = open_wage_case(jurisdiction="xuecheng")
    theirs = open_wage_case(jurisdiction="shizhong", employer="市中区某公司", credit_code="")
    ids = lambda client: {row["id"] for row in client.get("/api/v1/cases/").json()["results"]}  # noqa: E731
    assert ids(login(hrss_officer)) == {mine.pk}
    assert ids(login(other_district_officer)) == {theirs.pk}
    assert ids(login(city_viewer)) == {mine.pk, theirs.pk}
    # Filtering by a unit the caller cannot see gives nothing, not someone else's cases.
    r = login(hrss_officer).get("/api/v1/cases/", {"unit": theirs.lead_unit_id})
    assert r.status_code == 200 and r.json()["count"] == 0


def test_overdue_filter(org, hrss_officer):
    late = open_wage_case()
    on_time = open_wage_case(employer="另一家公司", credit_code="")
    from datetime import timedelta

    from django.utils import timezone

    type(late).objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    client = login(hrss_officer)
    rows = client.get("/api/v1/cases/", {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in rows] == [late.pk]
    assert rows[0]["overdue"] is True
    assert client.get("/api/v1/cases/", {"overdue": "false"}).json()["count"] == 2
    assert on_time.pk in {r["id"] for r in client.get("/api/v1/cases/").json()["results"]}


def test_sort_by_deadline(org, hrss_officer):
    from datetime import timedelta

    from django.utils import timezone

    later, sooner, none = (open_wage_case(employer=f"公司{i}", credit_code="") for i in range(3))
    today = timezone.localdate()
    for case, due in ((later, today + timedelta(days=9)), (sooner, today), (none, None)):
        type(case).objects.filter(pk=case.pk).update(deadline=due)
    client = login(hrss_officer)
    ids = [r["id"] for r in client.get("/api/v1/cases/").json()["results"]]
    assert ids == [none.pk, sooner.pk, later.pk]  # newest first
    ids = [r["id"] for r in client.get("/api/v1/cases/", {"sort": "deadline"}).json()["results"]]
    assert ids == [sooner.pk, later.pk, none.pk]
    r = client.get("/api/v1/cases/", {"sort": "nearest"})
    assert r.status_code == 400 and "sort" in r.json()


def test_anonymous_list_is_refused(anon, wage_case):
    assert anon.get("/api/v1/cases/").status_code in (401, 403)
    assert anon.get(f"/api/v1/cases/{wage_case.pk}/").status_code in (401, 403)


def test_bad_token_is_401(anon, wage_case):
    anon.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert anon.get("/api/v1/cases/").status_code == 401


def test_session_login_works_for_the_browser(wage_case, hrss_officer):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(hrss_officer)
    assert client.get(f"/api/v1/cases/{wage_case.pk}/").status_code == 200
    # A session write without the CSRF token is refused: the session cannot be ridden.
    r = client.post(f"/api/v1/cases/{wage_case.pk}/transitions/accept/", {}, format="json")
    assert r.status_code == 403
    wage_case.refresh_from_db()
    assert wage_case.status == "submitted"


# ---------------------------------------------------------------------------- detail, masking


def test_masked_for_non_assignee_unmasked_and_audited_for_assignee(
    org, hrss_officer, hrss_officer2
):
    case = accepted_case(hrss_officer)
    views_before = AuditEvent.objects.filter(verb="casework.pii.viewed").count()

    r = login(hrss_officer2).get(f"/api/v1/cases/{case.pk}/")
    assert r.status_code == 200
    (party,) = r.json()["parties"]
    assert party["id_number"] == MASKED_ID and party["phone"] == MASKED_PHONE
    assert party["masked"] is True and party["name"] == "张三"
    assert AuditEvent.objects.filter(verb="casework.pii.viewed").count() == views_before

    r = login(hrss_officer).get(f"/api/v1/cases/{case.pk}/")
    (party,) = r.json()["parties"]
    assert party["id_number"] == "11010519491231002X" and party["phone"] == "13812345678"
    assert party["masked"] is False
    event = AuditEvent.objects.filter(verb="casework.pii.viewed").latest("id")
    assert event.actor == hrss_officer and event.case_id == case.pk
    assert event.payload["channel"] == "api"
    assert event.payload["parties"] == [party["id"]]
    assert AuditEvent.objects.filter(verb="casework.pii.viewed").count() == views_before + 1


def test_detail_shape(org, hrss_officer):
    case = accepted_case(hrss_officer)
    r = login(hrss_officer).get(f"/api/v1/cases/{case.pk}/")
    d = r.json()
    for key in (
        "id",
        "number",
        "kind",
        "status",
        "status_display",
        "lead_unit",
        "assignee",
        "deadline",
        "overdue",
        "priority",
        "version",
        "url",
        "available_transitions",
        "parties",
        "clocks",
        "employer",
        "market",
        "amount_owed",
        "amount_recovered",
        "payments",
        "participants",
        "timeline_count",
    ):
        assert key in d, key
    assert d["status_display"] == "调查处理中" and d["kind_display"] == "欠薪投诉"
    assert set(d["available_transitions"]) >= {"order_payment", "propose_closure"}
    binding = d["clocks"][0]
    assert binding["title"] == "调查处理期限" and binding["status"] == "running"
    assert binding["due_date"] == d["deadline"]
    assert binding["days_left"] > 0 and binding["overdue"] is False
    assert binding["paused"] is False and binding["extended"] is False
    assert "第十七条" in binding["legal_basis"]
    stopped = d["clocks"][-1]
    assert stopped["title"] == "受理期限" and stopped["status"] == "stopped"
    assert d["timeline_count"] == 2
    assert d["amount_owed"] == "5000.00"


def test_transition_answers_with_the_case_as_a_fresh_read_shows_it(org, hrss_officer):
    """The answer is built from the case the action left, not from a second read: it must
    equal what a GET returns right after (but for the audited view itself)."""
    case = open_wage_case()
    client = login(hrss_officer)
    fired = client.post(
        f"/api/v1/cases/{case.pk}/transitions/accept/", {"comment": "受理"}, format="json"
    )
    assert fired.status_code == 200, fired.content
    answer = fired.json()
    assert answer["status"] == "investigating" and answer["assignee"]
    assert answer["version"] == case.version + 1
    assert answer["clocks"][0]["title"] == "调查处理期限"
    assert answer["parties"][0]["masked"] is False
    assert client.get(f"/api/v1/cases/{case.pk}/").json() == answer


# ---------------------------------------------------------------------------- 403 / 404 / 409


def test_unknown_transition_is_404(wage_case, hrss_officer):
    r = login(hrss_officer).post(f"/api/v1/cases/{wage_case.pk}/transitions/fly/", {})
    assert r.status_code == 404


def test_visible_but_not_permitted_is_403(wage_case, hrss_supervisor, city_viewer, market_officer):
    assert (
        login(hrss_supervisor)
        .post(f"/api/v1/cases/{wage_case.pk}/transitions/accept/", {}, format="json")
        .status_code
        == 403
    )
    assert (
        login(city_viewer)
        .post(f"/api/v1/cases/{wage_case.pk}/transitions/accept/", {}, format="json")
        .status_code
        == 403
    )
    # Another department of the same district does not see the case at all.
    assert (
        login(market_officer)
        .post(f"/api/v1/cases/{wage_case.pk}/transitions/accept/", {}, format="json")
        .status_code
        == 404
    )
    wage_case.refresh_from_db()
    assert wage_case.status == "submitted"


def test_other_officer_may_not_act_on_assigned_case(org, hrss_officer, hrss_officer2):
    case = accepted_case(hrss_officer)
    r = login(hrss_officer2).post(
        f"/api/v1/cases/{case.pk}/transitions/propose_closure/",
        {"summary": "x", "amount_recovered": "0"},
        format="json",
    )
    assert r.status_code == 403
    assert "detail" in r.json()


def test_wrong_state_and_stale_version_are_409(org, hrss_officer):
    case = accepted_case(hrss_officer)
    client = login(hrss_officer)
    r = client.post(f"/api/v1/cases/{case.pk}/transitions/accept/", {}, format="json")
    assert r.status_code == 409 and "detail" in r.json()
    r = client.post(
        f"/api/v1/cases/{case.pk}/transitions/propose_closure/",
        {"summary": "已支付", "amount_recovered": "0", "version": 1},
        format="json",
    )
    assert r.status_code == 409
    case.refresh_from_db()
    assert case.status == "investigating" and case.version == 2


def test_bad_payload_is_400_naming_the_field(org, hrss_officer):
    case = accepted_case(hrss_officer)
    r = login(hrss_officer).post(
        f"/api/v1/cases/{case.pk}/transitions/order_payment/",
        {"due_date": "2020-01-01", "amount": "-3"},
        format="json",
    )
    assert r.status_code == 400
    assert set(r.json()) == {"due_date", "amount"}


ROUTES = [
    ("get", "/api/v1/cases/{id}/"),
    ("get", "/api/v1/cases/{id}/timeline/"),
    ("get", "/api/v1/cases/{id}/attachments/"),
    ("post", "/api/v1/cases/{id}/attachments/"),
    ("get", "/api/v1/cases/{id}/attachments/{att}/download/"),
    ("post", "/api/v1/cases/{id}/transitions/accept/"),
    ("post", "/api/v1/cases/{id}/transitions/fly/"),
]


@pytest.fixture
def other_district_viewer(org):
    return member("hrss.viewer.shizhong", "hrss", "shizhong", "viewer")


@pytest.mark.parametrize("persona", ["other_district_officer", "other_district_viewer"])
@pytest.mark.parametrize("method,route", ROUTES)
def test_other_district_gets_404_everywhere(
    request, media, wage_case, hrss_officer, persona, method, route
):
    from casework.actions import case_attach

    att = case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=upload("a.png", png_bytes()))
    url = route.format(id=wage_case.pk, att=att.pk)
    client = login(request.getfixturevalue(persona))
    audit_before = AuditEvent.objects.count()
    if method == "post" and "attachments" in url:
        r = client.post(url, {"file": upload("b.png", png_bytes())}, format="multipart")
    else:
        r = getattr(client, method)(url, {}, format="json") if method == "post" else client.get(url)
    assert r.status_code == 404
    # The same body as for a case that does not exist at all.
    assert r.json() == {"detail": "案件不存在。"}
    assert client.get("/api/v1/cases/999999/").json() == r.json()
    assert AuditEvent.objects.count() == audit_before
    assert Attachment.objects.count() == 1
    wage_case.refresh_from_db()
    assert wage_case.status == "submitted"


def test_unknown_case_ids_are_404(org, hrss_officer):
    client = login(hrss_officer)
    for url in [
        "/api/v1/cases/999999/",
        "/api/v1/cases/99999999999999999999999999/",
        "/api/v1/cases/999999/timeline/",
        "/api/v1/cases/999999/attachments/",
        "/api/v1/cases/999999/attachments/1/download/",
    ]:
        assert client.get(url).status_code == 404, url


# ---------------------------------------------------------------------------- timeline


def test_timeline_is_the_officers_view(org, hrss_officer):
    case = accepted_case(hrss_officer)
    r = login(hrss_officer).get(f"/api/v1/cases/{case.pk}/timeline/")
    rows = r.json()
    assert [e["verb"] for e in rows] == ["opened", "accept"]
    assert set(rows[1]) >= {"at", "actor", "verb", "text", "comment", "payload"}
    assert rows[1]["text"] == "受理立案" and rows[1]["public_text"] == "已受理，正在调查处理"
    assert len(rows) == TimelineEntry.objects.filter(case=case).count()


# ---------------------------------------------------------------------------- attachments


def test_upload_list_download(media, org, hrss_officer):
    case = accepted_case(hrss_officer)
    client = login(hrss_officer)
    content = png_bytes()
    r = client.post(
        f"/api/v1/cases/{case.pk}/attachments/",
        {"file": upload("工资条.png", content), "description": "工资条照片"},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    row = r.json()
    assert row["content_type"] == "image/png" and row["size"] == len(content)
    assert row["original_name"] == "工资条.png" and row["uploaded_by"] == hrss_officer.username
    assert len(row["sha256"]) == 64 and row["description"] == "工资条照片"

    listed = client.get(f"/api/v1/cases/{case.pk}/attachments/").json()
    assert [a["id"] for a in listed] == [row["id"]]
    assert listed[0]["download_url"].endswith(
        f"/api/v1/cases/{case.pk}/attachments/{row['id']}/download/"
    )

    downloads = AuditEvent.objects.filter(verb="casework.attachment.downloaded").count()
    r = client.get(listed[0]["download_url"])
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith("attachment;")
    assert r["Content-Type"] == "image/png"
    assert b"".join(r.streaming_content) == content
    event = AuditEvent.objects.filter(verb="casework.attachment.downloaded").latest("id")
    assert event.actor == hrss_officer and event.payload["sha256"] == row["sha256"]
    assert AuditEvent.objects.filter(verb="casework.attachment.downloaded").count() == downloads + 1


def test_attachment_of_another_case_is_404(media, org, hrss_officer):
    from casework.actions import case_attach

    a = accepted_case(hrss_officer)
    b = open_wage_case(employer="另一家公司", credit_code="")
    att = case_attach(actor=hrss_officer, case_id=b.pk, upload=upload("b.png", png_bytes()))
    client = login(hrss_officer)
    assert client.get(f"/api/v1/cases/{b.pk}/attachments/{att.pk}/download/").status_code == 200
    assert client.get(f"/api/v1/cases/{a.pk}/attachments/{att.pk}/download/").status_code == 404


def test_viewer_may_read_but_not_attach(media, wage_case, city_viewer):
    client = login(city_viewer)
    assert client.get(f"/api/v1/cases/{wage_case.pk}/attachments/").status_code == 200
    r = client.post(
        f"/api/v1/cases/{wage_case.pk}/attachments/",
        {"file": upload("a.png", png_bytes())},
        format="multipart",
    )
    assert r.status_code == 403
    assert Attachment.objects.count() == 0


def test_browsable_api_renders_for_a_logged_in_browser(media, org, hrss_officer):
    from rest_framework.test import APIClient

    from casework.actions import case_attach

    case = accepted_case(hrss_officer)
    case_attach(actor=hrss_officer, case_id=case.pk, upload=upload("a.png", png_bytes()))
    browser = APIClient()
    browser.force_login(hrss_officer)
    for url in [
        "/api/v1/cases/",
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/cases/{case.pk}/timeline/",
        f"/api/v1/cases/{case.pk}/attachments/",
        f"/api/v1/cases/{case.pk}/transitions/order_payment/",
        "/api/v1/public/markets/",
        "/api/v1/public/complaints/",
        "/api/v1/calendar/deadline/?start=2026-03-02&days=3",
        "/api/v1/auth/token/",
    ]:
        r = browser.get(url, HTTP_ACCEPT="text/html")
        assert r.status_code in (200, 405), (url, r.status_code)
        assert r["Content-Type"].startswith("text/html"), url


def test_transfer_to_police_makes_the_police_see_and_answer(
    org, hrss_officer, hrss_supervisor, police_officer
):
    case = accepted_case(hrss_officer)
    police = login(police_officer)
    assert police.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    r = login(hrss_supervisor).post(
        f"/api/v1/cases/{case.pk}/transitions/transfer_to_police/",
        {"reason": "涉嫌拒不支付劳动报酬罪", "evidence": ["工资条", "考勤表"]},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "transferred"
    police_unit = unit_for("police", "xuecheng")
    assert r.json()["participants"] == [
        {"unit": {"id": police_unit.pk, "name": police_unit.name}, "reason": "transfer"}
    ]
    d = police.get(f"/api/v1/cases/{case.pk}/").json()
    assert d["available_transitions"] == ["police_accept", "police_return"]
    assert d["parties"][0]["masked"] is True
    assert d["details"]["transfer"]["evidence"] == ["工资条", "考勤表"]
    r = police.post(
        f"/api/v1/cases/{case.pk}/transitions/police_accept/", {"comment": "已立案"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "closure_pending"
