"""Documents every kind may issue, kind-neutral: the closure report (结案报告).

A kind lists it on its `KindSpec.documents` with the transition that closes its cases; what
it reports comes from the case itself (its facts, parties, decisions and the closure
summary the officer proposed), so no kind needs its own.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.payments import money_summary

from .base import OfficialDocument, day_text, yuan


class ClosureReport(OfficialDocument):
    """结案报告: what the case was, what was done, and the approval that closed it."""

    code = "closure_report"
    title = _l("结案报告")
    number_code = "结"

    def body(self) -> list:
        case = self.case
        out = [
            self.heading(_("一、案件基本情况")),
            self.p(
                _("案件编号：%(number)s；案件类型：%(kind)s；主办单位：%(unit)s；承办人：%(who)s。")
                % {
                    "number": case.number,
                    "kind": case.get_kind_display(),
                    "unit": case.lead_unit.name,
                    "who": self.officer_name(),
                }
            ),
            self.p(
                _("立案（登记）时间：%(on)s；结案时间：%(closed)s。")
                % {
                    "on": day_text(timezone.localdate(case.submitted_at)),
                    "closed": day_text(self.issued_on),
                }
            ),
            self.heading(_("二、当事人")),
            *self.party_paragraphs(),
            self.heading(_("三、案情")),
            self.p(case.description),
        ]
        if case.spec.tracks_wages:
            out.append(
                self.p(
                    _("拖欠工资%(owed)s元，已追回%(recovered)s元，涉及劳动者%(n)s人。")
                    % {
                        "owed": yuan(case.amount_owed),
                        "recovered": yuan(case.amount_recovered),
                        "n": case.workers_count,
                    }
                )
            )
            money = money_summary(case)
            out.append(
                self.p(
                    _("责令支付%(ordered)s元；记录的工资支付合计%(paid)s元（已扣除更正%(n)s笔）。")
                    % {
                        "ordered": "—" if money.ordered is None else yuan(money.ordered),
                        "paid": yuan(money.paid),
                        "n": money.corrections,
                    }
                )
            )
        out.append(self.heading(_("四、办理经过")))
        for entry in case.timeline.order_by("at", "id"):
            line = f"{day_text(timezone.localdate(entry.at))}，{entry.text}"
            if entry.comment:
                line += f"：{entry.comment}"
            out.append(self.p(line))
        out.append(self.heading(_("五、处理结果")))
        summary = case.details.get("closure_summary") or ""
        out.append(self.p(summary or _("承办人未填写结案意见。")))
        comment = self.data.get("comment") or ""
        out.append(
            self.p(
                _("经审批，同意结案。审批意见：%(comment)s") % {"comment": comment}
                if comment
                else _("经审批，同意结案。")
            )
        )
        return out
