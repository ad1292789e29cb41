"""The case page: header, parties, clocks, timeline, attachments and the transition forms."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.actions import case_transition
from casework.models import AuditEvent, Case, Payment, TimelineEntry
from tests.factories import VALID_ID, VALID_PHONE

pytestmark = pytest.mark.django_db

# The smallest valid PNG: recognised as an image by its magic bytes.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _form(html: str, name: str) -> str:
    """The HTML of one transition's <details> block."""
    match = re.search(rf'<details class="action" id="action-{name}"(.*?)</details>', html, re.S)
    assert match, f"no form for {name}"
    return match.group(0)


def test_case_page_header_and_sections(officer_client, accepted_case):
    response = officer_client.get(f"/cases/{accepted_case.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        accepted_case.number,
        "欠薪投诉",
        "调查处理中",
        "薛城区",
        "hrss.officer.xuecheng",
        "枣庄某建筑劳务有限公司",
        "91350100M000100Y43",
        "5,000.00",
        "案情",
        "法定时限",
        "办理记录",
        "证据附件",
    ]:
        assert text in html, text
    assert f"<dd>{accepted_case.version}</dd>" in html


def test_parties_are_unmasked_for_the_handler_and_audited(officer_client, accepted_case):
    before = AuditEvent.objects.filter(verb="casework.pii.viewed").count()
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    assert VALID_ID in html and VALID_PHONE in html
    assert "本次查看已记入审计日志" in html
    assert AuditEvent.objects.filter(verb="casework.pii.viewed").count() == before + 1


def test_parties_are_masked_for_others(supervisor_client, accepted_case):
    before = AuditEvent.objects.filter(verb="casework.pii.viewed").count()
    html = supervisor_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    assert VALID_ID not in html and VALID_PHONE not in html
    assert "1101**********002X" in html
    assert "138****5678" in html
    assert "已脱敏" in html
    assert AuditEvent.objects.filter(verb="casework.pii.viewed").count() == before


def test_clocks_show_basis_unit_due_and_days_left(officer_client, accepted_case):
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    clocks = html.split('id="clocks"')[1].split("</section>")[0]
    assert "调查处理期限" in clocks
    assert "劳动保障监察条例》第十七条" in clocks
    assert "工作日" in clocks
    assert "当前约束期限" in clocks
    assert re.search(r"剩余\d+个工作日", clocks)
    # The stopped acceptance clock is listed after the binding one.
    assert clocks.index("调查处理期限") < clocks.index("受理期限")
    assert "已结束" in clocks
    due = accepted_case.clocks.get(code="investigation").due_date
    assert f"{due.year}年{due.month}月{due.day}日" in clocks


def test_invisible_case_and_unknown_ids_are_404(client_for, other_district_officer, wage_case):
    other = client_for(other_district_officer)
    assert other.get(f"/cases/{wage_case.pk}/").status_code == 404
    response = other.post(f"/cases/{wage_case.pk}/transitions/accept/", {"comment": "x"})
    assert response.status_code == 404
    assert other.post(f"/cases/{wage_case.pk}/claim/").status_code == 404
    assert other.get("/cases/999999/").status_code == 404
    assert "未找到" in other.get("/cases/999999/").content.decode()


def test_only_available_transitions_have_forms(officer_client, supervisor_client, wage_case):
    html = officer_client.get(f"/cases/{wage_case.pk}/").content.decode()
    assert 'id="action-accept"' in html
    assert 'id="action-reject"' not in html  # the supervisor's decision
    assert "认领本案" in html
    sup = supervisor_client.get(f"/cases/{wage_case.pk}/").content.decode()
    assert 'id="action-reject"' in sup and 'id="action-accept"' not in sup
    assert 'id="action-assign"' in sup


