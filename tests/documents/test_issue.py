"""Documents issued by the transitions that decide: read back with poppler (pdftotext,
pdffonts, pdfinfo), stored with their SHA-256, numbered, never rewritten."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.actions import case_transition
from casework.kinds import get_kind
from casework.models import AuditEvent, Document
from tests.disputes.tables import LABOUR
from tests.disputes.walk import fire
from tests.factories import VALID_ID, VALID_PHONE

from .pdf import pdf_fonts, pdf_info, pdf_text

MASKED_ID = "1101**********002X"


def _read(document: Document) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def _check_common(document: Document, case) -> str:
    data = _read(document)
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert document.size == len(data)
    fonts = pdf_fonts(data)
    assert fonts, "no font in the PDF"
    # Every font is embedded: only our subset face, no base-14 font that a machine without
    # Chinese fonts would replace.
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert any("WenKaiTGH" in f["name"] for f in fonts)
    info = pdf_info(data)
    assert info["Title"] == document.title
    assert info["Author"] == document.issuing_unit.name
    assert case.number in info["Subject"]
    assert info["Page size"].startswith("595.276 x 841.89")  # A4
    body = pdf_text(data)
    assert case.number in body
    assert document.number in body
    assert document.issuing_unit.name in body
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in body
    assert "—1—" in body  # the page number, 4号 "— 1 —"
    # The complainant's ID number masked, the phone not printed at all.
    assert MASKED_ID in body and VALID_ID not in body and VALID_PHONE not in body
    return body


def test_a_closed_wage_case_has_every_document_in_chinese(closed_wage_case):
    case = closed_wage_case
    documents = {d.name: d for d in Document.objects.filter(case=case)}
    assert set(documents) == {
        "acceptance_notice",
        "payment_order",
        "transfer_letter",
        "closure_report",
    }
    phrases = {
        "acceptance_notice": ["受理通知书", "张三：", "决定予以受理", "第十八条", "特此通知"],
        "payment_order": ["限期支付指令书", "枣庄某建筑劳务有限公司：", "5,000.00元", "第二十六条"],
        "transfer_letter": [
            "移送函",
            "薛城区公安局：",
            "涉嫌拒不支付劳动报酬罪",
            "移送证据材料清单",
            "工资表",
            "考勤记录",
            "限期支付指令书送达回证",
        ],
        "closure_report": ["结案报告", "同意结案", "用人单位已足额支付", "已追回5,000.00元"],
    }
    for name, document in documents.items():
        body = _check_common(document, case)
        for phrase in phrases[name]:
            assert phrase in body, (name, phrase)
        assert document.created_by is not None
    year = timezone.localdate().year
    assert documents["acceptance_notice"].number == f"薛城人社受〔{year}〕1号"
    assert documents["transfer_letter"].number == f"薛城人社移〔{year}〕1号"
    assert documents["acceptance_notice"].public and not documents["payment_order"].public
    assert documents["transfer_letter"].transition == "transfer_to_police"


def test_the_transition_audit_event_names_the_document(wage_case, actors):
    fire(wage_case.pk, "accept", actors)
    event = AuditEvent.objects.filter(case=wage_case, verb="disputes.wage_arrears.accept").get()
    document = Document.objects.get(case=wage_case)
    assert event.payload["documents"] == [
        {"name": "acceptance_notice", "number": document.number, "sha256": document.sha256}
    ]
    # The transition's one audit event records it: issuing writes no event of its own.
    assert not AuditEvent.objects.filter(verb__startswith="casework.document").exists()


def test_a_second_order_is_a_new_numbered_document_and_the_first_is_kept(wage_case, actors):
    for name in ["accept", "order_payment", "transfer_to_police", "police_return"]:
        fire(wage_case.pk, name, actors)
    first = Document.objects.get(case=wage_case, name="payment_order")
    first_bytes = _read(first)
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    # Above the 5,000 claimed: the 赔偿金 for paying late (劳动合同法 §85) is the reason.
    fire(
        wage_case.pk,
        "order_payment",
        actors,
        {"due_date": due, "amount": "7000.00", "excess_reason": "compensation"},
    )
    second = Document.objects.get(case=wage_case, name="payment_order-2")
    assert second.number.endswith("2号") and first.number.endswith("1号")
    assert "7,000.00元" in pdf_text(_read(second))
    assert _read(Document.objects.get(pk=first.pk)) == first_bytes
    with pytest.raises(PermissionError):
        first.save()


def test_numbers_run_per_unit_and_year_across_cases(wage_case, actors):
    from tests.factories import open_wage_case

    other = open_wage_case(employer="枣庄某劳务公司")
    fire(wage_case.pk, "accept", actors)
    fire(other.pk, "accept", actors)
    numbers = sorted(Document.objects.values_list("number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"薛城人社受〔{year}〕1号", f"薛城人社受〔{year}〕2号"]


def test_a_rejection_notice_gives_the_reason_and_the_remedy(wage_case, actors):
    fire(wage_case.pk, "reject", actors)
    document = Document.objects.get(case=wage_case)
    assert document.name == "rejection_notice" and document.public
    body = _check_common(document, wage_case)
    for phrase in ["不予受理通知书", "不属于劳动保障监察管辖范围", "决定不予受理", "行政复议"]:
        assert phrase in body


def test_a_failed_transition_issues_nothing(wage_case, actors):
    from casework.errors import InvalidInput

    fire(wage_case.pk, "accept", actors)
    with pytest.raises(InvalidInput):
        case_transition(actor=actors.officer, case_id=wage_case.pk, name="order_payment", data={})
    assert list(Document.objects.filter(case=wage_case).values_list("name", flat=True)) == [
        "acceptance_notice"
    ]


def test_a_mediation_agreement_is_issued_to_both_parties(org, actors):
    case = LABOUR.open(amount="8000")
    LABOUR.walk_to(case, "agreed", actors)
    document = Document.objects.get(case=case)
    assert document.name == "mediation_agreement" and document.public
    body = _check_common(document, case)
    for phrase in [
        "调解协议书",
        "赵六",
        "用人单位于十日内支付经济补偿8000元",
        "8,000.00元",
        "第十四条",
    ]:
        assert phrase in body


def test_rectification_notices_of_the_site_kinds(org, market_officer):
    from tests.enforcement.rectification.walk import Actors, make_market, open_rectification
    from tests.enforcement.rectification.walk import walk_to as rect_walk_to
    from tests.factories import member

    actors = Actors(
        officer=member("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        supervisor=member("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        market_officer=market_officer,
        market_supervisor=member("market.supervisor.xuecheng", "market", "xuecheng", "supervisor"),
    )
    case = open_rectification(actors.officer, make_market())
    rect_walk_to(case, "closed", actors)
    names = list(Document.objects.filter(case=case).values_list("name", flat=True))
    assert names == ["rectification_notice", "closure_report"]
    notice = Document.objects.get(case=case, name="rectification_notice")
    data = _read(notice)
    body = pdf_text(data)
    for phrase in ["整改通知书", "薛城区泰山路自发零工点", "清理占道，划定候工区", case.number]:
        assert phrase in body
    assert all(f["emb"] == "yes" for f in pdf_fonts(data))
    assert notice.number.startswith("薛城住建整改〔")


def test_every_kind_declares_documents_for_its_own_transitions():
    for code in [
        "wage_arrears",
        "discrimination",
        "labour_dispute",
        "market_rectification",
        "inspection",
        "security_incident",
    ]:
        spec = get_kind(code)
        assert spec.documents, code
        for doc in spec.documents:
            assert doc.issued_by and set(doc.issued_by) <= set(spec.transitions), code


def test_markup_emoji_and_characters_outside_the_font_never_break_a_document(wage_case, actors):
    reason = '<b>不属于</b> & "管辖" 😀 𠀀 \u0000x'.replace("\u0000", "")
    case_transition(
        actor=actors.supervisor, case_id=wage_case.pk, name="reject", data={"reason": reason}
    )
    document = Document.objects.get(case=wage_case, name="rejection_notice")
    body = pdf_text(_read(document))
    assert "<b>不属于</b>&" in body and '"管辖"' in body
