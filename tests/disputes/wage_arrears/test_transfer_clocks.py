"""The periods 国务院令第310号 sets around a wage case's transfer to the police (§5 approval
and 24-hour transfer, §8 answer, §9 reconsideration, §12 materials): each started and
stopped by its step, periods that run from a document's receipt counted from the recorded
service date, and the case page and the API showing them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import workdays
from casework.actions import available_transitions
from casework.errors import Conflict, InvalidInput
from casework.models import Case, LegalClock, TimelineEntry
from casework.workflow import open_step
from tests.api.conftest import login

from ..walk import fire, payload, snapshot, walk_to
from .support import latest_clock, local_today


def _running(case) -> set[str]:
    return set(
        LegalClock.objects.filter(case=case, status="running").values_list("code", flat=True)
    )


def _opened_days_ago(case, days: int) -> Case:
    """Move the case's registration into the past, so that service dates may lie there."""
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return Case.objects.get(pk=case.pk)


def _transferred_days_ago(case, days: int, actors) -> Case:
    """Transfer the case to the police, received by them `days` days ago, so that their
    answer may be served on any day since."""
    case = walk_to(_opened_days_ago(case, days + 10), "investigating", actors)
    received = local_today() - timedelta(days=days)
    return fire(
        case.pk,
        "transfer_to_police",
        actors,
        {**payload("transfer_to_police"), "served_on": received.isoformat()},
    )


# --- §5: the head's decision and the transfer ----------------------------------------------


@pytest.mark.parametrize("source", ["investigating", "ordered"])
def test_report_approval_and_transfer_each_run_their_clock(source, wage_case, actors):
    case = walk_to(wage_case, source, actors)
    today = local_today()

    case = fire(case.pk, "propose_transfer", actors)

    assert case.status == source
    approval = latest_clock(case, "transfer_approval")
    assert (approval.start_date, approval.days, approval.day_unit) == (today, 3, "calendar")
    assert approval.due_date == workdays.add_days(today, 3, "calendar")
    assert "第五条" in approval.legal_basis and approval.owner == "hrss"
    assert case.details["transfer_proposal"]["stage"] == "pending"
    assert "approve_transfer" in available_transitions(actors.supervisor, case)
    assert "propose_transfer" not in available_transitions(actors.officer, case)

    case = fire(case.pk, "approve_transfer", actors)

    assert latest_clock(case, "transfer_approval").status == "stopped"
    delivery = latest_clock(case, "transfer_delivery")
    assert delivery.status == "running" and delivery.days == 1
    assert delivery.due_date == workdays.add_days(today, 1, "calendar")
    assert Case.objects.get(pk=case.pk).deadline == delivery.due_date
    entry = TimelineEntry.objects.filter(case=case, verb="approve_transfer").get()
    assert (
        f"{delivery.due_date.year}年{delivery.due_date.month}月{delivery.due_date.day}日"
        in entry.text
    )

    case = fire(case.pk, "transfer_to_police", actors)

    assert case.status == "transferred"
    assert latest_clock(case, "transfer_delivery").status == "stopped"
    assert case.details["transfer_proposal"]["stage"] == "transferred"
    assert _running(case) == {"investigation", "transfer_answer"}


def test_refused_report_is_on_record_and_may_be_made_again(wage_case, actors):
    case = walk_to(wage_case, "investigating", actors)
    fire(case.pk, "propose_transfer", actors)
    case = fire(case.pk, "refuse_transfer", actors, {"reason": "拖欠金额未达追诉标准"})
    assert latest_clock(case, "transfer_approval").status == "stopped"
    assert not LegalClock.objects.filter(case=case, code="transfer_delivery").exists()
    proposal = case.details["transfer_proposal"]
    assert proposal["stage"] == "refused"
    assert proposal["refusal_reason"] == "拖欠金额未达追诉标准"
    assert _running(case) == {"investigation"}
    assert "propose_transfer" in available_transitions(actors.officer, case)
    fire(case.pk, "propose_transfer", actors)
    assert LegalClock.objects.filter(case=case, code="transfer_approval").count() == 2


