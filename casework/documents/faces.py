"""The three typefaces of the official documents, registered with reportlab once a process.

GB/T 9704-2012 sets the title in 小标宋, first-level headings (一、) in 黑体, second-level
ones in 楷体 and the body in 仿宋. We ship open-licence TrueType subsets of GB 2312, the body
face with the 通用规范汉字表 besides, the characters a name may be registered in
(docs/documents.md, "The faces"), each embedded, subset again, in the PDFs using it:

- `TITLE`: SungtiL GB2312, a 宋体 (AR PL SungtiL GB, Arphic Public License): the document's
  title, the issuing unit above it and a letter's red header;
- `HEADING`: MicroHei GB2312, a 黑体 (WenQuanYi Micro Hei, Apache 2.0): first-level headings;
- `BODY`: WenKai TGH, a 楷体-like face (LXGW WenKai, OFL 1.1): everything else (no 仿宋
  with simplified-Chinese coverage is under an open licence in Debian or npm).

A character the title or heading face lacks is drawn in the body face (`in_face`), which
has the most symbols of the three; one the body face lacks too prints as an empty box in
the body face (never an error).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

BODY = "WenKaiTGH"
TITLE = "SungtiLGB2312"
HEADING = "MicroHeiGB2312"

FILES = {
    BODY: FONTS_DIR / "WenKaiTGH-Regular.ttf",
    TITLE: FONTS_DIR / "SungtiLGB2312-Regular.ttf",
    HEADING: FONTS_DIR / "MicroHeiGB2312-Regular.ttf",
}

_lock = threading.Lock()
_registered = False


def register_faces() -> None:
    """Register the three faces (and each as its own bold and italic, so Paragraph markup
    never asks for a face we do not have). Cheap after the first call."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, path in FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=name, italic=name, boldItalic=name
            )
        _registered = True


def has_glyph(face: str, char: str) -> bool:
    register_faces()
    return ord(char) in pdfmetrics.getFont(face).face.charToGlyph


def in_face(value: Any, face: str) -> str:
    """`value` as Paragraph markup for a style set in `face`: escaped, and every run of
    characters that `face` has no glyph for wrapped in the body face."""
    value = str(value if value is not None else "")
    if face == BODY:
        return escape(value)
    register_faces()
    glyphs = pdfmetrics.getFont(face).face.charToGlyph
    out: list[str] = []
    run: list[str] = []
    run_covered = True
    for char in value:
        covered = ord(char) in glyphs
        if run and covered != run_covered:
            out.append(_markup(run, run_covered))
            run = []
        run.append(char)
        run_covered = covered
    if run:
        out.append(_markup(run, run_covered))
    return "".join(out)


def _markup(run: list[str], covered: bool) -> str:
    text = escape("".join(run))
    return text if covered else f'<font face="{BODY}">{text}</font>'
