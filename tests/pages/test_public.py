"""Public pages: the mobile complaint form and the status page (no login)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import dateformat, timezone, translation

from casework.actions import case_transition
from casework.models import Case, Market
from permissions.models import Jurisdiction
from tests.factories import VALID_CREDIT_CODE, VALID_ID, VALID_PHONE

pytestmark = pytest.mark.django_db


def _complaint(**overrides) -> dict:
    data = {
        "kind": "wage_arrears",
        "jurisdiction": "xuecheng",
        "complainant.name": "李四",
        "complainant.phone": VALID_PHONE,
        "complainant.id_number": VALID_ID,
        "employer.name": "枣庄某装修队",
        "employer.credit_code": "",
        "market": "",
        "workers_count": "3",
        "amount_owed": "12000.50",
        "occurred_on": (timezone.localdate() - timedelta(days=20)).isoformat(),
        "description": "在小区装修干了一个月，老板一直拖着不给工钱。",
    }
    data.update(overrides)
    return data


def test_complaint_form_renders_for_phones(client, org):
    response = client.get("/complaint/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<option value="wage_arrears" selected>欠薪投诉</option>' in html
    assert '<option value="xuecheng">薛城区</option>' in html
    assert '<option value="city">' not in html  # districts only
    for name in [
        "complainant.name",
        "complainant.phone",
        "complainant.id_number",
        "employer.name",
        "employer.credit_code",
        "market",
        "workers_count",
        "amount_owed",
        "occurred_on",
        "description",
    ]:
        assert f'name="{name}"' in html, name
    assert 'type="tel"' in html and 'type="date"' in html
    assert "/static/css/gigcase.css" in html and "/static/js/gigcase.js" in html
    assert "https://" not in html  # nothing fetched from elsewhere


def test_market_select_lists_markets(client, org):
    xuecheng = Jurisdiction.objects.get(code="xuecheng")
    market = Market.objects.create(
        name="薛城区零工市场", kind="public_welfare", jurisdiction=xuecheng, lon=117.26, lat=34.79
    )
    html = client.get("/complaint/").content.decode()
    assert f'<option value="{market.pk}">薛城区零工市场（薛城区）</option>' in html
    assert '"market-paths"' in html and "city/xuecheng/" in html


def test_filing_shows_tracking_number_and_access_code(client, org):
    response = client.post("/complaint/", _complaint(), follow=True)
    assert response.redirect_chain == [("/complaint/filed/", 302)]
    html = response.content.decode()
    case = Case.objects.get()
    assert case.tracking_number in html
    code = re.search(r'id="access-code">(\d{8})<', html).group(1)
    assert "请立即截图或抄写保存" in html
    assert case.amount_owed == Decimal("12000.50") and case.workers_count == 3
    assert case.parties.get().person.name == "李四"
    # The code shown works on the status page.
    status = client.post("/track/", {"tracking_number": case.tracking_number, "access_code": code})
    assert status.status_code == 200
    assert "待受理" in status.content.decode()


def test_filed_page_without_a_complaint_goes_back_to_the_form(client, org):
    response = client.get("/complaint/filed/")
    assert response.status_code == 302 and response["Location"] == "/complaint/"


def test_invalid_complaint_keeps_values_and_shows_errors_at_fields(client, org):
    response = client.post(
        "/complaint/",
        _complaint(
            **{
                "complainant.phone": "12345",
                "complainant.id_number": "110105194912310021",
                "complainant.name": "",
                "employer.credit_code": "91350100M000100Y44",
                "occurred_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            }
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "提交未成功" in html

    def block(name: str) -> str:
        field_id = "complaint-" + name.replace(".", "-")
        match = re.search(
            rf'<div class="field[^"]*">\s*<label for="{field_id}">.*?</div>\s*</div>', html, re.S
        )
        assert match, name
        return match.group(0)

    assert "请输入11位中国大陆手机号码" in block("complainant.phone")
    assert 'value="12345"' in block("complainant.phone")
    assert "请核对最后一位" in block("complainant.id_number")
    assert "has-error" in block("complainant.name")
    assert "统一社会信用代码有误" in block("employer.credit_code")
    assert "发生日期不能晚于今天" in block("occurred_on")
    assert "枣庄某装修队" in block("employer.name")
    assert "老板一直拖着不给工钱" in html
    assert not Case.objects.exists()


def test_market_outside_the_district_is_refused_at_the_market_field(client, org):
    shizhong = Jurisdiction.objects.get(code="shizhong")
    market = Market.objects.create(
        name="市中区零工市场", kind="commercial", jurisdiction=shizhong, lon=117.5, lat=34.8
    )
    response = client.post("/complaint/", _complaint(market=str(market.pk)))
    assert response.status_code == 400
    assert "该零工市场不在所选区县" in response.content.decode()


def test_complaint_with_credit_code_and_market(client, org):
    xuecheng = Jurisdiction.objects.get(code="xuecheng")
    market = Market.objects.create(
        name="薛城区零工市场", kind="public_welfare", jurisdiction=xuecheng, lon=117.26, lat=34.79
    )
    response = client.post(
        "/complaint/",
        _complaint(**{"employer.credit_code": VALID_CREDIT_CODE, "market": str(market.pk)}),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.market == market and case.employer.credit_code == VALID_CREDIT_CODE


def test_public_forms_enforce_csrf(org):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/complaint/", _complaint()).status_code == 403
    assert strict.post("/track/", {"tracking_number": "X", "access_code": "1"}).status_code == 403
    assert not Case.objects.exists()


def test_status_page_shows_public_history_only(
    client, accepted_case, hrss_officer, hrss_supervisor
):
    case_transition(
        actor=hrss_officer,
        case_id=accepted_case.pk,
        name="propose_closure",
        data={"summary": "内部结案摘要：老板已付清", "amount_recovered": "5000"},
    )
    case_transition(
        actor=hrss_supervisor,
        case_id=accepted_case.pk,
        name="approve_closure",
        data={"comment": "同意结案（内部意见）"},
    )
    response = client.post(
        "/track/",
        {
            "tracking_number": accepted_case.tracking_number.lower(),
            "access_code": accepted_case.access_code,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="public-status">已结案<' in html
    assert "投诉已提交，等待受理" in html
    assert "已受理，正在调查处理" in html
    assert "材料齐全" not in html  # the acceptance comment is internal
    assert "内部结案摘要" not in html and "内部意见" not in html
    assert "hrss.officer" not in html
    assert "薛城区人力资源和社会保障局" in html or "薛城区" in html


def test_status_page_shows_deadline_while_open(client, wage_case):
    response = client.post(
        "/track/",
        {"tracking_number": wage_case.tracking_number, "access_code": wage_case.access_code},
    )
    html = response.content.decode()
    assert "待受理" in html
    d = wage_case.deadline
    assert f"{d.year}年{d.month}月{d.day}日" in html
    # In English the date is written the English way (the locale's DATE_FORMAT).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        english = client.post(
            "/track/",
            {"tracking_number": wage_case.tracking_number, "access_code": wage_case.access_code},
        ).content.decode()
        written = dateformat.format(d, "N j, Y")
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert written in english and f"{d.year}年" not in english


def test_wrong_code_and_unknown_number_look_the_same(client, wage_case):
    wrong = client.post(
        "/track/", {"tracking_number": wage_case.tracking_number, "access_code": "00000000"}
    )
    unknown = client.post("/track/", {"tracking_number": "GCNOSUCHCASE", "access_code": "1"})
    assert wrong.status_code == unknown.status_code == 404
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "未找到该投诉" in html
        assert "待受理" not in html


def test_track_form_renders(client, org):
    html = client.get("/track/").content.decode()
    assert 'name="tracking_number"' in html and 'name="access_code"' in html
    assert 'method="post"' in html


def test_filed_page_forgets_the_code_after_a_while(client, org):
    client.post("/complaint/", _complaint())
    assert client.get("/complaint/filed/").status_code == 200
    session = client.session
    filed = session["public_complaint_filed"]
    filed["at"] -= 31 * 60  # filed half an hour ago
    session["public_complaint_filed"] = filed
    session.save()
    response = client.get("/complaint/filed/")
    assert response.status_code == 302 and response["Location"] == "/complaint/"
    assert "public_complaint_filed" not in client.session