def test_no_closure_while_a_transfer_is_being_approved_or_made(wage_case, actors):
    case = walk_to(wage_case, "investigating", actors)
    fire(case.pk, "propose_transfer", actors)
    for step in (None, "approve_transfer"):
        if step:
            fire(case.pk, step, actors)
        case = Case.objects.get(pk=case.pk)
        before = snapshot(case)
        assert "propose_closure" not in available_transitions(actors.officer, case)
        with pytest.raises(Conflict) as exc:
            fire(case.pk, "propose_closure", actors)
        assert "移送" in str(exc.value)
        assert snapshot(case) == before
    case = fire(case.pk, "transfer_to_police", actors)
    fire(case.pk, "police_return", actors)
    assert fire(case.pk, "propose_closure", actors).status == "closure_pending"


def test_a_direct_transfer_still_needs_no_report(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    assert not LegalClock.objects.filter(
        case=case, code__in=["transfer_approval", "transfer_delivery"]
    ).exists()
    assert "transfer_proposal" not in case.details


def test_the_answer_runs_from_the_police_receipt(wage_case, actors):
    case = walk_to(_opened_days_ago(wage_case, 10), "investigating", actors)
    signed = local_today() - timedelta(days=2)
    case = fire(
        case.pk,
        "transfer_to_police",
        actors,
        {**payload("transfer_to_police"), "served_on": signed.isoformat()},
    )
    answer = latest_clock(case, "transfer_answer")
    assert answer.start_date == signed
    assert answer.due_date == workdays.add_days(signed, 3, "calendar")
    assert case.details["transfer"]["served_on"] == signed.isoformat()


# --- §9: reconsideration -------------------------------------------------------------------


def test_return_opens_the_window_from_the_notice_received(wage_case, actors):
    case = _transferred_days_ago(wage_case, 2, actors)
    served = local_today() - timedelta(days=1)
    case = fire(
        case.pk,
        "police_return",
        actors,
        {**payload("police_return"), "served_on": served.isoformat()},
    )
    window = latest_clock(case, "reconsideration_request")
    assert (window.start_date, window.status, window.owner) == (served, "running", "hrss")
    assert window.due_date == workdays.add_days(served, 3, "calendar")
    assert case.details["police_return"]["served_on"] == served.isoformat()
    assert case.details["police_return"]["after_reconsideration"] is False
    assert Case.objects.get(pk=case.pk).deadline == window.due_date
    supervisor_can = available_transitions(actors.supervisor, case)
    assert {"request_reconsideration", "waive_reconsideration"} <= set(supervisor_can)


def test_reconsideration_answered_by_a_second_return_ends_there(wage_case, actors):
    case = walk_to(_opened_days_ago(wage_case, 10), "transferred", actors)
    case = fire(case.pk, "police_return", actors)
    received = local_today() - timedelta(days=1)

    case = fire(
        case.pk,
        "request_reconsideration",
        actors,
        {**payload("request_reconsideration"), "served_on": received.isoformat()},
    )

    assert case.status == "transferred"
    assert latest_clock(case, "reconsideration_request").status == "stopped"
    answer = latest_clock(case, "reconsideration_answer")
    assert (answer.start_date, answer.owner) == (received, "police")
    assert answer.due_date == workdays.add_days(received, 3, "calendar")
    assert case.details["reconsideration"]["outcome"] == "pending"
    assert available_transitions(actors.police, case) == ["police_accept", "police_return"]

    case = fire(case.pk, "police_return", actors)

    assert case.status == "investigating"
    assert latest_clock(case, "reconsideration_answer").status == "stopped"
    assert case.details["reconsideration"]["outcome"] == "returned"
    assert case.details["police_return"]["after_reconsideration"] is True
    # §9 allows one reconsideration: no new window after the police maintain the refusal.
    assert LegalClock.objects.filter(case=case, code="reconsideration_request").count() == 1
    # What is left is ¶2's recommendation to the procuratorate (below).
    assert _running(case) == {"investigation", "supervision_request"}
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "request_reconsideration", actors)
    assert "第九条" in str(exc.value)
    assert snapshot(case) == before
    entry = TimelineEntry.objects.filter(case=case, verb="police_return").last()
    assert entry.text == "公安机关复议后仍不予立案"


