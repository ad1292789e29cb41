"""The 调解协议书 as the parties sign it: a payment clause only for a sum to pay, in plain
grammar with or without a due date; one role name for each party (申请人 / 被申请人);
room to sign for both parties and the mediator, whose line is left blank; the agreed
amount capped like every money figure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.errors import InvalidInput
from casework.models import Document
from tests.disputes.tables import LABOUR

from .pdf import pdf_lines, pdf_text, pdftotext


def _agree(actors, **data):
    case = LABOUR.open(amount="8000")
    LABOUR.walk_to(case, "mediating", actors)
    LABOUR.fire(
        case.pk, "record_agreement", actors, {"terms": "双方协商一致，解除劳动关系", **data}
    )
    return case, _read(Document.objects.get(case=case, name="mediation_agreement"))


def _read(document: Document) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def _words(data: bytes) -> list[tuple[float, float, float, float, str]]:
    """Every word of the PDF's last page with its box (xMin, yMin, xMax, yMax), read by
    pdftotext (y grows down the page)."""
    html = pdftotext(data, "-bbox").split("<page ")[-1]
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, html)
    ]


def _box(words, label: str):
    (box,) = [w for w in words if w[4] == label]
    return box


def test_no_payment_clause_for_an_amount_of_zero_or_none(actors):
    for data in ({"amount": "0"}, {}):
        _case, data_ = _agree(actors, **data)
        body = pdf_text(data_)
        assert "支付0.00元" not in body and "向申请人支付" not in body, data
        assert "双方协商一致，解除劳动关系" in body


def test_a_sum_without_a_due_date_reads_as_plain_chinese(actors):
    _case, data = _agree(actors, amount="8000")
    body = pdf_text(data)
    assert "被申请人向申请人支付8,000.00元，自本协议生效之日起履行。" in body
    assert "生效后前" not in body


def test_a_sum_with_a_due_date(actors):
    due = timezone.localdate() + timedelta(days=10)
    _case, data = _agree(actors, amount="8000", performance_due=due.isoformat())
    body = pdf_text(data)
    day = f"{due.year}年{due.month}月{due.day}日"
    assert f"被申请人向申请人支付8,000.00元，于{day}前履行完毕。" in body


def test_one_role_name_for_each_party(actors):
    _case, data = _agree(actors, amount="8000")
    body = pdf_text(data)
    parties = body.split("一、当事人")[1].split("二、争议事项")[0]
    assert parties.startswith("申请人：赵六，身份证号码：1101**********002X")
    assert "被申请人：枣庄某物流有限公司，统一社会信用代码：" in parties
    assert "投诉人" not in body and "用人单位：" not in parties


def test_each_signature_has_room_and_the_mediator_signs_by_hand(actors, hrss_officer):
    hrss_officer.first_name, hrss_officer.last_name = "明", "王"
    hrss_officer.save()
    case, data = _agree(actors, amount="8000")
    case.refresh_from_db()
    words = _words(data)
    applicant = _box(words, "申请人（签名）：")
    respondent = _box(words, "被申请人（签名或盖章）：")
    mediator = _box(words, "调解员（签名）：")
    # Side by side, each in half the line (the applicant's label leaves about six characters of
    # 16 pt beside it), the spaces that once separated them having collapsed to one.
    assert applicant[1] == pytest.approx(respondent[1], abs=1)
    assert respondent[0] - applicant[2] >= 5 * 16
    # Two blank lines (of 28.9 pt) below the parties' labels before the mediator's.
    assert mediator[1] - applicant[3] >= 2 * 28
    # Nothing written on or below the mediator's line until the issuing unit signs.
    below = [w for w in words if w[1] >= mediator[1] - 1 and w[4] != "调解员（签名）："]
    assert below and all(w[1] - mediator[3] >= 2 * 28 for w in below), below
    assert "王明" not in pdf_text(data) and hrss_officer.username not in pdf_text(data)


def test_the_agreed_amount_is_capped_like_every_money_figure(actors):
    case = LABOUR.open(amount="8000")
    LABOUR.walk_to(case, "mediating", actors)
    with pytest.raises(InvalidInput) as refused:
        LABOUR.fire(
            case.pk, "record_agreement", actors, {"terms": "支付", "amount": "1000000000.01"}
        )
    assert "amount" in refused.value.errors
    LABOUR.fire(case.pk, "record_agreement", actors, {"terms": "支付", "amount": "1000000000.00"})


def test_no_line_of_the_agreement_opens_with_a_comma(actors):
    # The agreement's opening sentence fills its first line up to the comma after 基础上:
    # by the rule of Chinese punctuation the comma stays on that line.
    _case, data = _agree(
        actors, terms="被申请人于本协议签订后支付申请人加班费4500元，申请人放弃其他请求。"
    )
    lines = pdf_lines(data)
    assert any(line.endswith("基础上，") or line.endswith("，") for line in lines)
    opening = [line for line in lines if line[0] in "，。、；：？！）》”"]
    assert not opening, opening