def test_transition_form_fields_come_from_the_payload_serializer(officer_client, accepted_case):
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    order = _form(html, "order_payment")
    assert "下达限期支付指令" in order
    assert 'type="date"' in order and 'name="due_date"' in order and "支付期限" in order
    assert 'name="amount"' in order and 'inputmode="decimal"' in order
    assert "<textarea" in order and 'name="comment"' in order and "意见" in order
    assert f'name="version" value="{accepted_case.version}"' in order
    assert f'action="/cases/{accepted_case.pk}/transitions/order_payment/"' in order
    closure = _form(html, "propose_closure")
    assert "结案摘要" in closure and "追回金额（元）" in closure


def test_worker_field_is_a_select_of_the_case_workers(officer_client, accepted_case, hrss_officer):
    case_transition(
        actor=hrss_officer,
        case_id=accepted_case.pk,
        name="order_payment",
        data={"due_date": timezone.localdate() + timedelta(days=10), "amount": "5000"},
    )
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    record = _form(html, "record_payment")
    party = accepted_case.parties.get()
    assert '<select id="record_payment-worker" name="worker"' in record
    assert f'<option value="{party.pk}">张三（投诉人）</option>' in record


def test_boolean_payload_renders_as_yes_no(
    officer_client, accepted_case, hrss_officer, hrss_supervisor
):
    case_transition(
        actor=hrss_officer,
        case_id=accepted_case.pk,
        name="propose_closure",
        data={"summary": "已支付", "amount_recovered": "5000"},
    )
    case_transition(actor=hrss_supervisor, case_id=accepted_case.pk, name="approve_closure")
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    feedback = _form(html, "record_feedback")
    assert 'type="radio" name="satisfied" value="true"' in feedback
    assert 'type="radio" name="satisfied" value="false"' in feedback
    assert "是" in feedback and "否" in feedback
    response = officer_client.post(
        f"/cases/{accepted_case.pk}/transitions/record_feedback/",
        {"satisfied": "false", "comment": "只拿到一半", "version": Case.objects.get().version},
    )
    assert response.status_code == 302
    assert Case.objects.get().details["feedback"]["satisfied"] is False


def test_transition_success_redirects_with_message(officer_client, wage_case, hrss_officer):
    response = officer_client.post(
        f"/cases/{wage_case.pk}/transitions/accept/",
        {"comment": "证据充分，予以立案", "version": wage_case.version},
        follow=True,
    )
    assert response.redirect_chain == [(f"/cases/{wage_case.pk}/", 302)]
    html = response.content.decode()
    assert "已完成：受理立案" in html
    assert "调查处理中" in html
    assert "证据充分，予以立案" in html  # the comment is on the timeline
    case = Case.objects.get(pk=wage_case.pk)
    assert case.status == "investigating" and case.assignee == hrss_officer


