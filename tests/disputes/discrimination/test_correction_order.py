"""The order to correct (责令限期改正) of a discrimination complaint: `order_correction` from
the API and the case page, its fixed deadline watched like every clock, the
劳动保障监察限期改正指令书 read back with poppler, who may read it, bad payloads, and the
closure from `ordered`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect
from rest_framework.test import APIClient

from casework.actions import available_transitions
from casework.actions.deadlines import check_deadlines
from casework.audit import verify_chain
from casework.kinds import get_kind
from casework.models import AlertLevel, AuditEvent, Case, ClockAlert, Document, LegalClock
from tests.browser.helpers import fire, make_demo_users, shot, signed_in, track
from tests.documents.pdf import pdf_fonts, pdf_text
from tests.factories import VALID_CREDIT_CODE, VALID_ID, VALID_PHONE, member

from ..tables import DISCRIMINATION as K
from ..walk import Actors, snapshot

EMPLOYER = "枣庄某物流有限公司"
REQUIREMENTS = ["停止在招聘中设置性别限制", "删除招聘启事中“仅限男性”的条件"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _read(document: Document) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def _order(case_id: int, user, **body):
    data = {"due_date": (timezone.localdate() + timedelta(days=15)).isoformat()}
    data |= {"requirements": "\n".join(REQUIREMENTS)} | body
    return api(user).post(
        f"/api/v1/cases/{case_id}/transitions/order_correction/", data, format="json"
    )


def _investigating(actors) -> Case:
    opened = K.open(description="招聘启事写明仅限男性。")
    case = K.walk_to(opened, "investigating", actors)
    case.access_code = opened.access_code  # shown once, at filing
    return case


@pytest.fixture
def investigating(org, actors):
    return _investigating(actors)


@pytest.fixture
def ordered(investigating, actors):
    r = _order(investigating.pk, actors.officer, basis="《测试规定》第九条")
    assert r.status_code == 200, r.content
    case = Case.objects.get(pk=investigating.pk)
    case.access_code = investigating.access_code
    return case


# --- the API ---------------------------------------------------------------------------------


def test_the_officer_orders_the_employer_to_correct_through_the_api(investigating, actors):
    due = timezone.localdate() + timedelta(days=20)
    assert "order_correction" in available_transitions(actors.officer, investigating)
    r = _order(investigating.pk, actors.officer, due_date=due.isoformat(), comment="责令改正")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "ordered" and body["status_display"] == "已责令改正"
    assert body["version"] == investigating.version + 1
    assert "propose_closure" in body["available_transitions"]
    assert "order_correction" not in body["available_transitions"]
    clock = next(c for c in body["clocks"] if c["code"] == "correction_order")
    assert clock["title"] == "限期改正期限" and clock["status"] == "running"
    assert clock["due_date"] == due.isoformat() and clock["day_unit"] == "calendar"
    assert "《劳动保障监察条例》第十八条第一款第（二）项" in clock["legal_basis"]
    assert clock["pause_reasons"] == [] and clock["extensions_left"] == 0

    case = Case.objects.get(pk=investigating.pk)
    assert case.details["correction_order"] == {
        "due_date": due.isoformat(),
        "requirements": REQUIREMENTS,
        "basis": "",
        "on": timezone.localdate().isoformat(),
    }
    document = Document.objects.get(case=case, code="correction_order")
    event = AuditEvent.objects.get(case=case, verb="disputes.discrimination.order_correction")
    assert (event.from_state, event.to_state) == ("investigating", "ordered")
    assert event.payload["documents"] == [
        {"name": "correction_order", "number": document.number, "sha256": document.sha256}
    ]
    assert event.payload["correction_order"]["requirements"] == REQUIREMENTS
    entry = case.timeline.get(verb="order_correction")
    assert entry.text.startswith(f"责令限期改正：于{due.year}年{due.month}月{due.day}日前改正2项")
    assert verify_chain().ok


def test_the_order_reads_back_as_a_chinese_pdf_with_embedded_fonts(ordered, hrss_officer):
    client = api(hrss_officer)
    rows = client.get(f"/api/v1/cases/{ordered.pk}/documents/").json()
    assert [r["name"] for r in rows] == ["acceptance_notice", "correction_order"]
    row = rows[1]
    year = timezone.localdate().year
    assert row["title"] == "劳动保障监察限期改正指令书"
    assert row["number"] == f"薛城人社限改〔{year}〕1号"
    r = client.get(row["url"])
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    data = b"".join(r.streaming_content)
    text = pdf_text(data)
    due = timezone.localdate() + timedelta(days=15)
    for phrase in [
        "劳动保障监察限期改正指令书",
        row["number"],
        ordered.number,
        f"{EMPLOYER}：",  # addressed to the employer
        VALID_CREDIT_CODE,
        "1．停止在招聘中设置性别限制",
        "2．删除招聘启事中“仅限男性”的条件",
        f"{chinese(due)}前按下列要求改正",
        "违反了《测试规定》第九条的规定",
        "《劳动保障监察条例》第十八条第一款第（二）项",
        "第三十条第一款第（三）项",
        "处2000元以上2万元以下的罚款",
        "六十日内依法申请行政复议",
        "六个月内依法向人民法院提起行政诉讼",
        "薛城区人力资源和社会保障局",
        chinese(timezone.localdate()),
    ]:
        assert phrase in text, phrase
    # A writ leaves the bureau: the complainant's ID masked, no phone.
    assert "1101**********002X" in text and VALID_ID not in text and VALID_PHONE not in text
    fonts = pdf_fonts(data)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert any("WenKaiTGH" in f["name"] for f in fonts)


def test_without_a_basis_the_order_cites_the_employment_promotion_law(investigating, actors):
    assert _order(investigating.pk, actors.officer).status_code == 200
    document = Document.objects.get(case=investigating, code="correction_order")
    assert "违反了《中华人民共和国就业促进法》第二十六条的规定" in pdf_text(_read(document))


def test_the_schema_types_the_payload(db):
    schema = (
        APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    order = schema["components"]["schemas"]["DiscriminationOrderCorrectionRequest"]
    assert set(order["required"]) == {"due_date", "requirements"}
    assert order["properties"]["due_date"]["format"] == "date"
    assert {"basis", "comment", "version"} <= set(order["properties"])
    post = schema["paths"]["/api/v1/cases/{id}/transitions/{name}/"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    one_of = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["oneOf"]
    assert {"$ref": "#/components/schemas/DiscriminationOrderCorrectionRequest"} in one_of
    assert "order_correction" in post["description"]


# A due date as days from today (an int), or as sent; None leaves the field out.
@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"due_date": None}, {"due_date"}),
        ({"due_date": 0}, {"due_date"}),
        ({"due_date": -1}, {"due_date"}),
        ({"due_date": "2026-02-30"}, {"due_date"}),
        ({"due_date": "next week"}, {"due_date"}),
        ({"due_date": ["2030-01-01"]}, {"due_date"}),
        ({"requirements": None}, {"requirements"}),
        ({"requirements": ""}, {"requirements"}),
        ({"requirements": " \n \n"}, {"requirements"}),
        ({"requirements": "改" * 2001}, {"requirements"}),
        ({"requirements": {"a": 1}}, {"requirements"}),
        ({"basis": "条" * 501}, {"basis"}),
        ({"due_date": 0, "requirements": ""}, {"due_date", "requirements"}),
    ],
)
def test_a_bad_payload_is_400_naming_the_field(investigating, actors, body, fields):
    body = dict(body)
    if isinstance(body.get("due_date"), int):
        body["due_date"] = (timezone.localdate() + timedelta(body["due_date"])).isoformat()
    data = {"due_date": (timezone.localdate() + timedelta(days=15)).isoformat()}
    data |= {"requirements": "停止在招聘中设置性别限制"} | body
    data = {k: v for k, v in data.items() if v is not None}
    before = snapshot(investigating)
    r = api(actors.officer).post(
        f"/api/v1/cases/{investigating.pk}/transitions/order_correction/", data, format="json"
    )
    assert r.status_code == 400, r.content
    assert set(r.json()) == fields
    assert snapshot(investigating) == before
    assert not Document.objects.filter(case=investigating, code="correction_order").exists()


def test_the_supervisor_may_not_order(investigating, actors):
    before = snapshot(investigating)
    assert _order(investigating.pk, actors.supervisor).status_code == 403
    assert snapshot(investigating) == before


@pytest.mark.parametrize(
    "who",
    [
        ("hrss.officer.shizhong", "hrss", "shizhong", "officer"),  # another district
        ("hrss.viewer.shizhong", "hrss", "shizhong", "viewer"),  # a sibling's leadership
        ("market.officer.xuecheng", "market", "xuecheng", "officer"),  # another department
        ("police.supervisor.xuecheng", "police", "xuecheng", "supervisor"),
    ],
)
def test_the_order_is_404_to_other_departments_and_districts(ordered, actors, client, who):
    outsider = member(*who)
    base = f"/api/v1/cases/{ordered.pk}/documents/"
    outside = api(outsider)
    assert outside.get(base).status_code == 404
    for name in ["correction_order", "correction_order-2", "nothing"]:
        r = outside.get(f"{base}{name}.pdf")
        assert r.status_code == 404 and r.json() == {"detail": "案件不存在。"}, (who, name)
    client.force_login(outsider)
    assert client.get(f"/cases/{ordered.pk}/documents/correction_order.pdf").status_code == 404
    assert not AuditEvent.objects.filter(
        verb="casework.document.downloaded", actor=outsider
    ).exists()
    # Nor may they order the employer of another unit's case to correct.
    investigating = K.walk_to(K.open(), "investigating", actors)
    before = snapshot(investigating)
    assert _order(investigating.pk, outsider).status_code == 404
    assert snapshot(investigating) == before


def test_the_city_reads_the_order_and_the_download_is_audited(ordered, city_viewer):
    r = api(city_viewer).get(f"/api/v1/cases/{ordered.pk}/documents/correction_order.pdf")
    assert r.status_code == 200
    assert "限期改正指令书" in pdf_text(b"".join(r.streaming_content))
    event = AuditEvent.objects.filter(verb="casework.document.downloaded").latest("id")
    assert event.actor == city_viewer and event.payload["name"] == "correction_order"


def test_the_complainant_sees_the_step_but_not_the_order(ordered):
    anon = APIClient()
    r = anon.get(
        f"/api/v1/public/complaints/{ordered.tracking_number}/",
        {"access_code": ordered.access_code},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "ordered" and body["status_display"] == "已责令改正"
    assert body["history"][-1]["event"] == "已责令用人单位限期改正"
    listed = anon.get(
        f"/api/v1/public/complaints/{ordered.tracking_number}/documents/",
        {"access_code": ordered.access_code},
    )
    assert listed.status_code == 200
    assert [d["name"] for d in listed.json()] == ["acceptance_notice"]


# --- the deadline, the closure ---------------------------------------------------------------


def _order_clock(case) -> LegalClock:
    return LegalClock.objects.filter(case=case, code="correction_order").latest("id")


def test_the_deadline_is_warned_then_overdue_like_every_clock(ordered, hrss_supervisor):
    due = _order_clock(ordered).due_date
    check_deadlines(now=at(due - timedelta(days=2)))
    alerts = ClockAlert.objects.filter(clock__code="correction_order")
    assert list(alerts.values_list("level", flat=True)) == [AlertLevel.WARNING]
    check_deadlines(now=at(due + timedelta(days=1)))
    assert set(alerts.values_list("level", flat=True)) == {AlertLevel.WARNING, AlertLevel.OVERDUE}
    assert Case.objects.get(pk=ordered.pk).timeline.filter(verb="deadline_overdue").exists()


def test_closure_from_ordered_settles_the_order(ordered, actors):
    K.fire(ordered.pk, "propose_closure", actors, {"summary": "用人单位已删除性别限制。"})
    case = Case.objects.get(pk=ordered.pk)
    assert case.status == "closure_pending"
    assert _order_clock(case).status == "stopped"
    # A stopped order is not watched any more.
    check_deadlines(now=at(_order_clock(case).due_date + timedelta(days=30)))
    assert not ClockAlert.objects.filter(clock__code="correction_order").exists()
    K.fire(case.pk, "approve_closure", actors)
    case = Case.objects.get(pk=ordered.pk)
    assert case.status == "closed" and case.deadline is None
    assert not LegalClock.objects.filter(case=case, status="running").exists()
    report = Document.objects.get(case=case, code="closure_report")
    assert "用人单位已删除性别限制" in pdf_text(_read(report))


def test_a_rework_lets_the_officer_order_again_as_a_new_document(ordered, actors):
    K.fire(ordered.pk, "propose_closure", actors)
    K.fire(ordered.pk, "return_for_rework", actors)
    first = Document.objects.get(case=ordered, name="correction_order")
    due = timezone.localdate() + timedelta(days=30)
    r = _order(ordered.pk, actors.officer, due_date=due.isoformat(), requirements="重新组织面试")
    assert r.status_code == 200, r.content
    second = Document.objects.get(case=ordered, name="correction_order-2")
    year = timezone.localdate().year
    assert second.number == f"薛城人社限改〔{year}〕2号"
    assert "1．重新组织面试" in pdf_text(_read(second))
    assert Document.objects.get(pk=first.pk).sha256 == first.sha256
    running = LegalClock.objects.filter(case=ordered, code="correction_order", status="running")
    assert [c.due_date for c in running] == [due]


# --- the case page ---------------------------------------------------------------------------


def _form(html: str, name: str) -> str:
    start = html.index(f'id="action-{name}"')
    return html[start : html.index("</details>", start)]


def test_the_case_page_offers_the_order_form(client, investigating, actors):
    client.force_login(actors.officer)
    html = client.get(f"/cases/{investigating.pk}/").content.decode()
    form = _form(html, "order_correction")
    assert "责令限期改正" in form
    assert 'type="date"' in form and 'name="due_date"' in form and "改正期限" in form
    assert "<textarea" in form and 'name="requirements"' in form and "改正要求" in form
    assert 'name="basis"' in form and "违反的规定" in form
    assert f'action="/cases/{investigating.pk}/transitions/order_correction/"' in form
    client.force_login(actors.supervisor)
    html = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert 'id="action-order_correction"' not in html


def test_the_page_refuses_a_bad_order_with_the_errors_at_their_fields(
    client, investigating, actors
):
    client.force_login(actors.officer)
    today = timezone.localdate().isoformat()
    r = client.post(
        f"/cases/{investigating.pk}/transitions/order_correction/",
        {"due_date": today, "requirements": "  ", "version": investigating.version},
    )
    assert r.status_code == 400
    form = _form(r.content.decode(), "order_correction")
    assert "改正期限须晚于今天。" in form and f'value="{today}"' in form
    assert 'aria-invalid="true"' in form
    assert Case.objects.get(pk=investigating.pk).status == "investigating"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_officer_orders_from_the_case_page_and_downloads_the_order(
    live_server, browser, tmp_path, screenshot_dir
):
    base = live_server.url
    users = make_demo_users("officer", "supervisor")
    actors = Actors(officer=users["officer"], supervisor=users["supervisor"], police=None)
    case = _investigating(actors)
    due = timezone.localdate() + timedelta(days=10)

    officer, page = signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{case.pk}/")
    expect(page.locator("#case-status")).to_have_text("调查处理中")
    fire(
        page,
        "order_correction",
        {
            "due_date": due.isoformat(),
            "requirements": "\n".join(REQUIREMENTS),
            "basis": "《测试规定》第九条",
        },
        "责令限期改正",
    )
    expect(page.locator("#case-status")).to_have_text("已责令改正")
    panel = page.locator("#documents")
    order = panel.locator("[data-document=correction_order]")
    expect(order).to_have_count(1)
    document = Document.objects.get(case=case, code="correction_order")
    expect(panel).to_contain_text(document.number)
    shot(page, screenshot_dir, "discrimination-correction-order")
    with page.expect_download() as info:
        order.click()
    path = Path(tmp_path / "order.pdf")
    info.value.save_as(path)
    data = path.read_bytes()
    assert data == _read(document)
    text = pdf_text(data)
    for phrase in [
        "劳动保障监察限期改正指令书",
        document.number,
        case.number,
        f"{EMPLOYER}：",
        *REQUIREMENTS,
        f"{chinese(due)}前",
    ]:
        assert phrase in text, phrase
    assert all(f["emb"] == "yes" for f in pdf_fonts(data))

    fire(page, "propose_closure", {"summary": "用人单位已书面整改。"}, "申请结案")
    expect(page.locator("#case-status")).to_have_text("结案待审批")

    worker = browser.new_context()
    status = track(worker.new_page(), base, case.tracking_number, case.access_code)
    assert "已责令用人单位限期改正" in status and "限期改正指令书" not in status
    for context in (officer, worker):
        context.close()


def test_the_new_state_and_step_speak_english_on_request():
    spec = get_kind("discrimination")
    with translation.override("en"):
        assert spec.status_label("ordered") == "Correction ordered"
        assert str(spec.transitions["order_correction"].label) == "Order correction"
    with translation.override("zh-hans"):
        assert spec.status_label("ordered") == "已责令改正"
        # The same value names wage arrears' own state in its own words.
        assert get_kind("wage_arrears").status_label("ordered") == "已下达限期支付指令"


def test_the_case_list_names_the_shared_state_by_both_its_names(hrss_officer, client):
    client.force_login(hrss_officer)
    html = client.get("/cases/").content.decode()
    assert '<option value="ordered">已下达限期支付指令／已责令改正</option>' in html
    listed = client.get("/cases/", {"status": "ordered", "kind": "discrimination"})
    assert listed.status_code == 200
