"""Demo payloads and dates of the procedure's own steps, for the kinds' demo cases."""

from __future__ import annotations

from ..demo import DetailDate, Plan

# Scenarios that end with the complainant unsatisfied at the follow-up.
UNSATISFIED = {"closed_unsatisfied", "reopened"}
OFFICER_STEPS = frozenset(
    {"claim", "accept", "request_extension", "propose_closure", "record_feedback"}
)
DATES: tuple[DetailDate, ...] = (
    # The day the complaint came in, against which the two-year bar was held.
    ("time_bar", "open", "received_on"),
    ("accepted_on", "accept", None),
    ("reopened_on", "reopen", None),
    ("feedback", "record_feedback", "on"),
)


def payload(plan: Plan, name: str) -> dict | None:
    """The payload of one of the procedure's steps; None for a step of the kind's own."""
    t = plan.texts
    if name == "accept":
        return {"comment": "材料齐全，符合受理条件，予以立案调查。"}
    if name == "reject":
        return {"reason": t["reject"]}
    if name == "request_extension":
        return {"reason": t["extension"]}
    if name == "approve_extension":
        return {"comment": "同意延长调查期限30个工作日。"}
    if name == "deny_extension":
        return {"comment": "现有证据已足以认定事实，请抓紧办理，不予延期。"}
    if name == "propose_closure":
        return {"summary": t["summary"], "amount_recovered": plan.recovered}
    if name == "approve_closure":
        return {"comment": "同意结案。"}
    if name == "return_for_rework":
        return {"reason": t.get("rework", "结案材料缺少劳动者签收工资的凭证，请补充后再报。")}
    if name == "record_feedback":
        return {"satisfied": plan.scenario not in UNSATISFIED, "comment": t["feedback"]}
    if name == "reopen":
        return {"reason": t.get("reopen", "回访中投诉人反映仍有工资未支付，需重新调查核实。")}
    return None