def test_invalid_payload_rerenders_with_errors_and_values(officer_client, accepted_case):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = officer_client.post(
        f"/cases/{accepted_case.pk}/transitions/order_payment/",
        {
            "due_date": yesterday,
            "amount": "",
            "comment": "请限期支付",
            "version": accepted_case.version,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    order = _form(html, "order_payment")
    assert order.startswith('<details class="action" id="action-order_payment" open')
    assert "支付期限不能早于今天。" in order
    assert "该字段是必填项。" in order or "该字段不能为空。" in order
    assert f'value="{yesterday}"' in order
    assert "请限期支付</textarea>" in order
    assert 'aria-invalid="true"' in order
    assert Case.objects.get(pk=accepted_case.pk).status == "investigating"


def test_stale_version_is_a_409_with_a_reload_link(officer_client, accepted_case):
    response = officer_client.post(
        f"/cases/{accepted_case.pk}/transitions/propose_closure/",
        {"summary": "已支付", "amount_recovered": "1", "version": accepted_case.version - 1},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "请刷新后重试" in html
    assert f'href="/cases/{accepted_case.pk}/"' in html
    assert Case.objects.get(pk=accepted_case.pk).status == "investigating"
    # What changed the case meanwhile (here the same officer's acceptance, as from another
    # tab), and what was typed, to copy into the form again.
    latest = re.search(r'<p id="latest-change">(.*?)</p>', html, re.S).group(1)
    officer = accepted_case.assignee
    assert "受理" in latest and (officer.get_full_name() or officer.username) in latest
    typed = re.search(r'<textarea id="typed-text" readonly rows="4">(.*?)</textarea>', html, re.S)
    assert typed.group(1) == "已支付"


def test_wrong_state_is_a_409(officer_client, wage_case):
    response = officer_client.post(
        f"/cases/{wage_case.pk}/transitions/order_payment/",
        {"due_date": timezone.localdate().isoformat(), "amount": "100"},
    )
    assert response.status_code == 409
    assert "不能执行此操作" in response.content.decode()


def test_not_permitted_is_a_403_page(officer_client, wage_case):
    response = officer_client.post(
        f"/cases/{wage_case.pk}/transitions/reject/", {"reason": "不属于受理范围"}
    )
    assert response.status_code == 403
    assert "您无权" in response.content.decode()
    assert Case.objects.get(pk=wage_case.pk).status == "submitted"


def test_unknown_transition_is_a_404(officer_client, wage_case):
    assert officer_client.post(f"/cases/{wage_case.pk}/transitions/explode/").status_code == 404


def test_transition_pages_are_post_only(officer_client, wage_case):
    assert officer_client.get(f"/cases/{wage_case.pk}/transitions/accept/").status_code == 405


def test_record_payment_through_the_page(officer_client, accepted_case, hrss_officer):
    case_transition(
        actor=hrss_officer,
        case_id=accepted_case.pk,
        name="order_payment",
        data={"due_date": timezone.localdate() + timedelta(days=10), "amount": "5000"},
    )
    case = Case.objects.get(pk=accepted_case.pk)
    party = case.parties.get()
    response = officer_client.post(
        f"/cases/{case.pk}/transitions/record_payment/",
        {
            "amount": "3000",
            "paid_on": timezone.localdate().isoformat(),
            "worker": str(party.pk),
            "version": case.version,
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    payment = Payment.objects.get()
    assert payment.party == party and str(payment.amount) == "3000.00"
    assert "张三 的支付记录" in html
    assert "3,000.00" in html


def test_assign_by_supervisor(supervisor_client, wage_case, hrss_officer, hrss_officer2):
    page = supervisor_client.get(f"/cases/{wage_case.pk}/").content.decode()
    assign = _form(page, "assign")
    assert f'<option value="{hrss_officer2.pk}">hrss.officer2.xuecheng</option>' in assign
    response = supervisor_client.post(
        f"/cases/{wage_case.pk}/assign/", {"assignee": hrss_officer2.pk}, follow=True
    )
    assert "已将案件分派给 hrss.officer2.xuecheng" in response.content.decode()
    assert Case.objects.get(pk=wage_case.pk).assignee == hrss_officer2


def test_assign_to_a_non_officer_shows_the_error(supervisor_client, wage_case, police_officer):
    response = supervisor_client.post(
        f"/cases/{wage_case.pk}/assign/", {"assignee": police_officer.pk}
    )
    assert response.status_code == 400
    assign = _form(response.content.decode(), "assign")
    assert "open" in assign.split(">")[0]
    assert "承办人必须是主办单位的承办人员" in assign
    assert Case.objects.get(pk=wage_case.pk).assignee is None


def test_officer_cannot_assign(officer_client, wage_case, hrss_officer2):
    response = officer_client.post(f"/cases/{wage_case.pk}/assign/", {"assignee": hrss_officer2.pk})
    assert response.status_code == 403


def test_upload_list_and_download_evidence(officer_client, accepted_case, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = officer_client.post(
        f"/cases/{accepted_case.pk}/attachments/",
        {"file": _upload("工资条.png", PNG), "description": "工资条照片"},
        follow=True,
    )
    html = response.content.decode()
    digest = hashlib.sha256(PNG).hexdigest()
    assert "已上传证据：工资条.png" in html
    assert digest in html and "工资条照片" in html
    attachment = accepted_case.attachments.get()
    link = f"/cases/{accepted_case.pk}/attachments/{attachment.pk}/"
    assert link in html

    download = officer_client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG
    assert AuditEvent.objects.filter(verb="casework.attachment.downloaded").count() == 1


def test_upload_of_a_wrong_type_shows_the_error(officer_client, accepted_case, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    response = officer_client.post(
        f"/cases/{accepted_case.pk}/attachments/",
        {"file": _upload("note.txt", b"just text"), "description": "说明文字"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "不支持的文件类型" in html
    assert 'value="说明文字"' in html
    assert not accepted_case.attachments.exists()


def test_attachment_of_another_case_or_invisible_case_is_404(
    client_for, officer_client, accepted_case, other_district_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    officer_client.post(f"/cases/{accepted_case.pk}/attachments/", {"file": _upload("a.png", PNG)})
    attachment = accepted_case.attachments.get()
    other = client_for(other_district_officer)
    assert other.get(f"/cases/{accepted_case.pk}/attachments/{attachment.pk}/").status_code == 404
    upload = other.post(f"/cases/{accepted_case.pk}/attachments/", {"file": _upload("b.txt", b"x")})
    assert upload.status_code == 404
    assert officer_client.get(f"/cases/{accepted_case.pk}/attachments/999/").status_code == 404


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _page_queries(client, case_id: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/cases/{case_id}/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_timeline(case, actor, n: int) -> None:
    now = timezone.now()
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            case=case, at=now + timedelta(seconds=i), actor=actor, verb="note", text=f"记录{i}"
        )
        for i in range(n)
    )


def test_case_page_queries_do_not_grow_with_the_timeline(officer_client, hrss_officer, org):
    from tests.factories import open_wage_case

    short, long = open_wage_case(credit_code=""), open_wage_case(credit_code="")
    for case in (short, long):
        case_transition(actor=hrss_officer, case_id=case.pk, name="accept", data={})
    _add_timeline(short, hrss_officer, 1)  # opened + accepted + 1 = 3 entries
    _add_timeline(long, hrss_officer, 28)  # opened + accepted + 28 = 30 entries
    assert short.timeline.count() == 3 and long.timeline.count() == 30
    _page_queries(officer_client, short.pk)  # warm the per-process caches (holiday calendar)
    assert _page_queries(officer_client, short.pk) == _page_queries(officer_client, long.pk)


def test_list_payload_is_one_item_per_line(supervisor_client, accepted_case):
    html = supervisor_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    transfer = _form(html, "transfer_to_police")
    assert '<textarea id="transfer_to_police-evidence" name="evidence"' in transfer
    assert "每行一项" in transfer
    response = supervisor_client.post(
        f"/cases/{accepted_case.pk}/transitions/transfer_to_police/",
        {
            "reason": "经责令仍拒不支付，涉嫌拒不支付劳动报酬罪",
            "evidence": "询问笔录\r\n\r\n限期支付指令书送达回证\n",
            "version": accepted_case.version,
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=accepted_case.pk)
    assert case.status == "transferred"
    assert case.details["transfer"]["evidence"] == ["询问笔录", "限期支付指令书送达回证"]


def test_wage_figures_only_on_cases_about_wages(officer_client, accepted_case, police_officer):
    """The money panel and the per-worker wage columns belong to wage claims; an incident's
    page shows its parties without them."""
    from tests.enforcement.security_incident.walk import open_incident

    wage_html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    assert "当事人与工资支付" in wage_html
    assert "拖欠金额" in wage_html and "被拖欠金额" in wage_html

    incident = open_incident(police_officer)
    client = Client()
    client.force_login(police_officer)
    response = client.get(f"/cases/{incident.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="parties-title">当事人</h2>' in html
    for wage_word in ("当事人与工资支付", "拖欠金额", "已追回", "被拖欠金额", "涉及人数"):
        assert wage_word not in html, wage_word


def test_a_mediation_shows_the_sum_claimed_not_wages_owed_and_paid(officer_client, org):
    """A mediation's amount is what the applicant asks for (请求金额): no payment is ever
    recorded on it, so the wages section (拖欠金额, 已追回, 已支付) would only mislead."""
    from rest_framework.test import APIClient

    from tests.api.conftest import complaint_payload

    body = complaint_payload(kind="labour_dispute", amount_owed="6000")
    r = APIClient().post("/api/v1/public/complaints/", body, format="json")
    assert r.status_code == 201, r.content
    case = Case.objects.get(tracking_number=r.json()["tracking_number"])
    html = officer_client.get(f"/cases/{case.pk}/").content.decode()
    facts = re.search(r'<section class="card" id="facts".*?</section>', html, re.S).group(0)
    assert "请求金额（元）" in facts and "6,000.00" in facts
    # The page does not ask a mediation for a number of workers either.
    assert "涉及人数" not in facts
    parties = re.search(r'<section class="card" id="parties".*?</section>', html, re.S).group(0)
    for wage_word in ("拖欠金额", "已追回", "已支付", 'id="money"'):
        assert wage_word not in parties, wage_word
    assert "李四" in parties


def test_a_mediation_calls_the_worker_who_applied_its_applicant(officer_client, org):
    """劳动争议调解仲裁法 第十二条: the worker applies for mediation (申请人); the page and the
    API do not call them a complainant (投诉人)."""
    from rest_framework.test import APIClient

    from tests.api.conftest import complaint_payload

    body = complaint_payload(kind="labour_dispute", amount_owed="6000")
    r = APIClient().post("/api/v1/public/complaints/", body, format="json")
    assert r.status_code == 201, r.content
    case = Case.objects.get(tracking_number=r.json()["tracking_number"])
    html = officer_client.get(f"/cases/{case.pk}/").content.decode()
    assert "申请人（网上申请）" in html and "申请人可见：调解申请已提交" in html
    parties = re.search(r'<section class="card" id="parties".*?</section>', html, re.S).group(0)
    assert "申请人" in parties
    assert "投诉人" not in html
    detail = officer_client.get(f"/api/v1/cases/{case.pk}/").json()
    assert [p["role_display"] for p in detail["parties"]] == ["申请人"]
    assert detail["parties"][0]["role"] == "complainant"


def test_the_public_line_of_the_timeline_reads_in_english(officer_client, accepted_case):
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    assert "投诉人可见：" in html
    officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    assert "Visible to the complainant: " in html
    assert "Visible to the complainant：" not in html


def _last_step(html: str) -> str:
    """The 办理 panel's "上一步" block, "" when it has none."""
    panel = re.search(r'<section class="card" id="actions".*?</section>', html, re.S).group(0)
    block = re.search(r"<div class=\"last-step\" data-last-step>(.*?)</div>", panel, re.S)
    return block.group(1) if block else ""


def test_the_decision_shows_the_step_it_answers(
    officer_client, supervisor_client, accepted_case, hrss_officer, hrss_supervisor
):
    case_transition(
        actor=hrss_officer,
        case_id=accepted_case.pk,
        name="request_extension",
        data={"reason": "涉及人数多，\n需调取银行流水"},
    )
    # The supervisor reads the request beside the approval, without scrolling to the record.
    html = supervisor_client.get(f"/cases/{accepted_case.pk}/").content.decode()
    step = _last_step(html)
    assert "申请延期" in step and hrss_officer.username in step
    assert "涉及人数多，<br>需调取银行流水" in step
    assert html.index("data-last-step") < html.index('id="action-approve_extension"')
    # Whoever took the step is not shown their own; nor is anyone with nothing to decide.
    assert _last_step(officer_client.get(f"/cases/{accepted_case.pk}/").content.decode()) == ""
    case_transition(
        actor=hrss_supervisor,
        case_id=accepted_case.pk,
        name="deny_extension",
        data={"comment": "证据已足，不予延期"},
    )
    back = _last_step(officer_client.get(f"/cases/{accepted_case.pk}/").content.decode())
    assert "不批准延期" in back
    assert "证据已足，不予延期" in back
