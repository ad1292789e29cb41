"""The base class of every official document (文书) and the way a kind declares its own.

A kind subclasses `OfficialDocument` in its package (`<kind>/documents.py`), writes its
`body()`, and lists it on its `KindSpec.documents` as a `DocumentSpec` naming the
transitions that issue it. The base class lays out the rest after GB/T 9704-2012: the red
header of a letter, the title, the document number (文号), the addressee, the signature
block with the seal's place, and the PDF's metadata.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from casework.validators import mask_id_number

from .faces import in_face
from .layout import (
    LEADING,
    STYLES,
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


def text(value: Any) -> str:
    """Text for a reportlab Paragraph: its mini-markup escaped."""
    return escape(str(value if value is not None else ""))


def faced(value: Any, style: str) -> Paragraph:
    """A Paragraph in one of the title or heading styles, each set in its own face: the
    characters that face lacks are drawn in the body face (`faces.in_face`)."""
    return Paragraph(in_face(value, STYLES[style].fontName), STYLES[style])


def yuan(amount) -> str:
    if amount in (None, ""):
        return "—"
    return f"{Decimal(str(amount)):,.2f}"


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


def signed(closing: list, unit: str, day: date) -> KeepTogether:
    """The closing paragraph(s) kept on one page with the signature block (unit, date and
    the seal's place), so that a signature never stands alone on a page."""
    return KeepTogether([*closing, Spacer(1, LEADING), SignatureBlock(unit, day)])


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

    def p(self, value: Any, style: str = "body") -> Paragraph:
        return Paragraph(text(value), STYLES[style])

    def heading(self, value: Any) -> Paragraph:
        """A first-level heading (一、…), in the heading face (黑体)."""
        return faced(value, "heading")

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
        body = self.body()
        # The closing line goes with the signature, never a signature alone on a page.
        story += body[:-1]
        story.append(signed(body[-1:], self.unit.name, self.issued_on))
        story.append(self.p(_("（案件编号：%(number)s）") % {"number": self.case.number}, "small"))
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
