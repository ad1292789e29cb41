"""What an action writes is kept in the site's language (Chinese) whoever reads the pages in
English; what it answers that person stays in their language (`casework.language`)."""

from __future__ import annotations

import io
import json
import re

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from casework.actions import case_transition
from casework.models import (
    Attachment,
    AuditEvent,
    Case,
    LegalClock,
    MarketStatusChange,
    Notification,
    TimelineEntry,
)
from disputes.wage_arrears import demo as wage_demo
from tests.api.conftest import login
from tests.factories import open_wage_case

HAN = re.compile(r"[\u4e00-\u9fff]")
# Two English words in a row: a sentence of the English catalogue, not a code or a number.
ENGLISH = re.compile(r"[A-Za-z]{3,} [A-Za-z]{3,}")


def english_strings(value) -> list[str]:
    text = json.dumps(value, ensure_ascii=False)
    return [s for s in re.findall(r'"([^"]*)"', text) if ENGLISH.search(s)]


def test_every_record_the_actions_write_under_english_is_chinese(db):
    # The demo seed walks every kind through every state, transfers, links, merges, task
    # forces, rooms, patrols and listings through the real actions: here with English
    # active, as for an officer who switched the pages to English.
    with translation.override("en"):
        call_command(
            "seed_demo", "--force", "--cases", str(len(wage_demo.CYCLE)), stdout=io.StringIO()
        )
    texts = {
        "timeline": list(TimelineEntry.objects.values_list("text", flat=True)),
        "public timeline": [
            t for t in TimelineEntry.objects.values_list("public_text", flat=True) if t
        ],
        "clock titles": list(LegalClock.objects.values_list("title", flat=True)),
        "legal bases": list(LegalClock.objects.values_list("legal_basis", flat=True)),
        "notifications": list(Notification.objects.values_list("text", flat=True)),
        "evidence": [d for d in Attachment.objects.values_list("description", flat=True) if d],
        "market history": list(MarketStatusChange.objects.values_list("reason", flat=True)),
    }
    for what, values in texts.items():
        assert values, what
        assert [t for t in values if not HAN.search(t)] == [], what
    payloads = [
        s for p in AuditEvent.objects.values_list("payload", flat=True) for s in english_strings(p)
    ]
    details = [
        s for d in Case.objects.values_list("details", flat=True) for s in english_strings(d)
    ]
    assert payloads == [] and details == []


def test_an_english_officer_is_answered_in_english_and_writes_chinese(org, hrss_officer):
    case = open_wage_case()
    client = login(hrss_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/api/v1/cases/{case.pk}/transitions/accept/"
    try:
        stale = client.post(url, {"version": case.version + 5}, format="json")
        accepted = client.post(url, {"comment": "ok"}, format="json")
        bad = client.post(f"/api/v1/cases/{case.pk}/transitions/order_payment/", {}, format="json")
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert stale.status_code == 409
    assert not HAN.search(stale.json()["detail"]), stale.json()
    assert bad.status_code == 400
    assert bad.json()["amount"] == ["This field is required."], bad.json()
    assert accepted.status_code == 200
    # The answer speaks English; the case's records stay Chinese.
    assert accepted.json()["status_display"] == "Investigating", accepted.json()
    entry = TimelineEntry.objects.get(case=case, verb="accept")
    assert entry.text == "受理立案"
    assert entry.public_text == "已受理，正在调查处理"
    titles = set(LegalClock.objects.filter(case=case).values_list("title", flat=True))
    assert titles == {"受理期限", "调查处理期限"}


def test_the_english_pages_translate_what_the_records_say_in_chinese(org, hrss_officer):
    # The records stay Chinese; a page shows the English of a record that is exactly one of
    # the catalogue's messages (a transition's name, a clock's title and article, the text
    # the complainant sees, a document's title), and any other record as it was written.
    from django.test import Client

    case = open_wage_case()
    code = case.access_code
    case_transition(actor=hrss_officer, case_id=case.pk, name="accept", data={})
    officer = Client()
    officer.force_login(hrss_officer)
    public = Client()
    for client in (officer, public):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = officer.get(f"/cases/{case.pk}/").content.decode()
        status = public.post(
            "/track/", {"tracking_number": case.tracking_number, "access_code": code}
        ).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    clocks = page.split('id="clocks"')[1].split("</section>")[0]
    assert "Investigation deadline" in clocks and "调查处理期限" not in clocks
    assert "Labour Security Supervision Regulations" in clocks
    timeline = page.split('id="timeline"')[1].split("</section>")[0]
    assert "<strong>Accept</strong>" in timeline
    assert "Accepted, under investigation" in timeline
    # A record with the case's own facts in it is shown as written.
    assert "案件登记（薛城区人力资源和社会保障局）" in timeline
    assert "Notice of acceptance" in page
    assert "Accepted, under investigation" in status and "已受理" not in status
