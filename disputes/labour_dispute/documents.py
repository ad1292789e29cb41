"""The mediation kind's document: 调解协议书 (on `record_agreement`; 劳动争议调解仲裁法
§14: the agreement, signed by the parties and the mediator and sealed by the mediation
organisation, binds the parties). Both parties hold one, so the applicant's status page
lists it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.documents import DocumentSpec, OfficialDocument, day_text, yuan


class MediationAgreement(OfficialDocument):
    code = "mediation_agreement"
    title = _l("调解协议书")
    number_code = "调"
    public = True

    def body(self) -> list:
        case = self.case
        agreement = case.details.get("agreement") or {}
        terms = self.data.get("terms") or agreement.get("terms") or ""
        amount = self.data.get("amount", agreement.get("amount"))
        due = self.data.get("performance_due", agreement.get("performance_due"))
        out = [
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
        ]
        if amount not in (None, ""):
            out.append(
                self.p(
                    _("用人单位向申请人支付%(amount)s元，于%(due)s前履行完毕。")
                    % {"amount": yuan(amount), "due": day_text(due) if due else _("协议生效后")}
                )
            )
        out += [
            self.p(
                _(
                    "本协议自双方当事人签名或者盖章、经调解员签名并加盖调解组织印章后生效，"
                    "对双方当事人具有约束力，当事人应当履行。一方当事人在协议约定期限内不履行的，"
                    "另一方当事人可以依法申请仲裁。"
                )
            ),
            self.p(_("申请人（签名）：　　　　　　被申请人（签名或盖章）："), "plain"),
            self.p(_("调解员（签名）：%(who)s") % {"who": self.officer_name()}, "plain"),
        ]
        return out


DOCUMENTS = (DocumentSpec(MediationAgreement, ("record_agreement",)),)
