"""The public complaint form speaks plainly when something typed is wrong, keeps what was
typed (a number field cannot hold "一千"), and lists every wrong field at the top as a link
to it."""

from __future__ import annotations

import re
from html import unescape

import pytest

from casework.models import Case

from .test_public import _complaint

pytestmark = pytest.mark.django_db

# DRF's defaults and the officers' wording, which a worker on a phone cannot act on.
JARGON = [
    "总计",
    "合法的数字",
    "合法的整数",
    "大于或者等于",
    "YYYY",
    "日期格式错误",
    "校验位",
]


def _field(html: str, name: str) -> str:
    field_id = "complaint-" + name.replace(".", "-")
    match = re.search(
        rf'<div class="field[^"]*">\s*<label for="{field_id}">.*?</div>\s*</div>', html, re.S
    )
    assert match, name
    return match.group(0)


def _summary(html: str) -> str:
    match = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert match
    return match.group(0)


def test_exponent_amount_is_refused_and_kept(client, org):
    response = client.post("/complaint/", _complaint(amount_owed="1e5", workers_count="1"))
    assert response.status_code == 400
    block = _field(response.content.decode(), "amount_owed")
    assert "金额只能填数字，最多两位小数，例如 8600.50" in block
    assert 'value="1e5"' in block
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("amount_owed", "一千", "金额只能填数字"),
        ("amount_owed", "1.234", "金额只能填数字"),
        ("amount_owed", "-5", "金额只能填数字"),
        ("workers_count", "几个", "人数只能填数字"),
        ("workers_count", "0", "人数至少是 1"),
        ("occurred_on", "上个月", "请选择日期"),
        ("complainant.id_number", "110105194912310021", "请核对最后一位（可能是数字或 X）"),
    ],
)
def test_plain_message_beside_what_was_typed(client, org, name, typed, message):
    response = client.post("/complaint/", _complaint(**{name: typed}))
    assert response.status_code == 400
    html = response.content.decode()
    block = _field(html, name)
    assert message in block
    if name != "occurred_on":  # a date input cannot hold words; its message asks for a date
        assert f'value="{typed}"' in block
    for word in JARGON:
        assert word not in html, word


def test_amount_and_count_are_text_inputs_with_a_digit_keypad(client, org):
    html = client.get("/complaint/").content.decode()
    amount = re.search(r'<input [^>]*name="amount_owed"[^>]*>', html).group(0)
    count = re.search(r'<input [^>]*name="workers_count"[^>]*>', html).group(0)
    assert 'type="text"' in amount and 'inputmode="decimal"' in amount and "pattern=" in amount
    assert 'type="text"' in count and 'inputmode="numeric"' in count and "pattern=" in count
    for attr in ("min=", "max=", "step="):
        assert attr not in count and attr not in amount


def test_the_pattern_takes_what_the_server_takes():
    from casework.payloads import MONEY_PATTERN, MONEY_RE

    browser = re.compile(f"^(?:{MONEY_PATTERN})$")
    for typed in ["8600", "8600.5", "8,600.50", "1,000,000", "0.01"]:
        assert browser.match(typed) and MONEY_RE.match(typed), typed
    for typed in ["1e5", "-5", "1.234", "1,00", "一千", ".5", "1."]:
        assert not browser.match(typed) and not MONEY_RE.match(typed), typed


def test_error_summary_links_every_wrong_field(client, org):
    response = client.post(
        "/complaint/",
        _complaint(
            **{
                "amount_owed": "1e5",
                "workers_count": "几个",
                "complainant.name": "",
                "complainant.id_number": "110105194912310021",
            }
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    # It takes the focus (static/js/gigcase.js) and so can hold it.
    assert 'tabindex="-1"' in summary and "data-autofocus" in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    targets = [target for target, _text in links]
    # In the page's order, one per wrong field, each pointing at the field itself.
    assert targets == [
        "complaint-complainant-name",
        "complaint-complainant-id_number",
        "complaint-workers_count",
        "complaint-amount_owed",
    ]
    for target, _text in links:
        assert re.search(rf'<(input|select|textarea|fieldset) [^>]*id="{target}"', html), target
    texts = dict(links)
    assert unescape(texts["complaint-amount_owed"]).startswith("拖欠金额（元）：金额只能填数字")
    assert "请核对最后一位" in unescape(texts["complaint-complainant-id_number"])


def test_a_wrong_radio_is_linked_to_its_group(client, org):
    response = client.post("/complaint/", _complaint(violation_continuing="perhaps"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#complaint-violation_continuing"' in _summary(html)
    assert re.search(r'<fieldset id="complaint-violation_continuing"', html)


def test_the_continuing_radio_starts_on_its_default(client, org):
    html = client.get("/complaint/").content.decode()
    assert re.search(r'name="violation_continuing" value="false" checked', html)