def test_reconsideration_answered_by_acceptance(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    fire(case.pk, "police_return", actors)
    fire(case.pk, "request_reconsideration", actors)
    case = fire(case.pk, "police_accept", actors)
    assert case.status == "closure_pending"
    assert latest_clock(case, "reconsideration_answer").status == "stopped"
    assert case.details["reconsideration"]["outcome"] == "accepted"
    assert _running(case) == {"investigation", "materials_handover"}


def test_no_request_after_the_window(wage_case, actors):
    case = _transferred_days_ago(wage_case, 9, actors)
    served = local_today() - timedelta(days=8)
    case = fire(
        case.pk,
        "police_return",
        actors,
        {**payload("police_return"), "served_on": served.isoformat()},
    )
    window = latest_clock(case, "reconsideration_request")
    assert window.due_date < local_today()
    before = snapshot(case)
    assert "request_reconsideration" not in available_transitions(actors.supervisor, case)
    with pytest.raises(Conflict):
        fire(case.pk, "request_reconsideration", actors)
    assert snapshot(case) == before
    # The decision not to ask stays open, and ends the overdue window.
    case = fire(case.pk, "waive_reconsideration", actors)
    assert latest_clock(case, "reconsideration_request").status == "stopped"
    assert case.details["reconsideration"]["outcome"] == "waived"
    assert "waive_reconsideration" not in available_transitions(actors.supervisor, case)


@pytest.mark.parametrize("next_step", ["propose_closure", "transfer_to_police"])
def test_moving_on_ends_the_window(next_step, wage_case, actors):
    case = walk_to(wage_case, "investigating", actors, via_police=True)
    assert latest_clock(case, "reconsideration_request").status == "running"
    fire(case.pk, next_step, actors)
    assert latest_clock(case, "reconsideration_request").status == "stopped"


# --- §9: the procuratorate's supervision ---------------------------------------------------


def _maintained_refusal(wage_case, actors, served):
    """Returned, reconsideration asked, and the refusal maintained, served on `served`."""
    case = walk_to(_opened_days_ago(wage_case, 10), "transferred", actors)
    fire(case.pk, "police_return", actors)
    # The police answer the request after they receive it.
    fire(
        case.pk,
        "request_reconsideration",
        actors,
        {**payload("request_reconsideration"), "served_on": served.isoformat()},
    )
    return fire(
        case.pk,
        "police_return",
        actors,
        {**payload("police_return"), "served_on": served.isoformat()},
    )


def test_a_maintained_refusal_opens_three_days_to_ask_the_procuratorate(wage_case, actors):
    served = local_today() - timedelta(days=1)
    case = _maintained_refusal(wage_case, actors, served)

    window = latest_clock(case, "supervision_request")
    assert (window.start_date, window.days, window.day_unit) == (served, 3, "calendar")
    assert window.due_date == workdays.add_days(served, 3, "calendar")
    assert window.owner == "hrss" and "第九条" in window.legal_basis
    assert "复议决定通知书" in window.legal_basis
    assert _running(case) == {"investigation", "supervision_request"}
    assert {"suggest_supervision", "waive_supervision"} <= set(
        available_transitions(actors.supervisor, case)
    )
    assert "suggest_supervision" not in available_transitions(actors.officer, case)

    case = fire(case.pk, "suggest_supervision", actors)

    assert case.status == "investigating"
    assert latest_clock(case, "supervision_request").status == "stopped"
    recorded = case.details["supervision"]
    assert recorded["outcome"] == "suggested"
    assert recorded["procuratorate"] == "枣庄市薛城区人民检察院"
    entry = TimelineEntry.objects.filter(case=case, verb="suggest_supervision").get()
    assert entry.text == "建议枣庄市薛城区人民检察院对不予立案决定进行立案监督"
    assert "suggest_supervision" not in available_transitions(actors.supervisor, case)


def test_supervision_may_be_suggested_instead_of_reconsideration(wage_case, actors):
    case = walk_to(wage_case, "investigating", actors, via_police=True)
    assert latest_clock(case, "reconsideration_request").status == "running"
    case = fire(case.pk, "suggest_supervision", actors)
    assert latest_clock(case, "reconsideration_request").status == "stopped"
    assert not LegalClock.objects.filter(case=case, code="supervision_request").exists()
    with pytest.raises(Conflict):
        fire(case.pk, "request_reconsideration", actors)


def test_no_suggestion_after_the_window_but_the_decision_not_to_stays_open(wage_case, actors):
    served = local_today() - timedelta(days=6)
    case = _maintained_refusal(wage_case, actors, served)
    assert latest_clock(case, "supervision_request").due_date < local_today()
    before = snapshot(case)
    with pytest.raises(Conflict) as exc:
        fire(case.pk, "suggest_supervision", actors)
    assert "第九条" in str(exc.value)
    assert snapshot(case) == before

    case = fire(case.pk, "waive_supervision", actors)
    assert latest_clock(case, "supervision_request").status == "stopped"
    assert case.details["supervision"]["outcome"] == "waived"
    assert "waive_supervision" not in available_transitions(actors.supervisor, case)


def test_a_closure_proposal_ends_the_supervision_window(wage_case, actors):
    case = _maintained_refusal(wage_case, actors, local_today())
    case = fire(case.pk, "propose_closure", actors)
    assert latest_clock(case, "supervision_request").status == "stopped"


def test_supervision_over_the_api_names_a_missing_procuratorate(wage_case, actors):
    case = _maintained_refusal(wage_case, actors, local_today())
    client = login(actors.supervisor)
    url = f"/api/v1/cases/{case.pk}/transitions/suggest_supervision/"
    r = client.post(url, {"reason": "仍有异议"}, format="json")
    assert r.status_code == 400 and "procuratorate" in r.json(), r.content
    assert latest_clock(case, "supervision_request").status == "running"
    r = client.post(url, payload("suggest_supervision"), format="json")
    assert r.status_code == 200, r.content
    assert r.json()["details"]["supervision"]["outcome"] == "suggested"


# --- §12: the materials --------------------------------------------------------------------


def test_acceptance_starts_the_materials_clock_from_the_notice(wage_case, actors):
    case = _transferred_days_ago(wage_case, 2, actors)
    served = local_today() - timedelta(days=1)
    case = fire(
        case.pk, "police_accept", actors, {"comment": "已立案", "served_on": served.isoformat()}
    )
    clock = latest_clock(case, "materials_handover")
    assert (clock.start_date, clock.owner, clock.status) == (served, "hrss", "running")
    assert clock.due_date == workdays.add_days(served, 3, "calendar")
    assert "第十二条" in clock.legal_basis
    assert case.details["materials_handover"]["notice_served_on"] == served.isoformat()
    # From closure_pending the step stays with the supervisors, who approve the closure;
    # their task lists the handover while it is due.
    assert available_transitions(actors.supervisor, case) == [
        "hand_over_materials",
        "approve_closure",
        "return_for_rework",
    ]
    step = open_step(case)
    assert step.owner is None and step.flow_task.name == "step"
    assert set(step.data["expects"]) == {
        "hand_over_materials",
        "approve_closure",
        "return_for_rework",
    }
    case = fire(case.pk, "hand_over_materials", actors)
    assert case.status == "closure_pending"
    assert latest_clock(case, "materials_handover").status == "stopped"
    assert case.details["materials_handover"]["materials"] == ["工资表原件", "考勤机数据光盘"]
    assert "hand_over_materials" not in available_transitions(actors.supervisor, case)
    case = fire(case.pk, "approve_closure", actors)
    assert not LegalClock.objects.filter(case=case).exclude(status="stopped").exists()


def test_a_closure_approval_not_after_a_transfer_lists_no_handover(wage_case, actors):
    case = walk_to(wage_case, "closure_pending", actors)
    assert set(open_step(case).data["expects"]) == {"approve_closure", "return_for_rework"}
    before = snapshot(case)
    with pytest.raises(Conflict):
        fire(case.pk, "hand_over_materials", actors)
    assert snapshot(case) == before


def test_closure_ends_a_materials_clock_still_running(wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    fire(case.pk, "police_accept", actors)
    case = fire(case.pk, "approve_closure", actors)
    assert latest_clock(case, "materials_handover").status == "stopped"
    assert Case.objects.get(pk=case.pk).deadline is None


# --- service dates -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["police_accept", "police_return"])
def test_bad_service_dates_name_the_field(name, wage_case, actors):
    case = walk_to(wage_case, "transferred", actors)
    opened = timezone.localdate(case.submitted_at)
    for served in (local_today() + timedelta(days=1), opened - timedelta(days=1), "2025-02-30"):
        before = snapshot(case)
        with pytest.raises(InvalidInput) as exc:
            fire(case.pk, name, actors, {**payload(name), "served_on": str(served)})
        assert exc.value.status_code == 400
        assert list(exc.value.errors) == ["served_on"], exc.value.errors
        assert snapshot(case) == before


@pytest.mark.parametrize("name", ["police_accept", "police_return"])
def test_the_answer_is_not_served_before_the_police_received_the_case(name, wage_case, actors):
    case = _transferred_days_ago(wage_case, 2, actors)
    received = local_today() - timedelta(days=2)
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(
            case.pk,
            name,
            actors,
            {**payload(name), "served_on": (received - timedelta(days=1)).isoformat()},
        )
    assert list(exc.value.errors) == ["served_on"], exc.value.errors
    assert "移送的案件" in str(exc.value.errors["served_on"][0])
    assert snapshot(case) == before
    case = fire(case.pk, name, actors, {**payload(name), "served_on": received.isoformat()})
    assert case.status in ("closure_pending", "investigating")


def test_the_answer_to_a_reconsideration_is_not_served_before_the_request_arrived(
    wage_case, actors
):
    case = _transferred_days_ago(wage_case, 3, actors)
    fire(
        case.pk,
        "police_return",
        actors,
        {
            **payload("police_return"),
            "served_on": (local_today() - timedelta(days=2)).isoformat(),
        },
    )
    asked = local_today() - timedelta(days=1)
    case = fire(
        case.pk,
        "request_reconsideration",
        actors,
        {**payload("request_reconsideration"), "served_on": asked.isoformat()},
    )
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(
            case.pk,
            "police_accept",
            actors,
            {"served_on": (asked - timedelta(days=1)).isoformat()},
        )
    assert "复议文件" in str(exc.value.errors["served_on"][0])
    assert snapshot(case) == before


def test_an_early_answer_date_over_the_api_is_a_400_and_writes_nothing(
    wage_case, actors, police_officer
):
    case = _transferred_days_ago(wage_case, 1, actors)
    early = (local_today() - timedelta(days=3)).isoformat()
    r = login(police_officer).post(
        f"/api/v1/cases/{case.pk}/transitions/police_accept/",
        {"served_on": early},
        format="json",
    )
    assert r.status_code == 400 and list(r.json()) == ["served_on"], r.content
    assert Case.objects.get(pk=case.pk).status == "transferred"
    assert not LegalClock.objects.filter(case=case, code="materials_handover").exists()


def test_service_date_over_the_api(wage_case, actors, police_officer):
    case = _opened_days_ago(wage_case, 10)
    fire(case.pk, "accept", actors)
    hrss = login(actors.supervisor)
    r = hrss.post(
        f"/api/v1/cases/{case.pk}/transitions/transfer_to_police/",
        {**payload("transfer_to_police"), "served_on": "2999-01-01"},
        format="json",
    )
    assert r.status_code == 400 and list(r.json()) == ["served_on"]
    served = local_today() - timedelta(days=2)
    r = hrss.post(
        f"/api/v1/cases/{case.pk}/transitions/transfer_to_police/",
        {**payload("transfer_to_police"), "served_on": (served - timedelta(days=1)).isoformat()},
        format="json",
    )
    assert r.status_code == 200, r.content
    r = login(police_officer).post(
        f"/api/v1/cases/{case.pk}/transitions/police_return/",
        {"reason": "证据不足", "served_on": served.isoformat()},
        format="json",
    )
    assert r.status_code == 200, r.content
    body = hrss.get(f"/api/v1/cases/{case.pk}/").json()
    (window,) = [c for c in body["clocks"] if c["code"] == "reconsideration_request"]
    assert window["start_date"] == served.isoformat()
    assert window["due_date"] == workdays.add_days(served, 3, "calendar").isoformat()
    assert window["status"] == "running" and window["owner"] == "hrss"
    assert window["pause_reasons"] == [] and "第九条" in window["legal_basis"]
    assert body["deadline"] == window["due_date"]
    assert "request_reconsideration" in body["available_transitions"]


def test_the_case_page_shows_the_clocks_and_the_service_date_field(client, wage_case, actors):
    case = walk_to(wage_case, "investigating", actors)
    fire(case.pk, "propose_transfer", actors)
    client.force_login(actors.supervisor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    approval = latest_clock(case, "transfer_approval")
    assert "移送审批期限" in page
    assert "自接到报告之日起3日内作出批准移送或者不批准移送的决定" in page
    assert f'datetime="{approval.due_date:%Y-%m-%d}"' in page
    assert 'id="action-approve_transfer"' in page
    assert 'name="served_on"' in page  # transfer_to_police's 公安机关接受移送日期
    assert "公安机关接受移送日期" in page
