"""/cases/new/: opening a case of an internal kind from the browser (a security incident)."""

from __future__ import annotations

from casework.models import AuditEvent, Case
from tests.factories import member


def _post(client, **overrides):
    data = {
        "kind": "security_incident",
        "jurisdiction": "xuecheng",
        "incident_type": "fraud",
        "location": "市场北侧路口",
        "description": "有人收取“中介费”后失联。",
    }
    data.update(overrides)
    return client.post("/cases/new/", data)


def test_nav_link_only_for_units_that_lead_an_internal_kind(client_for, police_officer):
    police = client_for(police_officer).get("/cases/")
    assert 'href="/cases/new/"' in police.content.decode()
    # 财政局 leads no kind.
    finance = member("finance.officer.xuecheng", "finance", "xuecheng", "officer")
    assert 'href="/cases/new/"' not in client_for(finance).get("/cases/").content.decode()


def test_form_is_generated_from_the_serializers(client_for, police_officer):
    r = client_for(police_officer).get("/cases/new/?kind=security_incident")
    assert r.status_code == 200
    html = r.content.decode()
    for name in ("jurisdiction", "market", "occurred_on", "description", "incident_type"):
        assert f'name="{name}"' in html, name
    assert 'name="kind" value="security_incident"' in html
    assert "寻衅滋事" in html and "交通安全隐患" in html
    # Only the jurisdictions the officer's unit leads in.
    assert '<option value="xuecheng"' in html and '<option value="shizhong"' not in html


def test_success_redirects_to_the_case_page(client_for, police_officer):
    client = client_for(police_officer)
    r = _post(client)
    case = Case.objects.get(kind="security_incident")
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    assert case.details["incident_type"] == "fraud"
    page = client.get(r["Location"]).content.decode()
    assert case.number in page and "出警" in page
    # The kind's own fields are among the facts.
    assert '<dd class="kind-fact">诈骗</dd>' in page
    assert '<dd class="kind-fact">市场北侧路口</dd>' in page


def test_errors_are_shown_next_to_the_fields(client_for, police_officer):
    client = client_for(police_officer)
    before = AuditEvent.objects.count()
    r = _post(client, incident_type="arson", description="")
    assert r.status_code == 400
    html = r.content.decode()
    assert html.count('aria-invalid="true"') == 2
    assert 'id="open-incident_type-note"' in html and 'id="open-description-note"' in html
    # What was typed is kept.
    assert "市场北侧路口" in html
    assert not Case.objects.exists() and AuditEvent.objects.count() == before


def test_public_or_unknown_kind_is_refused(client_for, police_officer):
    client = client_for(police_officer)
    for kind in ("wage_arrears", "no_such_kind"):
        r = _post(client, kind=kind)
        assert r.status_code == 400
    assert not Case.objects.exists()


def test_unit_that_leads_no_internal_kind_gets_403(client_for, org):
    finance = member("finance.officer.xuecheng", "finance", "xuecheng", "officer")
    r = client_for(finance).get("/cases/new/")
    assert r.status_code == 403
    assert not Case.objects.exists()


def test_kinds_are_offered_only_to_the_roles_that_may_open_them(client_for, police_officer):
    """A joint operation is planned by a unit's supervisor: its officers are not offered it
    (on the page or in the kind list), and the supervisor of the same unit is."""
    from casework.actions import openable_kinds

    supervisor = member("police.supervisor.xuecheng", "police", "xuecheng", "supervisor")
    officer_kinds = [spec.code for spec, _units in openable_kinds(police_officer)]
    supervisor_kinds = [spec.code for spec, _units in openable_kinds(supervisor)]
    assert "security_incident" in officer_kinds and "joint_operation" not in officer_kinds
    assert {"security_incident", "joint_operation"} <= set(supervisor_kinds)

    html = client_for(police_officer).get("/cases/new/").content.decode()
    assert "?kind=joint_operation" not in html
    # Asking for it by name gets the one kind the officer may open instead.
    asked = client_for(police_officer).get("/cases/new/?kind=joint_operation").content.decode()
    assert 'name="incident_type"' in asked and 'name="units"' not in asked
    assert "?kind=joint_operation" in client_for(supervisor).get("/cases/new/").content.decode()
