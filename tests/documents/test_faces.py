"""The three faces of the documents (GB/T 9704-2012: 宋体 titles, 黑体 first-level headings,
the 楷体-like body face for the rest), each embedded, read back with poppler."""

from __future__ import annotations

from reportlab.platypus import Paragraph
from rest_framework.test import APIClient

from casework.documents.base import document_head, faced
from casework.documents.dossier import headings
from casework.documents.faces import BODY, FILES, FONTS_DIR, HEADING, TITLE, has_glyph, in_face
from casework.documents.layout import STYLES, build_pdf
from casework.models import Document

from .pdf import pdf_fonts, pdf_text

NUMBER = "薛城人社受〔2026〕3号"


def _faces(data: bytes) -> dict[str, dict]:
    """pdffonts' rows by face (the subset prefix `AAAAAA+` and `-Regular` dropped); a face
    used by more than 256 characters has several subsets, all alike."""
    rows: dict[str, dict] = {}
    for row in pdf_fonts(data):
        name = row["name"].split("+", 1)[-1].removesuffix("-Regular")
        rows.setdefault(name, row)
        assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", row
    return rows


def _read(document: Document) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def _pdf(story: list) -> bytes:
    return build_pdf(story, title="测试", author="测试", subject="测试")


def test_a_document_with_headings_embeds_the_three_faces(closed_wage_case):
    documents = {d.name: d for d in Document.objects.filter(case=closed_wage_case)}
    report = _read(documents["closure_report"])
    assert set(_faces(report)) == {TITLE, HEADING, BODY}
    assert all(row["type"] == "TrueType" for row in pdf_fonts(report))
    text = pdf_text(report)
    # Title and unit (宋体), headings (黑体) and body (楷体) all read back as text.
    assert "薛城区人力资源和社会保障局结案报告" in text
    for heading in ("一、案件基本情况", "二、当事人", "三、案情", "四、办理经过", "五、处理结果"):
        assert heading in text
    assert "同意结案" in text and "已追回5,000.00元" in text

    letter = _read(documents["transfer_letter"])
    assert set(_faces(letter)) == {TITLE, HEADING, BODY}
    text = pdf_text(letter)
    assert text.startswith("薛城区人力资源和社会保障局")  # the red header
    assert "涉嫌犯罪案件移送函" in text and "附：移送证据材料清单" in text
    assert "涉嫌拒不支付劳动报酬罪" in text


def test_the_dossier_sets_its_cover_and_sections_in_their_faces(closed_wage_case, city_viewer):
    client = APIClient()
    client.force_authenticate(city_viewer)
    r = client.post(f"/api/v1/cases/{closed_wage_case.pk}/documents/dossier/")
    assert r.status_code == 201, r.content
    data = _read(Document.objects.get(case=closed_wage_case, name="dossier"))
    assert set(_faces(data)) == {TITLE, HEADING, BODY}
    text = pdf_text(data)
    assert text.startswith(f"{closed_wage_case.lead_unit.name}案卷")  # the cover, 宋体
    for heading in headings():  # the sections, 黑体
        assert heading in text


def test_each_style_uses_its_own_face_and_the_body_is_unchanged():
    """The head alone embeds the title face (unit, title) and the body face (文号, page
    number), no heading face; a heading alone the heading face; body text the body face
    only."""
    head = _pdf(document_head("薛城区人力资源和社会保障局", "受理通知书", NUMBER))
    assert set(_faces(head)) == {TITLE, BODY}
    letter = _pdf(document_head("薛城区人力资源和社会保障局", "移送函", NUMBER, letter=True))
    assert set(_faces(letter)) == {TITLE, BODY}
    heading = _pdf([faced("一、当事人", "heading")])
    assert set(_faces(heading)) == {HEADING, BODY}
    body = _pdf([Paragraph("本机关经审查，决定予以受理。", STYLES["body"])])
    assert set(_faces(body)) == {BODY}


