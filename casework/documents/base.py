"""The base class of every official document (文书) and the way a kind declares its own.

A kind subclasses `OfficialDocument` in its package (`<kind>/documents.py`), writes its
`body()`, and lists it on its `KindSpec.documents` as a `DocumentSpec` naming the
transitions that issue it. The base class lays out the rest after GB/T 9704-2012: the red
header of a letter, the title, the document number (文号), the addressee, the signature
block with the seal's place, and the PDF's metadata.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from casework import payments
from casework.validators import mask_id_number

from .faces import in_face
from .layout import (
    LEADING,
    PAGE_HEIGHT,
    STYLES,
    TEXT_WIDTH,
    SignatureBlock,
    build_pdf,
    chinese_date,
    red_header_line,
    register_font,
)


@dataclass(frozen=True)
class DocumentSpec:
    """A document of a kind and the transitions that issue it (`KindSpec.documents`)."""

    document: type[OfficialDocument]
    issued_by: tuple[str, ...]


@dataclass(frozen=True)
class PartyLine:
    """A party as a document names it: ID numbers masked, phones left out (a writ leaves
    the bureau; whoever needs more asks the handling officer)."""

    role: str
    name: str
    id_number: str
    amount_owed: Decimal | None


def masked_parties(case) -> list[PartyLine]:
    return [
        PartyLine(
            role=p.get_role_display(),
            name=p.person.name,
            id_number=mask_id_number(p.person.id_number) if p.person.id_number else "",
            amount_owed=p.amount_owed,
        )
        for p in case.parties.select_related("person").order_by("id")
    ]


# What a document never prints: the C0 controls but the line feed and the tab, DEL, the
# bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
# zero-width space and joiners (U+200B–U+200D) and the byte-order mark. An escape sequence
# typed into a reason would otherwise print its tail ("[31m"), and a right-to-left override
# would reorder the text the reader sees against the text the PDF holds.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(value: Any) -> str:
    """`value` as a document prints it: line ends made line feeds, unprintable characters
    (`UNPRINTABLE`) removed."""
    value = str(value if value is not None else "")
    return UNPRINTABLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def text(value: Any) -> str:
    """Text for a reportlab Paragraph: cleaned, its mini-markup escaped, and the lines typed
    into it kept (`<br/>`)."""
    return escape(clean(value)).replace("\n", "<br/>")


class Paragraphs(Flowable):
    """The lines typed into one text, each its own paragraph in one style (so each is
    indented as a paragraph), standing where one paragraph would: it is laid out as its
    paragraphs, one after the other, each of which may break across pages."""

    def __init__(self, parts: list[Paragraph]):
        super().__init__()
        self.parts = parts

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = sum(part.wrap(available_width, available_height)[1] for part in self.parts)
        return self.width, self.height

    def split(self, available_width, available_height):
        return list(self.parts)

    def draw(self):
        y = self.height
        for part in self.parts:
            y -= part.wrap(self.width, self.height)[1]
            part.drawOn(self.canv, 0, y)


def paragraphs(value: Any, style: str = "body") -> Flowable:
    """A paragraph of `value` in `style`; a text of several lines (an officer's numbered
    requirements, terms or reasons) one paragraph per line, blank lines left out."""
    lines = [line for line in clean(value).split("\n") if line.strip()]
    if len(lines) <= 1:
        return Paragraph(text(lines[0] if lines else ""), STYLES[style])
    return Paragraphs([Paragraph(text(line), STYLES[style]) for line in lines])


class Heading(Paragraph):
    """A first-level heading (一、…); `OfficialDocument.story` keeps it off the foot of a
    page."""


# A heading is laid out where it stands only when it and the first two lines of what
# follows fit there; else it starts the next page (reportlab's keepWithNext would move a
# long paragraph whole with its heading, leaving the rest of the page empty).
HEADING_ROOM = 3 * LEADING
# The paragraph before the closing line goes with it and the signature when it is at most
# this tall: a one-page notice never leaves 特此通知。 and the signature alone on page 2.
KEPT_BEFORE_CLOSING = 4 * LEADING


def faced(value: Any, style: str, kind: type[Paragraph] = Paragraph) -> Paragraph:
    """A Paragraph in one of the title or heading styles, each set in its own face: the
    characters that face lacks are drawn in the body face (`faces.in_face`)."""
    return kind(in_face(clean(value), STYLES[style].fontName), STYLES[style])


def yuan(amount) -> str:
    """An amount on a document; a dash where there is none."""
    return payments.yuan(amount, blank="—")


def day_text(value) -> str:
    """An ISO date (as `case.details` keeps them) or a date, written 2026年3月16日."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return chinese_date(value)


