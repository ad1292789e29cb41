from casework.actions import available_transitions, case_transition
from casework.audit import verify_chain


def test_accept_then_close_writes_chain(wage_case, hrss_officer, hrss_supervisor):
    assert available_transitions(hrss_officer, wage_case) == ["accept"]
    case = case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept", data={})
    assert case.status == "investigating"
    assert case.assignee == hrss_officer
    case = case_transition(
        actor=hrss_officer,
        case_id=case.pk,
        name="propose_closure",
        data={"summary": "已支付", "amount_recovered": "5000"},
    )
    case = case_transition(actor=hrss_supervisor, case_id=case.pk, name="approve_closure", data={})
    assert case.status == "closed"
    result = verify_chain()
    assert result.ok and result.count == 4
