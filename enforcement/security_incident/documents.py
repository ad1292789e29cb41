"""The security incident's document: the closure report on `approve_closure`, which states
what the incident was, what the officers found on the scene and how it was decided."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from casework.documents import ClosureReport, DocumentSpec, day_text

from .models import IncidentType


class IncidentClosureReport(ClosureReport):
    def facts(self) -> list[str]:
        details = self.case.details or {}
        kind = details.get("incident_type", "")
        line = _("事件类型：%(type)s") % {
            "type": IncidentType(kind).label if kind in IncidentType.values else kind or "—"
        }
        if details.get("location"):
            line += _("；发生地点：%(place)s") % {"place": details["location"]}
        lines = [line + "。"]
        scene = (details.get("scene") or {}).get("report")
        if scene:
            lines.append(_("现场情况：%(scene)s") % {"scene": scene})
        if details.get("no_case_reason"):
            lines.append(_("不予受案，理由：%(reason)s") % {"reason": details["no_case_reason"]})
        decision = details.get("decision")
        if decision:
            on = day_text(date.fromisoformat(decision["on"]))
            if decision["decision"] == "penalty":
                lines.append(
                    _("%(on)s作出处罚决定：%(penalty)s；法律依据：%(basis)s。")
                    % {"on": on, "penalty": decision["penalty"], "basis": decision["legal_basis"]}
                )
            else:
                lines.append(
                    _("%(on)s作出不予处罚决定；法律依据：%(basis)s。")
                    % {"on": on, "basis": decision["legal_basis"]}
                )
        transfer = details.get("criminal_transfer")
        if transfer:
            lines.append(
                _("%(on)s转为刑事案件，涉嫌%(charge)s；理由：%(reason)s")
                % {
                    "on": day_text(date.fromisoformat(transfer["on"])),
                    "charge": transfer["charge"],
                    "reason": transfer["reason"],
                }
            )
        return lines


DOCUMENTS = (DocumentSpec(IncidentClosureReport, ("approve_closure",)),)