def document_head(unit: str, title: str, number: str, *, letter: bool = False) -> list:
    """The head of an official document: the issuing unit and the title, the 文号 under
    them; a letter (函) opens with the unit's red header, the 文号 and the red line instead.
    The unit and the title are set in the title face (宋体), the 文号 in the body face."""
    register_font()
    if letter:
        head = [
            faced(unit, "header_unit"),
            Spacer(1, LEADING / 2),
            Paragraph(text(number), STYLES["number"]),
            red_header_line(),
            faced(title, "title"),
        ]
    else:
        head = [
            faced(unit, "title"),
            faced(title, "title"),
            Paragraph(text(number), STYLES["number_right"]),
        ]
    return [*head, Spacer(1, LEADING / 2)]


def signed(closing: list, unit: str, day: date, *, after: list = ()) -> KeepTogether:
    """The closing paragraph(s) kept on one page with the signature block (unit, date and
    the seal's place), and what follows it (`after`), so that a signature never stands
    alone on a page."""
    return KeepTogether([*closing, Spacer(1, LEADING), SignatureBlock(unit, day), *after])


class OfficialDocument(ABC):
    """One official document of a case. Subclasses set the class attributes and `body()`."""

    code: ClassVar[str]  # in its URL name and the numbering sequence, e.g. "acceptance_notice"
    title: ClassVar[Any]  # 受理通知书 (lazy gettext)
    number_code: ClassVar[str]  # the character(s) of its kind in the 文号, e.g. 受
    letter: ClassVar[bool] = False  # a letter (函): red header and separator line
    public: ClassVar[bool] = False  # addressed to the complainant (their status page lists it)

    def __init__(self, case, *, number: str, unit, issued_on: date, actor=None, data=None):
        self.case = case
        self.number = number
        self.unit = unit
        self.issued_on = issued_on
        self.actor = actor
        self.data = data or {}

    # -- what a subclass writes ---------------------------------------------------------

    def recipient(self) -> str:
        """Whom it is addressed to (主送), without the colon; "" for none."""
        return ""

    @abstractmethod
    def body(self) -> list:
        """The document's own paragraphs (reportlab flowables), between the recipient and the
        signature block."""

    # -- helpers for subclasses ----------------------------------------------------------

    def p(self, value: Any, style: str = "body") -> Flowable:
        """A paragraph of `value`; the lines an officer typed stay lines (`paragraphs`)."""
        return paragraphs(value, style)

    def heading(self, value: Any) -> Paragraph:
        """A first-level heading (一、…), in the heading face (黑体)."""
        return faced(value, "heading", Heading)

    @cached_property
    def party_lines(self) -> list[PartyLine]:
        """The case's parties, masked, read once per document."""
        return masked_parties(self.case)

    def parties(self) -> list[PartyLine]:
        return self.party_lines

    def complainant(self) -> PartyLine | None:
        lines = self.parties()
        return lines[0] if lines else None

    def party_paragraphs(self) -> list[Paragraph]:
        """One line per party, masked, plus the employer when the case names one."""
        out = []
        for line in self.parties():
            who = f"{line.role}：{line.name}"
            if line.id_number:
                who += _("，身份证号码：%(id)s") % {"id": line.id_number}
            out.append(self.p(who, "plain"))
        employer = self.case.employer
        if employer is not None:
            row = _("用人单位：%(name)s") % {"name": employer.name}
            if employer.credit_code:
                row += _("，统一社会信用代码：%(code)s") % {"code": employer.credit_code}
            out.append(self.p(row, "plain"))
        return out

    def officer_name(self) -> str:
        who = self.case.assignee or self.actor
        if who is None:
            return "—"
        return who.get_full_name() or who.get_username()

    # -- the page ------------------------------------------------------------------------

    def story(self) -> list:
        register_font()  # before the first Paragraph is parsed
        story = document_head(self.unit.name, str(self.title), self.number, letter=self.letter)
        recipient = self.recipient()
        if recipient:
            story.append(Paragraph(text(f"{recipient}："), STYLES["recipient"]))
        body = []
        for flowable in self.body():
            if isinstance(flowable, Heading):
                body.append(CondPageBreak(HEADING_ROOM))
            body.append(flowable)
        # The closing line goes with the signature, never a signature alone on a page, and
        # with it the short paragraph before it and the case number under it.
        kept = 1
        before = body[-2] if len(body) > 1 else None
        if isinstance(before, Paragraph) and not isinstance(before, Heading):
            if before.wrap(TEXT_WIDTH, PAGE_HEIGHT)[1] <= KEPT_BEFORE_CLOSING:
                kept = 2
        story += body[:-kept]
        number = self.p(_("（案件编号：%(number)s）") % {"number": self.case.number}, "small")
        story.append(signed(body[-kept:], self.unit.name, self.issued_on, after=[number]))
        return story

    def render(self) -> bytes:
        title = str(self.title)
        return build_pdf(
            self.story(),
            title=title,
            author=self.unit.name,
            subject=f"{self.case.number} {title}",
            keywords=(self.case.number, self.number),
        )
