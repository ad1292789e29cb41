"""The wage-arrears kind's own documents: 限期支付指令书 (on `order_payment`, to the
employer, 劳动保障监察条例 §26) and 移送函 (on `transfer_to_police`, to the police unit, with
the evidence handed over: 行政执法机关移送涉嫌犯罪案件的规定 §6)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.documents import (
    ClosureReport,
    DocumentSpec,
    OfficialDocument,
    day_text,
    evidence_table,
    yuan,
)
from permissions.models import Unit

from ..investigated_complaint.documents import AcceptanceNotice, RejectionNotice


class WageClosureReport(ClosureReport):
    """The closure report of a wage case: each payment order it made, not only the last."""

    def orders(self) -> list[str]:
        case = self.case
        made = list(case.timeline.filter(verb="order_payment").order_by("at", "id"))
        numbers = list(
            case.documents.filter(code=PaymentOrder.code)
            .order_by("created_at", "id")
            .values_list("number", flat=True)
        )
        if len(numbers) != len(made):
            numbers = [""] * len(made)
        lines = []
        for entry, number in zip(made, numbers, strict=True):
            order = entry.payload or {}
            line = _("责令于%(due)s前支付%(amount)s元") % {
                "due": day_text(order.get("due_date")),
                "amount": yuan(order.get("amount")),
            }
            lines.append(f"{line}（{number}）。" if number else f"{line}。")
        return lines


class PaymentOrder(OfficialDocument):
    code = "payment_order"
    title = _l("限期支付指令书")
    number_code = "限支"

    def recipient(self) -> str:
        return self.case.employer.name if self.case.employer else _("用人单位")

    def body(self) -> list:
        case = self.case
        order = case.details.get("payment_order") or {}
        amount = self.data.get("amount", order.get("amount"))
        due = self.data.get("due_date", order.get("due_date"))
        return [
            self.p(
                _(
                    "经调查，你单位拖欠劳动者工资的行为违反了《劳动保障监察条例》第二十六条的"
                    "规定（案件编号：%(number)s）。现责令你单位于%(due)s前支付劳动者工资"
                    "%(amount)s元，并将支付情况书面报告本机关。"
                )
                % {"number": case.number, "due": day_text(due), "amount": yuan(amount)}
            ),
            self.heading(_("涉及劳动者")),
            *self.party_paragraphs(),
            self.p(
                _(
                    "逾期不支付的，本机关将依法按应付金额百分之五十以上一倍以下的标准责令你单位"
                    "加付赔偿金；涉嫌拒不支付劳动报酬罪的，依法移送公安机关。"
                )
            ),
        ]


class TransferLetter(OfficialDocument):
    code = "transfer_letter"
    title = _l("涉嫌犯罪案件移送函")
    number_code = "移"
    letter = True

    def _police(self):
        transfer = self.case.details.get("transfer") or {}
        return Unit.objects.filter(pk=transfer.get("to_unit")).first()

    def recipient(self) -> str:
        police = self._police()
        return police.name if police else _("公安机关")

    def body(self) -> list:
        case = self.case
        transfer = case.details.get("transfer") or {}
        reason = self.data.get("reason") or transfer.get("reason") or ""
        evidence = list(self.data.get("evidence") or transfer.get("evidence") or [])
        return [
            self.p(
                _(
                    "本机关在办理%(employer)s拖欠劳动者工资一案（案件编号：%(number)s）中，"
                    "发现其涉嫌拒不支付劳动报酬罪。根据《行政执法机关移送涉嫌犯罪案件的规定》"
                    "第三条、第六条的规定，现将该案移送你局，请于三日内审查决定是否立案，"
                    "并书面告知本机关。"
                )
                % {
                    "employer": case.employer.name if case.employer else _("有关单位"),
                    "number": case.number,
                }
            ),
            self.p(_("移送理由：%(reason)s") % {"reason": reason}),
            self.p(
                _("拖欠工资%(owed)s元，涉及劳动者%(n)s人，已追回%(recovered)s元。")
                % {
                    "owed": yuan(case.amount_owed),
                    "n": case.workers_count,
                    "recovered": yuan(case.amount_recovered),
                }
            ),
            self.heading(_("当事人")),
            *self.party_paragraphs(),
            self.heading(_("附：移送证据材料清单")),
            evidence_table(evidence, case.attachments.order_by("created_at", "id")),
            self.p(_("移送日期：%(on)s") % {"on": day_text(self.issued_on)}, "plain"),
        ]


DOCUMENTS = (
    DocumentSpec(AcceptanceNotice, ("accept", "accept_time_barred")),
    DocumentSpec(RejectionNotice, ("reject",)),
    DocumentSpec(PaymentOrder, ("order_payment",)),
    DocumentSpec(TransferLetter, ("transfer_to_police",)),
    DocumentSpec(WageClosureReport, ("approve_closure",)),
)