def test_a_title_character_the_title_face_lacks_is_drawn_in_the_body_face():
    # 〇 (U+3007) is in the body face, not in the 宋体; 〜 (U+301C) not in the 黑体.
    assert not has_glyph(TITLE, "〇") and not has_glyph(HEADING, "〜")
    assert has_glyph(BODY, "〇") and has_glyph(BODY, "〜")
    data = _pdf(
        [
            *document_head("第〇〇一街道劳动保障事务所", "受理通知书", NUMBER),
            faced("一、第一〜三项", "heading"),
            Paragraph("正文。", STYLES["body"]),
        ]
    )
    assert set(_faces(data)) == {TITLE, HEADING, BODY}
    text = pdf_text(data)
    assert "第〇〇一街道劳动保障事务所" in text
    assert "一、第一〜三项" in text


def test_names_beyond_gb_2312_print_in_every_style():
    """Characters of the 通用规范汉字表 that GB 2312 lacks, common in names (堃 喆 珺 昇 玥 祎):
    the body face has them, and a title or heading draws them in it, so a notice names the
    person it is served on. (The table's characters beyond the Basic Multilingual Plane,
    like 𬭚, print too, but reportlab's text layer holds them as 16-bit codes: see
    docs/documents.md.)"""
    names = "堃喆珺昇玥祎𬭚"
    assert all(has_glyph(BODY, c) for c in names)
    assert not any(has_glyph(TITLE, c) or has_glyph(HEADING, c) for c in "堃喆")
    data = _pdf(
        [
            *document_head("堃山区人力资源和社会保障局", "受理通知书", NUMBER, letter=True),
            faced("一、李堃的情况", "heading"),
            Paragraph("李堃、张喆、王珺、赵昇、钱玥、孙祎：", STYLES["body"]),
        ]
    )
    assert set(_faces(data)) == {TITLE, HEADING, BODY}
    text = pdf_text(data)
    assert "堃山区人力资源和社会保障局" in text
    assert "一、李堃的情况" in text
    assert "李堃、张喆、王珺、赵昇、钱玥、孙祎：" in text


def test_a_character_no_face_has_leaves_a_gap_and_the_rest_of_the_document():
    """龥 (U+9FA5) is in GBK but neither in GB 2312 nor in the 通用规范汉字表, so in none of
    the three subsets: the document is still made, every face embedded, the rest of the
    title and heading read back; the character itself prints as nothing
    (docs/documents.md, "The faces")."""
    assert not any(has_glyph(face, "龥") for face in (TITLE, HEADING, BODY))
    data = _pdf(
        [
            *document_head("龥山区人力资源和社会保障局", "受理通知书", NUMBER, letter=True),
            faced("一、龥山的情况", "heading"),
            Paragraph("正文。", STYLES["body"]),
        ]
    )
    assert set(_faces(data)) == {TITLE, HEADING, BODY}
    text = pdf_text(data)
    assert "山区人力资源和社会保障局" in text and "受理通知书" in text
    assert "山的情况" in text and "正文。" in text
    assert "龥" not in text


def test_markup_escapes_and_wraps_only_the_missing_runs():
    assert in_face("a<b>&〇〇c", TITLE) == (f'a&lt;b&gt;&amp;<font face="{BODY}">〇〇</font>c')
    assert in_face("受理通知书", TITLE) == "受理通知书"
    assert in_face("<〇>", BODY) == "&lt;〇&gt;"
    assert in_face(None, HEADING) == ""


def test_the_faces_ship_with_their_licences():
    for path in FILES.values():
        assert path.stat().st_size > 500_000, path
    for licence in ("OFL.txt", "ARPHICPL.TXT", "Apache-2.0.txt"):
        assert (FONTS_DIR / licence).stat().st_size > 3_000, licence
    # The Arphic Public License asks for its text unaltered.
    arphic = (FONTS_DIR / "ARPHICPL.TXT").read_text()
    assert arphic.startswith("ARPHIC PUBLIC LICENSE\n\nCopyright (C) 1999 Arphic Technology")
