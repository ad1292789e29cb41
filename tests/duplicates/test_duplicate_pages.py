"""The links panel of the case page, its forms, and the public status page of a merged
complaint."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.actions import case_assign, case_attach
from casework.actions.duplicates import case_link, case_merge
from casework.kinds import MERGED
from casework.models import Case, CaseLink

from .conftest import open_complaint

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client, case, status: int = 200) -> str:
    r = client.get(f"/cases/{case.pk}/")
    assert r.status_code == status
    return r.content.decode()


def test_the_case_page_suggests_duplicates_and_offers_link_and_merge(wage_case, hrss_supervisor):
    other = open_complaint()
    html = page(client_for(hrss_supervisor), wage_case)
    assert 'id="duplicates"' in html
    assert other.number in html and "同一用人单位" in html
    assert 'id="action-link"' in html
    assert 'id="action-merge"' in html
    assert f'<option value="{other.pk}"' in html


def test_a_viewer_sees_suggestions_but_no_forms(wage_case, city_viewer):
    other = open_complaint()
    html = page(client_for(city_viewer), wage_case)
    assert other.number in html
    assert 'id="action-link"' not in html and 'id="action-merge"' not in html


def test_link_by_number_from_the_page_and_unlink(wage_case, hrss_supervisor):
    other = open_complaint()
    client = client_for(hrss_supervisor)
    r = client.post(
        f"/cases/{wage_case.pk}/links/", {"case": other.number, "reason": "同一工地"}, follow=True
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "已与案件" in html and 'id="linked-cases"' in html
    link = CaseLink.objects.get()
    html = page(client, other)
    assert wage_case.number in html and "同一工地" in html
    r = client.post(f"/cases/{other.pk}/links/{link.pk}/delete/", follow=True)
    assert "已解除关联" in r.content.decode()
    assert not CaseLink.objects.exists()


def test_link_form_errors_are_shown_on_the_page(wage_case, hrss_supervisor, other_district_officer):
    hidden = open_complaint(jurisdiction="shizhong")
    client = client_for(hrss_supervisor)
    r = client.post(f"/cases/{wage_case.pk}/links/", {"case": hidden.number, "reason": "x"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "未找到编号为" in html and 'id="action-link" open' in html
    r = client.post(f"/cases/{wage_case.pk}/links/", {"case": open_complaint().number})
    assert r.status_code == 400 and "请填写理由" in r.content.decode()
    assert not CaseLink.objects.exists()
    other = client_for(other_district_officer)
    assert other.post(f"/cases/{wage_case.pk}/links/", {"case": "x"}).status_code == 404
    assert other.post(f"/cases/{wage_case.pk}/merge/", {"into": "1"}).status_code == 404


def test_merge_from_the_page(wage_case, hrss_supervisor):
    dup = open_complaint()
    client = client_for(hrss_supervisor)
    r = client.post(
        f"/cases/{dup.pk}/merge/",
        {"into": wage_case.pk, "version": dup.version, "reason": "重复投诉"},
    )
    assert r.status_code == 302 and r["Location"] == f"/cases/{wage_case.pk}/"
    assert Case.objects.get(pk=dup.pk).status == MERGED
    html = page(client, wage_case)
    assert 'id="merged-from"' in html and dup.number in html and dup.tracking_number in html
    # The merged case's page says where it went.
    html = page(client, dup)
    assert 'id="merged-into"' in html and wage_case.number in html
    assert f'href="/cases/{wage_case.pk}/"' in html
    assert "已合并" in html
    assert 'id="action-merge"' not in html and 'id="action-link"' not in html


def test_merge_page_errors(wage_case, hrss_supervisor, hrss_officer, hrss_officer2):
    dup = open_complaint()
    client = client_for(hrss_supervisor)
    r = client.post(f"/cases/{dup.pk}/merge/", {"into": dup.pk})
    assert r.status_code == 400 and "不能将案件并入其自身" in r.content.decode()
    r = client.post(f"/cases/{dup.pk}/merge/", {"into": wage_case.pk, "version": "zz"})
    assert r.status_code == 400
    r = client.post(f"/cases/{dup.pk}/merge/", {"into": wage_case.pk, "version": dup.version + 3})
    assert r.status_code == 409
    case_assign(actor=hrss_supervisor, case_id=dup.pk, assignee=hrss_officer)
    case_assign(actor=hrss_supervisor, case_id=wage_case.pk, assignee=hrss_officer2)
    r = client_for(hrss_officer).post(f"/cases/{dup.pk}/merge/", {"into": wage_case.pk})
    assert r.status_code == 403
    assert Case.objects.get(pk=dup.pk).status == "submitted"


def test_the_survivor_lists_the_merged_cases_attachments(wage_case, hrss_supervisor):
    dup = open_complaint()
    upload = SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")
    attachment = case_attach(
        actor=hrss_supervisor, case_id=dup.pk, upload=upload, description="工资条"
    )
    case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    client = client_for(hrss_supervisor)
    html = page(client, wage_case)
    assert 'id="merged-attachments"' in html and "工资条.pdf" in html
    r = client.get(f"/cases/{dup.pk}/attachments/{attachment.pk}/")
    assert r.status_code == 200


def test_the_case_list_finds_the_survivor_by_the_old_number(wage_case, hrss_officer):
    dup = open_complaint()
    case_merge(actor=hrss_officer, case_id=dup.pk, into_id=wage_case.pk)
    r = client_for(hrss_officer).get("/cases/", {"q": dup.number})
    assert r.status_code == 200
    assert f"/cases/{wage_case.pk}/" in r.content.decode()


def test_public_status_page_with_the_old_number_shows_the_survivor(wage_case, hrss_supervisor):
    dup = open_complaint()
    code = dup.access_code
    case_link(actor=hrss_supervisor, case_id=dup.pk, other_id=wage_case.pk, reason="同一")
    case_merge(actor=hrss_supervisor, case_id=dup.pk, into_id=wage_case.pk)
    r = Client().post("/track/", {"tracking_number": dup.tracking_number, "access_code": code})
    assert r.status_code == 200
    html = r.content.decode()
    survivor = Case.objects.get(pk=wage_case.pk).as_kind()
    assert survivor.get_status_display() in html
    assert "已合并" not in html.split('id="public-status"')[1].split("</p>")[0]
    assert dup.tracking_number in html and "合并办理" in html
    wrong = Client().post(
        "/track/", {"tracking_number": dup.tracking_number, "access_code": wage_case.access_code}
    )
    assert wrong.status_code == 404
