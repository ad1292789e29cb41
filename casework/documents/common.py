"""Documents every kind may issue, kind-neutral: the closure report (结案报告).

A kind lists it on its `KindSpec.documents` with the transition that closes its cases; what
it reports comes from the case itself (its facts, parties, decisions and the closure
summary the officer proposed). A kind that makes repeated orders (a second payment order
after the police returned a transfer) lists each one through `orders()`.
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
            *self.party_section(),
            self.heading(_("三、案情")),
            self.p(case.description),
            *(self.p(line) for line in self.facts()),
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
            orders = self.orders()
            if orders:
                out += [self.p(line) for line in orders]
                out.append(
                    self.p(
                        _("记录的工资支付合计%(paid)s元（已扣除更正%(n)s笔）。")
                        % {"paid": yuan(money.paid), "n": money.corrections}
                    )
                )
            else:
                out.append(
                    self.p(
                        _(
                            "责令支付%(ordered)s元；记录的工资支付合计%(paid)s元"
                            "（已扣除更正%(n)s笔）。"
                        )
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
        # A kind closed without a proposal (an inspection) has no summary: the approval below
        # is its result.
        summary = case.details.get("closure_summary") or ""
        if summary:
            out.append(self.p(summary))
        comment = self.data.get("comment") or ""
        out.append(
            self.p(
                _("经审批，同意结案。审批意见：%(comment)s") % {"comment": comment}
                if comment
                else _("经审批，同意结案。")
            )
        )
        return out

    def facts(self) -> list[str]:
        """What the kind recorded of the matter beyond its description (an incident's type,
        place and decision), one paragraph each; none here."""
        return []

    def orders(self) -> list[str]:
        """Each order the case made, in words, oldest first; none here (a kind that orders
        payment more than once lists them)."""
        return []

    def party_section(self) -> list:
        """The parties; for a case without any (a market's rectification, an inspection),
        the market it is about and its operator."""
        lines = self.party_paragraphs()
        market = self.case.market
        if lines or market is None:
            return lines or [self.p(_("本案未登记当事人。"), "plain")]
        row = _("零工市场：%(name)s") % {"name": market.name}
        if market.address:
            row += _("，地址：%(address)s") % {"address": market.address}
        if market.operator:
            row += _("；运营方：%(operator)s") % {"operator": market.operator}
        return [self.p(row, "plain")]
