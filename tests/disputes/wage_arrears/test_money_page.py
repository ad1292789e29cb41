"""Money that adds up on the case page (Django's test client; the browser walk is in
tests/browser/test_money_e2e.py): the figures side by side, the over-payment refused next
to its field until a reason is chosen, the correction form offering the case's own
payments, crediting to a worker of the case, and the closure check the supervisor reads."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from casework.models import AuditEvent, Payment

from ..walk import fire, snapshot
from .money_support import ordered_case, pay, today, two_worker_case


def written(case) -> tuple:
    """What a refused form must leave as it was. The page shown again with the errors
    renders the parties unmasked to their officer, which is audited as a view
    (`casework.pii.viewed`): that record is the page's, not the transition's."""
    counts, row = snapshot(case)
    counts = {**counts, "audit": AuditEvent.objects.exclude(verb="casework.pii.viewed").count()}
    return counts, row


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, case, name: str, data: dict):
    return client.post(f"/cases/{case.pk}/transitions/{name}/", data)


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert match, element_id
    return re.sub(r"<[^>]+>|\s+", "", match.group(1))


def test_the_page_shows_owed_ordered_paid_recovered_and_still_owed(org, actors):
    case = ordered_case(actors, owed="18600", ordered="20000")
    pay(case.pk, actors, "5000")
    html = _client(actors.officer).get(f"/cases/{case.pk}/").content.decode()
    assert _text(html, "money-owed") == "18,600.00元"
    assert _text(html, "money-ordered") == "20,000.00元"
    assert _text(html, "money-paid") == "5,000.00元"
    assert _text(html, "amount-recovered") == "5,000.00元"
    assert _text(html, "money-still-owed") == "15,000.00元"
    # The payment form asks for the reason; the correction form lists the case's payment.
    assert 'name="excess_reason"' in html and 'value="compensation"' in html
    payment = Payment.objects.get(case=case)
    assert f'<option value="{payment.pk}">' in html and "张三 5,000.00 元" in html


def test_overpayment_is_refused_beside_its_field_then_recorded_with_the_reason(org, actors):
    officer = _client(actors.officer)
    case = ordered_case(actors, owed="18600")
    before = written(case)
    r = _post(officer, case, "record_payment", {"amount": "99999", "paid_on": today()})
    assert r.status_code == 400
    html = r.content.decode()
    assert "支付金额 99,999.00 元超出本案尚欠金额 18,600.00 元" in html
    assert "金额超出时必须说明理由。" in html
    assert 'value="99999"' in html  # what was typed is kept
    assert written(case) == before

    r = _post(
        officer,
        case,
        "record_payment",
        {"amount": "99999", "paid_on": today(), "excess_reason": "other", "excess_note": ""},
    )
    assert r.status_code == 400 and "超额理由为“其他”时必须填写说明。" in r.content.decode()
    r = _post(
        officer,
        case,
        "record_payment",
        {
            "amount": "99999",
            "paid_on": today(),
            "excess_reason": "other",
            "excess_note": "含项目部其他班组工资",
        },
    )
    assert r.status_code == 302
    html = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "超出尚欠金额" in html and "含项目部其他班组工资" in html
    assert _text(html, "money-still-owed") == "0.00元"


def test_correcting_a_payment_from_the_page(org, actors, other_district_officer):
    officer = _client(actors.officer)
    case = ordered_case(actors)
    pay(case.pk, actors, "999")
    payment = Payment.objects.get(case=case)
    data = {"payment": str(payment.pk), "reason": "金额录错"}
    assert _post(_client(other_district_officer), case, "correct_payment", data).status_code == 404

    r = _post(officer, case, "correct_payment", {"payment": str(payment.pk)})
    assert r.status_code == 400 and "该字段是必填项" in r.content.decode()
    r = _post(officer, case, "correct_payment", {**data, "amount": "1000"})
    assert r.status_code == 400
    assert "冲销金额不能超过原支付金额 999.00 元。" in r.content.decode()

    r = _post(officer, case, "correct_payment", data)
    assert r.status_code == 302
    html = officer.get(f"/cases/{case.pk}/").content.decode()
    correction = Payment.objects.get(corrects=payment)
    assert f"更正 #{payment.pk}" in html and "金额录错" in html
    assert f'id="payment-{payment.pk}-corrected"' in html
    assert "更正工资支付记录：冲销 999.00 元" in html
    assert _text(html, "money-paid") == "0.00元"
    # Nothing left to correct: no form, and a second try is a conflict.
    assert 'id="action-correct_payment"' not in html
    assert _post(officer, case, "correct_payment", data).status_code == 409
    assert correction.amount < 0


def test_a_payment_is_credited_to_the_worker_chosen_on_the_page(org, actors):
    officer = _client(actors.officer)
    case, _zhang, li = two_worker_case(actors)
    other = ordered_case(actors)
    stranger = other.parties.get()
    before = written(case)
    data = {"amount": "100", "paid_on": today(), "worker": str(stranger.pk)}
    r = _post(officer, case, "record_payment", data)
    assert r.status_code == 400 and "该劳动者不是本案当事人。" in r.content.decode()
    assert written(case) == before
    r = _post(officer, case, "record_payment", {**data, "worker": str(li.pk)})
    assert r.status_code == 302
    assert Payment.objects.get(case=case).party_id == li.pk
    html = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "李四 的支付记录" in html
    # Who recorded it, by name as the timeline says it (the username only without one).
    assert f"{actors.officer.username} 记录" in html
    type(actors.officer).objects.filter(pk=actors.officer.pk).update(first_name="刘华")
    html = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "刘华 记录" in html and f"{actors.officer.username} 记录" not in html


@pytest.mark.parametrize("amount", ["abc", "1e400", "-3", "10000000000"])
def test_garbage_in_the_payment_form_is_a_400_beside_the_field(org, actors, amount):
    officer = _client(actors.officer)
    case = ordered_case(actors)
    before = written(case)
    r = _post(officer, case, "record_payment", {"amount": amount, "paid_on": today()})
    assert r.status_code == 400
    assert re.search(r'name="amount"[^>]*aria-invalid="true"', r.content.decode())
    assert written(case) == before


def test_the_supervisor_sees_the_money_and_its_reasons_at_the_closure_approval(org, actors):
    case = ordered_case(actors, owed="18600", ordered="20000")
    pay(case.pk, actors, "18600")
    pay(case.pk, actors, "1400", excess_reason="compensation")
    pay(case.pk, actors, "50", excess_reason="other", excess_note="误录")
    typo = Payment.objects.filter(case=case).latest("id")
    fire(case.pk, "correct_payment", actors, {"payment": typo.pk, "reason": "重复录入"})
    officer_html = _client(actors.officer).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="closure-check"' not in officer_html  # only while the closure waits
    fire(case.pk, "propose_closure", actors, {"summary": "已足额支付", "amount_recovered": "20000"})
    html = _client(actors.supervisor).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-approve_closure"' in html
    assert _text(html, "check-owed") == "18,600.00元"
    assert _text(html, "check-ordered") == "20,000.00元"
    assert _text(html, "check-paid") == "20,000.00元"
    assert _text(html, "check-recovered") == "20,000.00元"
    assert _text(html, "check-still-owed") == "0.00元"
    section = html[html.index('id="closure-check"') :]
    assert "限期支付指令 20,000.00 元" in section and "劳动合同法" in section
    assert "1,400.00 元" in section and "误录" in section
    assert "重复录入" in section and f"更正 #{typo.pk}" in section
