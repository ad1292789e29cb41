"""What the document base does with the text it is given and where it puts it: the lines an
officer typed stay lines, characters a document must never show are dropped, a heading
never stands alone at the foot of a page, and a notice's closing never leaves its
signature alone on a page of its own."""

from __future__ import annotations

from datetime import date

import pytest

from casework.actions import case_transition
from casework.documents import OfficialDocument
from casework.documents.base import clean
from casework.models import Document
from permissions.models import Unit

from .pdf import pdf_lines, pdf_pages, pdf_text, pdftotext


def _read(case, name: str) -> bytes:
    with Document.objects.get(case=case, name=name).file.open("rb") as fh:
        return fh.read()


def test_the_lines_a_reason_was_typed_in_staypdf_lines(wage_case, actors):
    reason = "一、不属于本机关管辖；\r\n二、已由仲裁委员会受理 <b>&amp;</b>；\n\n三、其他。"
    case_transition(
        actor=actors.supervisor, case_id=wage_case.pk, name="reject", data={"reason": reason}
    )
    lines = pdf_lines(_read(wage_case, "rejection_notice"))
    # Each typed line begins a line of its own (the first follows the sentence it is in).
    assert any(line.endswith("一、不属于本机关管辖；") for line in lines), lines
    assert any(line.startswith("二、已由仲裁委员会受理") for line in lines), lines
    assert any(line.startswith("三、其他。") for line in lines), lines
    # The markup typed in is printed as typed, not read as markup.
    assert "<b>&amp;</b>" in pdf_text(_read(wage_case, "rejection_notice"))


UNPRINTABLE = "\x01\x07\x0b\x0c\x1b\x7f\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"


def test_control_and_direction_characters_never_reach_a_document(wage_case, actors):
    reason = (
        "不属于\x1b[31m本机关\u202e管辖\u200b范围\ufeff\x7f\x0b，\x0c请向\u2066仲裁委员会\u2069申请"
    )
    case_transition(
        actor=actors.supervisor, case_id=wage_case.pk, name="reject", data={"reason": reason}
    )
    data = _read(wage_case, "rejection_notice")
    raw = pdftotext(data)
    assert not set(raw.replace("\f", "")) & set(UNPRINTABLE), [
        hex(ord(c)) for c in set(raw) & set(UNPRINTABLE)
    ]
    assert "不属于[31m本机关管辖范围，请向仲裁委员会申请" in pdf_text(data)


def test_clean_keeps_line_feeds_and_tabs_and_drops_the_rest():
    assert clean("甲\r\n乙\r丙\t丁" + UNPRINTABLE + "戊") == "甲\n乙\n丙\t丁戊"


class _Probe(OfficialDocument):
    """A document of `filler` one-line paragraphs, a heading and what follows it, then a
    paragraph and the closing line: where each lands depends on `filler`."""

    code = "probe"
    title = "测试文书"
    number_code = "测"

    def body(self) -> list:
        filler = self.data["filler"]
        out = [self.p(f"第{n}行。") for n in range(filler)]
        if self.data.get("heading"):
            out += [self.heading("四、办理经过"), self.p("标题后的第一段" + "文" * 40)]
        out += [self.p("结尾之前的一段话。"), self.p("特此通知。")]
        return out


def _probe(case, **data) -> list[str]:
    unit = Unit.objects.get(pk=case.lead_unit_id)
    pdf = _Probe(case, number="测〔2026〕1号", unit=unit, issued_on=date(2026, 3, 16), data=data)
    return [page for page in pdf_pages(pdf.render()) if page]


@pytest.mark.parametrize("filler", range(12, 24))
def test_a_heading_is_never_alone_at_the_foot_of_a_page(wage_case, filler):
    pages = _probe(wage_case, filler=filler, heading=True)
    page = next(p for p in pages if "四、办理经过" in p)
    # What follows the heading starts on the heading's page.
    assert "标题后的第一段" in page, (filler, pages)


@pytest.mark.parametrize("filler", range(12, 24))
def test_the_closing_and_the_signature_never_stand_alone_on_a_page(wage_case, filler):
    pages = _probe(wage_case, filler=filler)
    page = next(p for p in pages if "特此通知。" in p)
    assert "结尾之前的一段话。" in page, (filler, pages)
    assert wage_case.number in page  # the case number under the signature
