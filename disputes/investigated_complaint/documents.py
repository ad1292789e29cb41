"""The notices of the labour-inspection procedure wage arrears and discrimination share:
受理通知书 (on `accept`) and 不予受理通知书 (on `reject`), both addressed to the complainant
(关于实施《劳动保障监察条例》若干规定 §18)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework.documents import OfficialDocument, day_text

from .time_bar import received_day


def _complaint_line(case) -> str:
    """The complaint as the notice answers it: the day the bureau received it (the day an
    officer recorded, else the day it was filed, in local time) and whom it is against."""
    against = case.employer.name if case.employer else _("有关单位")
    received = received_day(case.details or {}) or timezone.localdate(case.submitted_at)
    return _("你于%(on)s提交的反映%(against)s的%(kind)s") % {
        "on": day_text(received),
        "against": against,
        "kind": case.get_kind_display(),
    }


class _ToComplainant(OfficialDocument):
    public = True

    def recipient(self) -> str:
        first = self.complainant()
        return first.name if first else _("投诉人")


class AcceptanceNotice(_ToComplainant):
    code = "acceptance_notice"
    title = _l("受理通知书")
    number_code = "受"

    def body(self) -> list:
        case = self.case
        return [
            self.p(
                _(
                    "%(complaint)s收悉。经审查，符合受理条件，根据《劳动保障监察条例》第十四条和"
                    "《关于实施〈劳动保障监察条例〉若干规定》第十八条的规定，本机关决定予以受理，"
                    "案件编号为%(number)s。"
                )
                % {"complaint": _complaint_line(case), "number": case.number}
            ),
            self.p(
                _(
                    "本机关将自立案之日起六十个工作日内调查处理完毕；案情复杂的，经批准可以延长"
                    "三十个工作日。你可以凭查询编号%(tracking)s和查询码查询办理进度。"
                )
                % {"tracking": case.tracking_number}
            ),
            self.heading(_("当事人")),
            *self.party_paragraphs(),
            self.p(_("承办人：%(who)s。") % {"who": self.officer_name()}),
            self.p(_("特此通知。")),
        ]


class RejectionNotice(_ToComplainant):
    code = "rejection_notice"
    title = _l("不予受理通知书")
    number_code = "不受"

    def body(self) -> list:
        case = self.case
        reason = self.data.get("reason") or ""
        return [
            self.p(
                _(
                    "%(complaint)s收悉。经审查，%(reason)s根据《关于实施〈劳动保障监察条例〉"
                    "若干规定》第十八条的规定，本机关决定不予受理。"
                )
                % {
                    "complaint": _complaint_line(case),
                    "reason": f"{reason.rstrip('。')}。" if reason else "",
                }
            ),
            self.heading(_("当事人")),
            *self.party_paragraphs(),
            self.p(
                _(
                    "你如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
                    "或者在六个月内依法向人民法院提起行政诉讼。"
                )
            ),
            self.p(_("特此通知。")),
        ]
