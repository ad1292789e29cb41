"""A kind that lives in one package of its own (`tests/sample_kind`, installed by the test
settings alone) works like every other: opened and moved through the API, bad input refused
naming the field, its page showing its panel and its transitions."""

from __future__ import annotations

import pytest

from casework.audit import verify_chain
from casework.kinds import all_kinds, get_kind
from casework.models import AuditEvent, Case
from tests.api.conftest import login

BODY = {
    "kind": "hotline_referral",
    "jurisdiction": "xuecheng",
    "description": "12345热线转来：某劳务公司拖欠三名零工工资。",
    "ticket": "2026120601",
}


def test_the_kind_comes_from_its_package_alone():
    spec = get_kind("hotline_referral")
    assert spec in all_kinds()
    assert spec.model.__module__ == "tests.sample_kind.models"
    assert spec.model._meta.app_label == "sample_kind"


def test_opened_and_moved_through_the_api(hrss_officer, hrss_supervisor):
    officer = login(hrss_officer)
    r = officer.post("/api/v1/cases/", BODY, format="json")
    assert r.status_code == 201, r.content
    opened = r.json()
    assert (opened["kind"], opened["status"]) == ("hotline_referral", "received")
    assert opened["available_transitions"] == ["handle", "return_to_hotline"]
    url = f"/api/v1/cases/{opened['id']}/transitions"

    r = officer.post(f"{url}/handle/", {"result": "已责令支付，工人已领到工资"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "handled"
    r = login(hrss_supervisor).post(f"{url}/close/", {"comment": "同意办结"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "closed"

    case = Case.objects.get(pk=opened["id"])
    assert case.details["ticket"] == "2026120601"
    assert case.details["result"] == "已责令支付，工人已领到工资"
    verbs = list(AuditEvent.objects.filter(case=case).order_by("id").values_list("verb", flat=True))
    assert verbs == [
        "sample_kind.hotline_referral.opened",
        "sample_kind.hotline_referral.handle",
        "sample_kind.hotline_referral.close",
    ]
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BODY, "ticket": "12ab"}, "ticket"),
        ({k: v for k, v in BODY.items() if k != "ticket"}, "ticket"),
    ],
)
def test_bad_opening_input_is_400_naming_the_field(hrss_officer, body, field):
    before = Case.objects.count()
    r = login(hrss_officer).post("/api/v1/cases/", body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert Case.objects.count() == before


def test_a_transition_without_its_required_field_is_400_and_changes_nothing(hrss_officer):
    officer = login(hrss_officer)
    case_id = officer.post("/api/v1/cases/", BODY, format="json").json()["id"]
    r = officer.post(f"/api/v1/cases/{case_id}/transitions/handle/", {}, format="json")
    assert r.status_code == 400, r.content
    assert "result" in r.json(), r.json()
    case = Case.objects.get(pk=case_id)
    assert (case.status, case.version) == ("received", 1)


def test_its_page_shows_its_panel_and_its_transitions(client, hrss_officer):
    case_id = login(hrss_officer).post("/api/v1/cases/", BODY, format="json").json()["id"]
    client.force_login(hrss_officer)
    r = client.get(f"/cases/{case_id}/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'id="hotline-panel"' in page and "2026120601" in page
    assert 'id="action-handle"' in page and 'id="action-return_to_hotline"' in page
    assert "热线转办" in page

    r = client.post(f"/cases/{case_id}/transitions/handle/", {"result": "已处理"})
    assert r.status_code == 302
    assert Case.objects.get(pk=case_id).status == "handled"
    assert "办理结果：已处理" in client.get(f"/cases/{case_id}/").content.decode()
