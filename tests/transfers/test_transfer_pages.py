"""The transfer panel of the case page and the bulk reassignment page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from casework.actions import case_assign
from casework.actions.transfer import case_transfer_propose
from casework.models import Case, CaseTransfer, ReassignmentJob
from permissions.selectors import unit_for
from permissions.services import ensure_units, load_departments, load_jurisdictions
from tests.factories import member, open_wage_case
from tests.polling import wait_until

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, case):
    r = client.get(f"/cases/{case.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def test_the_lead_supervisor_proposes_from_the_case_page(
    wage_case, hrss_supervisor, hrss_officer, shizhong_unit
):
    client = client_for(hrss_supervisor)
    html = page(client, wage_case)
    assert 'id="action-transfer"' in html
    assert shizhong_unit.name in html
    assert unit_for("market", "xuecheng").name not in html
    assert 'id="action-transfer"' not in page(client_for(hrss_officer), wage_case)

    r = client.post(
        f"/cases/{wage_case.pk}/transfers/",
        {
            "to_unit": shizhong_unit.pk,
            "kind": "reassign_jurisdiction",
            "reason": "用人单位在市中区",
            "version": wage_case.version,
        },
    )
    assert r.status_code == 302
    transfer = CaseTransfer.objects.get(case=wage_case)
    assert transfer.proposed_by == hrss_supervisor
    html = page(client, wage_case)
    assert 'id="transfer-pending"' in html
    assert transfer.due_on.strftime("%Y-%m-%d") in html
    assert 'id="action-transfer"' not in html  # one pending at a time
    assert 'id="transfer-accept-form"' not in html


def test_bad_proposal_rerenders_with_the_field_error(wage_case, hrss_supervisor, shizhong_unit):
    client = client_for(hrss_supervisor)
    r = client.post(
        f"/cases/{wage_case.pk}/transfers/",
        {"to_unit": shizhong_unit.pk, "kind": "refer", "reason": "x"},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "转办" in html and "has-error" in html
    assert not CaseTransfer.objects.exists()
    r = client.post(
        f"/cases/{wage_case.pk}/transfers/",
        {"to_unit": unit_for("market", "xuecheng").pk, "kind": "refer", "reason": "x"},
    )
    assert r.status_code == 400
    assert "不能主办此类案件" in r.content.decode()


def test_receiver_accepts_on_the_page(
    wage_case, hrss_supervisor, hrss_officer, shizhong_supervisor, shizhong_unit
):
    transfer = case_transfer_propose(
        actor=hrss_supervisor,
        case_id=wage_case.pk,
        to_unit_id=shizhong_unit.pk,
        kind="reassign_jurisdiction",
        reason="用人单位在市中区",
    )
    client = client_for(shizhong_supervisor)
    html = page(client, wage_case)
    assert 'id="transfer-accept-form"' in html
    assert 'id="transfer-return-form"' in html
    r = client.post(f"/cases/{wage_case.pk}/transfers/{transfer.pk}/accept/", {"reason": "同意"})
    assert r.status_code == 302
    assert Case.objects.get(pk=wage_case.pk).lead_unit == shizhong_unit
    # The old unit still opens the page, without the means to act.
    html = page(client_for(hrss_officer), wage_case)
    assert 'id="transfer-history"' in html
    assert "已接收" in html
    assert 'id="action-assign"' not in page(client_for(hrss_supervisor), wage_case)


def test_receiver_returns_on_the_page(
    wage_case, hrss_supervisor, shizhong_supervisor, shizhong_unit
):
    transfer = case_transfer_propose(
        actor=hrss_supervisor,
        case_id=wage_case.pk,
        to_unit_id=shizhong_unit.pk,
        kind="reassign_jurisdiction",
        reason="用人单位在市中区",
    )
    client = client_for(shizhong_supervisor)
    url = f"/cases/{wage_case.pk}/transfers/{transfer.pk}/return/"
    r = client.post(url, {"reason": ""})
    assert r.status_code == 400
    assert "请填写理由" in r.content.decode()
    r = client.post(url, {"reason": "不属于本辖区"})
    assert r.status_code == 302
    assert r["Location"] == "/queue/"
    assert client.get(f"/cases/{wage_case.pk}/").status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert CaseTransfer.objects.get(pk=transfer.pk).status == "returned"


def test_outsiders_get_404_and_officers_403(
    wage_case, hrss_officer, other_district_officer, shizhong_unit
):
    body = {"to_unit": shizhong_unit.pk, "kind": "reassign_jurisdiction", "reason": "x"}
    assert (
        client_for(other_district_officer)
        .post(f"/cases/{wage_case.pk}/transfers/", body)
        .status_code
        == 404
    )
    assert (
        client_for(hrss_officer).post(f"/cases/{wage_case.pk}/transfers/", body).status_code == 403
    )


def test_stale_form_is_409(wage_case, hrss_supervisor, shizhong_unit):
    r = client_for(hrss_supervisor).post(
        f"/cases/{wage_case.pk}/transfers/",
        {
            "to_unit": shizhong_unit.pk,
            "kind": "reassign_jurisdiction",
            "reason": "x",
            "version": wage_case.version + 1,
        },
    )
    assert r.status_code == 409


def test_reassign_page_is_for_supervisors(hrss_officer, hrss_supervisor):
    assert client_for(hrss_officer).get("/reassign/").status_code == 403
    r = client_for(hrss_supervisor).get("/reassign/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="reassign-form"' in html
    assert hrss_officer.username in html
    assert 'href="/reassign/"' in html  # the nav link


@pytest.mark.django_db(transaction=True)
def test_reassign_page_runs_in_the_background_and_reports_progress():
    # A transactional test starts from the previous one's flush: load the reference data.
    load_departments(FIXTURES / "departments.csv")
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()
    supervisor = member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor")
    leaving = member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")
    staying = member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")
    cases = [open_wage_case() for _ in range(3)]
    for case in cases:
        case_assign(actor=supervisor, case_id=case.pk, assignee=leaving)
    client = client_for(supervisor)
    r = client.post(
        "/reassign/", {"unit": unit_for("hrss", "xuecheng").pk, "from_user": leaving.pk}
    )
    assert r.status_code == 302
    job = ReassignmentJob.objects.get()
    assert r["Location"] == f"/reassign/{job.pk}/"
    assert client.get(r["Location"]).status_code == 200

    def finished() -> dict | None:
        data = client.get(f"/reassign/{job.pk}/progress/").json()
        return data if data["status"] == "finished" else None

    data = wait_until(finished, "the reassignment job did not finish")
    assert (data["status"], data["total"], data["done"], data["failed"]) == ("finished", 3, 3, 0)
    assert set(Case.objects.values_list("assignee", flat=True)) == {staying.pk}
    assert client_for(leaving).get(f"/reassign/{job.pk}/progress/").status_code == 404


def test_reassign_page_field_errors(hrss_supervisor, hrss_officer):
    r = client_for(hrss_supervisor).post(
        "/reassign/", {"unit": unit_for("hrss", "xuecheng").pk, "from_user": hrss_officer.pk}
    )
    assert r.status_code == 400
    assert "本单位没有其他承办人员可以接手" in r.content.decode()
    assert not ReassignmentJob.objects.exists()
