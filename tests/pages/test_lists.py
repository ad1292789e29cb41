"""Sign-in, the header, and the officer's lists (inbox, queue, approvals, search)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.actions import EmployerInput, PartyInput, case_open, case_transition
from casework.models import Case
from permissions.models import Jurisdiction
from tests.factories import VALID_ID, VALID_PHONE, open_wage_case

pytestmark = pytest.mark.django_db


def test_officer_pages_require_login(client, org):
    for url in ["/", "/inbox/", "/queue/", "/approvals/", "/cases/", "/cases/1/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_login_page_is_chinese_and_signs_in(client, hrss_officer):
    page = client.get("/accounts/login/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "执法人员登录" in html
    assert 'name="csrfmiddlewaretoken"' in html

    wrong = client.post("/accounts/login/", {"username": "hrss.officer.xuecheng", "password": "x"})
    assert wrong.status_code == 200
    assert "请输入一个正确的" in wrong.content.decode()

    ok = client.post(
        "/accounts/login/", {"username": "hrss.officer.xuecheng", "password": "pw-test-123"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/"
    inbox = client.get("/")
    assert inbox.status_code == 200
    assert "我的待办" in inbox.content.decode()


def test_logout_is_a_post(officer_client):
    assert officer_client.get("/accounts/logout/").status_code == 405
    response = officer_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert officer_client.get("/").status_code == 302


def test_header_names_the_user_units_roles_and_nav(officer_client, supervisor_client):
    html = officer_client.get("/").content.decode()
    assert "hrss.officer.xuecheng" in html
    assert "薛城区人社局·承办人" in html
    assert "本单位待受理" in html and "案件查询" in html
    assert "待我审批" not in html  # an officer approves nothing
    assert 'action="/i18n/setlang/"' in html
    sup = supervisor_client.get("/").content.decode()
    assert "待我审批" in sup and "薛城区人社局·审批人" in sup


def test_language_switch_sets_english(officer_client):
    response = officer_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = officer_client.get("/").content.decode()
    assert '<html lang="en">' in html


def test_queue_lists_unassigned_case_and_claim_moves_it_to_the_inbox(
    officer_client, wage_case, hrss_officer
):
    queue = officer_client.get("/queue/").content.decode()
    assert wage_case.number in queue
    assert "认领" in queue
    assert "欠薪投诉" in queue and "待受理" in queue
    assert "剩余5个工作日" in queue or "剩余" in queue
    assert wage_case.number not in officer_client.get("/").content.decode()

    response = officer_client.post(
        f"/cases/{wage_case.pk}/claim/", {"version": wage_case.version}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/cases/{wage_case.pk}/"
    assert f"已认领案件 {wage_case.number}" in response.content.decode()
    wage_case.refresh_from_db()
    assert wage_case.assignee == hrss_officer
    assert wage_case.number in officer_client.get("/").content.decode()
    assert wage_case.number not in officer_client.get("/queue/").content.decode()


def test_claiming_a_claimed_case_is_a_conflict(client_for, wage_case, hrss_officer, hrss_officer2):
    client_for(hrss_officer).post(f"/cases/{wage_case.pk}/claim/")
    response = client_for(hrss_officer2).post(f"/cases/{wage_case.pk}/claim/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "案件已有承办人" in html
    assert f'href="/cases/{wage_case.pk}/"' in html


def test_clerk_sees_the_queue_without_claim_buttons(client_for, wage_case, hrss_clerk):
    html = client_for(hrss_clerk).get("/queue/").content.decode()
    assert wage_case.number in html
    assert f"/cases/{wage_case.pk}/claim/" not in html


def test_approvals_list_closure_pending_cases(supervisor_client, accepted_case, hrss_officer):
    assert accepted_case.number not in supervisor_client.get("/approvals/").content.decode()
    case_transition(
        actor=hrss_officer,
        case_id=accepted_case.pk,
        name="propose_closure",
        data={"summary": "已足额支付", "amount_recovered": "5000"},
    )
    html = supervisor_client.get("/approvals/").content.decode()
    assert accepted_case.number in html
    assert "结案待审批" in html
    # The row names the decisions it waits for; the case list, which is no task list, not.
    awaits = re.search(r'<span class="awaits muted">待办理：([^<]*)</span>', html).group(1)
    assert awaits.split(" / ") == ["批准结案", "退回补充调查"]
    assert 'class="awaits' not in supervisor_client.get("/cases/").content.decode()


def _numbers(html: str) -> set[str]:
    return set(re.findall(r'class="case-number"[^>]*>([^<]+)<', html))


def test_case_list_filters(officer_client, hrss_officer, org):
    a = open_wage_case(employer="枣庄甲建筑公司", credit_code="")
    b = open_wage_case(employer="枣庄乙劳务公司", credit_code="", workers=12)
    c = open_wage_case(employer="滕州丙公司", credit_code="", jurisdiction="shizhong")
    case_transition(actor=hrss_officer, case_id=b.pk, name="accept", data={})

    everything = _numbers(officer_client.get("/cases/").content.decode())
    assert {a.number, b.number} <= everything
    assert c.number not in everything  # another district's case is not visible

    by_status = _numbers(officer_client.get("/cases/?status=investigating").content.decode())
    assert by_status == {b.number}
    by_q = _numbers(officer_client.get("/cases/?q=甲建筑").content.decode())
    assert by_q == {a.number}
    by_kind = _numbers(officer_client.get("/cases/?kind=wage_arrears").content.decode())
    assert by_kind == {a.number, b.number}
    by_jur = _numbers(officer_client.get("/cases/?jurisdiction=xuecheng").content.decode())
    assert by_jur == {a.number, b.number}
    assert _numbers(officer_client.get("/cases/?overdue=on").content.decode()) == set()

    Case.objects.filter(pk=a.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    overdue = officer_client.get("/cases/?overdue=on").content.decode()
    assert _numbers(overdue) == {a.number}
    assert "超期" in overdue

    high = officer_client.get("/cases/?q=乙劳务").content.decode()
    assert "紧急" in high  # 12 workers: a collective case


def test_case_list_shows_my_cases_and_sorts_by_deadline(officer_client, hrss_officer, org):
    today = timezone.localdate()
    later, sooner, none = (open_wage_case(credit_code="") for _ in range(3))
    for case in (later, sooner):
        case_transition(actor=hrss_officer, case_id=case.pk, name="accept", data={})
    Case.objects.filter(pk=later.pk).update(deadline=today + timedelta(days=20))
    Case.objects.filter(pk=sooner.pk).update(deadline=today + timedelta(days=2))
    Case.objects.filter(pk=none.pk).update(deadline=None)

    def numbers(query: str) -> list[str]:
        html = officer_client.get(f"/cases/{query}").content.decode()
        return re.findall(r'class="case-number"[^>]*>([^<]+)<', html)

    # Newest first by default; the binding deadline first on request, none last.
    assert numbers("") == [none.number, sooner.number, later.number]
    assert numbers("?sort=deadline") == [sooner.number, later.number, none.number]
    # Only the cases the officer handles, with the API's own parameter.
    assert numbers("?assignee=me&sort=deadline") == [sooner.number, later.number]
    form = officer_client.get("/cases/?assignee=me&sort=deadline").content.decode()
    assert re.search(r'<input type="checkbox" name="assignee" value="me"[^>]* checked', form)
    assert re.search(r'<option value="deadline" selected>办理期限最近在前</option>', form)
    refused = officer_client.get("/cases/?sort=nearest")
    assert refused.status_code == 400 and "排序" in refused.content.decode()


def test_case_list_paginates_and_keeps_filters(officer_client, org):
    for _ in range(27):
        open_wage_case(credit_code="")
    first = officer_client.get("/cases/?kind=wage_arrears").content.decode()
    assert len(_numbers(first)) == 25
    assert "第 1 / 2 页，共 27 件" in first
    assert "?kind=wage_arrears&amp;page=2" in first
    second = officer_client.get("/cases/?kind=wage_arrears&page=2").content.decode()
    assert len(_numbers(second)) == 2
    assert _numbers(first).isdisjoint(_numbers(second))


def test_list_rows_show_assignee_unit_deadline_priority(officer_client, accepted_case):
    html = officer_client.get("/").content.decode()
    assert accepted_case.number in html
    assert "薛城区" in html
    assert "hrss.officer.xuecheng" in html
    assert accepted_case.deadline.strftime("%Y-%m-%d") in html
    assert "调查处理中" in html
    assert "一般" in html


def _open_labour_dispute(jurisdiction: str = "xuecheng") -> Case:
    case, _code = case_open(
        actor=None,
        kind="labour_dispute",
        jurisdiction=Jurisdiction.objects.get(code=jurisdiction),
        description="用人单位拖欠经济补偿，申请调解。",
        employer=EmployerInput(name="枣庄丁物流公司", credit_code=""),
        parties=[PartyInput(name="李四", id_number=VALID_ID, phone=VALID_PHONE)],
    )
    return case


def test_statuses_that_read_the_same_are_one_choice(officer_client, org, hrss_officer):
    wage = open_wage_case(credit_code="")  # 待受理: `submitted`
    mediation = _open_labour_dispute()  # 待受理: `applied`
    accepted = open_wage_case(credit_code="")
    case_transition(actor=hrss_officer, case_id=accepted.pk, name="accept", data={})
    assert (wage.status, mediation.status) == ("submitted", "applied")

    html = officer_client.get("/cases/").content.decode()
    select = re.search(r'<select name="status"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r">待受理<", select) == [">待受理<"]
    value = re.search(r'<option value="([^"]+)">待受理</option>', select).group(1)
    assert set(value.split(",")) == {"submitted", "applied"}

    chosen = officer_client.get("/cases/", {"status": value}).content.decode()
    assert _numbers(chosen) == {wage.number, mediation.number}
    assert re.search(rf'<option value="{value}" selected>待受理</option>', chosen)
    # A link naming one code still filters by it; an unknown one is refused, named.
    assert _numbers(officer_client.get("/cases/?status=applied").content.decode()) == {
        mediation.number
    }
    refused = officer_client.get("/cases/?status=applied,nonsense")
    assert refused.status_code == 400 and "未知的案件状态" in refused.content.decode()
