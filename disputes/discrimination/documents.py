"""The discrimination kind's documents: the procedure's notices, the order to correct
(劳动保障监察限期改正指令书, on `order_correction`, to the employer: 劳动保障监察条例 §18(1)(二),
the fine of §30(1)(三) for refusing) and the closure report."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.documents import ClosureReport, DocumentSpec, OfficialDocument, day_text

from ..investigated_complaint.documents import AcceptanceNotice, RejectionNotice
from .correction import ARTICLE, DEFAULT_BASIS


class CorrectionOrder(OfficialDocument):
    code = "correction_order"
    title = _l("劳动保障监察限期改正指令书")
    number_code = "限改"

    def recipient(self) -> str:
        return self.case.employer.name if self.case.employer else _("用人单位")

    def body(self) -> list:
        # The order as the transition's effect recorded it (`correction.order_correction`).
        case = self.case
        order = case.details.get("correction_order") or {}
        items = order.get("requirements") or []
        basis = order.get("basis") or DEFAULT_BASIS
        due = order.get("due_date")
        out = [
            self.p(
                _(
                    "经调查，你单位存在就业歧视行为，违反了%(basis)s的规定（案件编号：%(number)s）。"
                    "根据%(article)s的规定，现责令你单位于%(due)s前按下列要求改正，"
                    "并将改正情况书面报告本机关："
                )
                % {"basis": basis, "number": case.number, "article": ARTICLE, "due": day_text(due)}
            ),
        ]
        out += [self.p(f"{n}．{item}") for n, item in enumerate(items, start=1)]
        out += [
            self.heading(_("当事人")),
            *self.party_paragraphs(),
            self.p(
                _(
                    "逾期不改正的，本机关将依照《劳动保障监察条例》第三十条第一款第（三）项的规定，"
                    "对你单位处2000元以上2万元以下的罚款。"
                )
            ),
            self.p(
                _(
                    "你单位如对本指令不服，可以自收到本指令书之日起六十日内依法申请行政复议，"
                    "或者在六个月内依法向人民法院提起行政诉讼。"
                )
            ),
        ]
        return out


DOCUMENTS = (
    DocumentSpec(AcceptanceNotice, ("accept", "accept_time_barred")),
    DocumentSpec(RejectionNotice, ("reject",)),
    DocumentSpec(CorrectionOrder, ("order_correction",)),
    DocumentSpec(ClosureReport, ("approve_closure",)),
)
