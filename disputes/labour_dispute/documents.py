"""The mediation kind's document: 调解协议书 (on `record_agreement`; 劳动争议调解仲裁法
§14: the agreement, signed by the parties and the mediator and sealed by the mediation
organisation, binds the parties). Both parties hold one, so the applicant's status page
lists it. The parties are 申请人 and 被申请人 throughout, and each signature (the
mediator's too) is a blank left for the hand."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from reportlab.platypus import KeepTogether, Table, TableStyle

from casework.documents import DocumentSpec, OfficialDocument, day_text, yuan
from casework.models import PartyRole
from casework.validators import mask_id_number

# The parties as the agreement names them, one role name throughout: the worker who applied
# for mediation is 申请人, the employer 被申请人.
APPLICANT_ROLES = (PartyRole.COMPLAINANT, PartyRole.WORKER)
# A signature's blank, in lines of the body: room for a name written by hand.
SIGNATURE_LINES = 2


class MediationAgreement(OfficialDocument):
    code = "mediation_agreement"
    title = _l("调解协议书")
    number_code = "调"
    public = True

    def party_paragraphs(self) -> list:
        out = []
        applicants = self.case.parties.select_related("person").filter(role__in=APPLICANT_ROLES)
        for party in applicants.order_by("id"):
            who = _("申请人：%(name)s") % {"name": party.person.name}
            if party.person.id_number:
                who += _("，身份证号码：%(id)s") % {"id": mask_id_number(party.person.id_number)}
            out.append(self.p(who, "plain"))
        employer = self.case.employer
        if employer is not None:
            row = _("被申请人：%(name)s") % {"name": employer.name}
            if employer.credit_code:
                row += _("，统一社会信用代码：%(code)s") % {"code": employer.credit_code}
            out.append(self.p(row, "plain"))
        return out

    def payment_clause(self, amount, due) -> list:
        """The sum agreed, if any: none for no amount or 0.00 (nothing is to be paid)."""
        if amount in (None, "") or Decimal(str(amount)) <= 0:
            return []
        if due:
            clause = _("被申请人向申请人支付%(amount)s元，于%(due)s前履行完毕。") % {
                "amount": yuan(amount),
                "due": day_text(due),
            }
        else:
            clause = _("被申请人向申请人支付%(amount)s元，自本协议生效之日起履行。") % {
                "amount": yuan(amount)
            }
        return [self.p(clause)]

    def signatures(self) -> Table:
        """Where the parties and the mediator sign: a label above a blank of
        `SIGNATURE_LINES` lines each, left empty for the hand (the mediator signs too)."""
        style = self.p("", "plain").style
        room = style.leading * SIGNATURE_LINES
        table = Table(
            [
                [
                    self.p(_("申请人（签名）："), "plain"),
                    self.p(_("被申请人（签名或盖章）："), "plain"),
                ],
                ["", ""],
                [self.p(_("调解员（签名）："), "plain"), ""],
                ["", ""],
            ],
            colWidths=["50%", "50%"],
            rowHeights=[None, room, None, room],
        )
        table.setStyle(
            TableStyle(
                [
                    # The blank cells in the body face too: never a base-14 font unembedded.
                    ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def body(self) -> list:
        case = self.case
        agreement = case.details.get("agreement") or {}
        terms = self.data.get("terms") or agreement.get("terms") or ""
        amount = self.data.get("amount", agreement.get("amount"))
        due = self.data.get("performance_due", agreement.get("performance_due"))
        return [
            self.heading(_("一、当事人")),
            *self.party_paragraphs(),
            self.heading(_("二、争议事项")),
            self.p(case.description),
            self.heading(_("三、协议内容")),
            self.p(
                _(
                    "经本调解组织主持调解，双方当事人在自愿、平等的基础上，依照"
                    "《中华人民共和国劳动争议调解仲裁法》第十四条的规定，达成如下协议："
                )
            ),
            self.p(terms),
            *self.payment_clause(amount, due),
            # The closing clause stays on the page where the parties sign.
            KeepTogether(
                [
                    self.p(
                        _(
                            "本协议自双方当事人签名或者盖章、经调解员签名并加盖调解组织印章后生效，"
                            "对双方当事人具有约束力，当事人应当履行。一方当事人在协议约定期限内不履行的，"
                            "另一方当事人可以依法申请仲裁。"
                        )
                    ),
                    self.signatures(),
                ]
            ),
        ]


DOCUMENTS = (DocumentSpec(MediationAgreement, ("record_agreement",)),)
