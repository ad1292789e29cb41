"""The wage-arrears kind's own documents: 限期支付指令书 (on `order_payment`, to the
employer: 劳动法 §50 broken, ordered under 劳动保障监察条例 §26) and 移送函 (on `transfer_to_police`, to the police unit, with
the evidence handed over: 行政执法机关移送涉嫌犯罪案件的规定 §6)."""

from __future__ import annotations

from decimal import Decimal

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
from casework.models import ExcessReason
from casework.validators import mask_id_number
from permissions.models import Unit

from ..investigated_complaint.documents import AcceptanceNotice, RejectionNotice
from .payloads import WORKER_ROLES

# The rule the employer broke, and the powers the order is made under (docs/legal-basis.md,
# "Provisions the documents cite").
BREACHED = _l("《中华人民共和国劳动法》第五十条")
ORDER_POWER = _l("《劳动保障监察条例》第二十六条")
COMPENSATION_POWER = _l("《中华人民共和国劳动合同法》第八十五条")


def ordered_sums(order: dict, owed) -> tuple[str, bool]:
    """What the order tells the employer to pay, in words: the wages alone, or the wages and
    what lies above them (加付赔偿金, or another sum with its explanation) apart, as far as
    the order's recorded reason allows; and whether 加付赔偿金 is among them."""
    amount = Decimal(str(order.get("amount") or 0))
    reason = order.get("excess_reason") or ""
    wages = Decimal(str(order.get("owed") or owed or 0))
    if reason not in (ExcessReason.COMPENSATION, ExcessReason.OTHER) or not 0 < wages < amount:
        return _("劳动者工资%(amount)s元") % {"amount": yuan(amount)}, False
    sums = {"wages": yuan(wages), "extra": yuan(amount - wages), "amount": yuan(amount)}
    if reason == ExcessReason.COMPENSATION:
        return _("劳动者工资%(wages)s元及加付赔偿金%(extra)s元，合计%(amount)s元") % sums, True
    note = order.get("excess_note") or ""
    return _("劳动者工资%(wages)s元及其他款项%(extra)s元（%(note)s），合计%(amount)s元") % {
        **sums,
        "note": note,
    }, False


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

    def worker_paragraphs(self) -> list:
        """The workers the order is for (complainants and workers, IDs masked): never the
        employer, to whom the order is addressed."""
        out = []
        parties = self.case.parties.select_related("person").filter(role__in=WORKER_ROLES)
        for party in parties.order_by("id"):
            who = f"{party.get_role_display()}：{party.person.name}"
            if party.person.id_number:
                who += _("，身份证号码：%(id)s") % {"id": mask_id_number(party.person.id_number)}
            out.append(self.p(who, "plain"))
        return out

    def employer_paragraph(self) -> list:
        employer = self.case.employer
        if employer is None:
            return []
        row = _("用人单位：%(name)s") % {"name": employer.name}
        if employer.credit_code:
            row += _("，统一社会信用代码：%(code)s") % {"code": employer.credit_code}
        return [self.p(row, "plain")]

    def body(self) -> list:
        case = self.case
        order = {**(case.details.get("payment_order") or {}), **self.data}
        what, with_compensation = ordered_sums(order, case.amount_owed)
        power = ORDER_POWER
        if with_compensation:
            power = f"{ORDER_POWER}、{COMPENSATION_POWER}"
            # 加付赔偿金 is already ordered: it is no longer the consequence of not paying.
            consequence = _(
                "逾期不支付的，本机关将依法处理；涉嫌拒不支付劳动报酬罪的，依法移送公安机关。"
            )
        else:
            consequence = _(
                "逾期不支付的，本机关将依法按应付金额百分之五十以上一倍以下的标准责令你单位"
                "加付赔偿金；涉嫌拒不支付劳动报酬罪的，依法移送公安机关。"
            )
        return [
            self.p(
                _(
                    "经调查，你单位存在拖欠劳动者工资的行为（案件编号：%(number)s），违反了"
                    "%(breached)s的规定。根据%(power)s的规定，现责令你单位于%(due)s前支付"
                    "%(what)s，并将支付情况书面报告本机关。"
                )
                % {
                    "number": case.number,
                    "breached": BREACHED,
                    "power": power,
                    "due": day_text(order.get("due_date")),
                    "what": what,
                }
            ),
            *self.employer_paragraph(),
            self.heading(_("涉及劳动者")),
            *self.worker_paragraphs(),
            self.p(consequence),
            self.p(
                _(
                    "你单位如对本指令不服，可以自收到本指令书之日起六十日内依法申请行政复议，"
                    "或者在六个月内依法向人民法院提起行政诉讼。"
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
