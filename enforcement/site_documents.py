"""The rectification notice (整改通知书) the site kinds share: market rectification issues
it on `issue_notice`, inspection on `require_rectification`. Each kind names where its case
keeps its orders and how a failed checklist item reads as a problem ("占用道路", not the
item's pass wording "未占用道路"); the notice lists each with the officer's note."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.documents import OfficialDocument, day_text

from .site_checks import finding_lines


class RectificationNotice(OfficialDocument):
    code = "rectification_notice"
    title = _l("整改通知书")
    number_code = "整改"
    # The key of `case.details` holding the list of orders (the last one is this notice's).
    orders_key: str = ""
    # A failed item's code -> the problem found (the kind's `finding_label`).
    finding_label: Callable[[str], str] = staticmethod(str)
    legal_basis = _l("本市关于规范零工市场发展的有关规定")

    def _order(self) -> dict:
        orders = self.case.details.get(self.orders_key) or []
        return orders[-1] if orders else {}

    def recipient(self) -> str:
        market = self.case.market
        if market is None:
            return _("有关单位")
        return market.operator or market.name

    def body(self) -> list:
        case = self.case
        order = self._order()
        market = case.market
        items = finding_lines(order, self.finding_label)
        deadline = self.data.get("deadline") or order.get("deadline")
        requirements = self.data.get("requirements") or order.get("requirements") or ""
        out = [
            self.p(
                _(
                    "经本机关现场检查（案件编号：%(number)s），%(market)s%(where)s存在下列问题，"
                    "不符合%(basis)s的要求："
                )
                % {
                    "number": case.number,
                    "market": market.name if market else _("你单位经营场所"),
                    "where": f"（{market.address}）" if market and market.address else "",
                    "basis": self.legal_basis,
                }
            )
        ]
        for n, item in enumerate(items, start=1):
            out.append(self.p(f"{n}．{item}"))
        if not items:
            out.append(self.p(_("（见现场检查记录）")))
        out += [
            self.p(
                _("现责令你单位于%(deadline)s前按下列要求整改完毕：%(requirements)s")
                % {"deadline": day_text(deadline), "requirements": requirements}
            ),
            self.p(_("整改期限届满，本机关将进行复查。逾期未整改或者整改不合格的，依法予以处理。")),
            self.p(_("特此通知。")),
        ]
        return out
