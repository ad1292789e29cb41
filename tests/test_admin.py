"""The admin: reference data is editable, cases and the audit trail are not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework import workdays
from casework.actions import case_attach
from casework.audit import verify_chain
from casework.models import (
    Attachment,
    AuditEvent,
    CalendarDay,
    Case,
    Employer,
    LegalClock,
    Market,
    Person,
)
from permissions.models import Jurisdiction, Membership
from permissions.selectors import unit_for
from tests.factories import VALID_ID, VALID_PHONE

ADMIN_PASSWORD = "pw-admin-123"
MODELS = [CalendarDay, Employer, Market, Person, AuditEvent, Case, Attachment]


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", password=ADMIN_PASSWORD)


@pytest.fixture
def admin_client(client, admin_user):
    response = client.post(
        reverse("admin:login"),
        {"username": "admin", "password": ADMIN_PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def populated(wage_case, hrss_officer):
    """One of everything: a case with its party, employer, clocks, audit trail and evidence."""
    Market.objects.create(
        name="薛城区临山路零工市场",
        kind="public_welfare",
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        lon="117.263100",
        lat="34.795100",
        facilities=["negotiation"],
    )
    case_attach(
        actor=hrss_officer,
        case_id=wage_case.pk,
        upload=SimpleUploadedFile(
            "欠条.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
        ),
        description="欠条",
    )
    return wage_case


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_admin_opens_every_changelist_and_change_page(admin_client, populated, admin_user):
    # The admin sees the case through a seat, like anyone else (see the scoping test below).
    Membership.objects.create(user=admin_user, unit=unit_for("hrss", "city"), role="viewer")
    for model in MODELS:
        response = admin_client.get(_url(model, "changelist"))
        assert response.status_code == 200, model
        obj = model.objects.order_by("pk").first()
        assert obj is not None, model
        response = admin_client.get(_url(model, "change", obj.pk))
        assert response.status_code == 200, model


def test_person_admin_shows_only_masked_personal_information(admin_client, populated):
    person = Person.objects.get()
    for url in (_url(Person, "changelist"), _url(Person, "change", person.pk)):
        body = admin_client.get(url).content.decode()
        assert "1101**********002X" in body
        assert "138****5678" in body
        assert VALID_ID not in body
        assert VALID_PHONE not in body
    assert admin_client.get(_url(Person, "add")).status_code == 403


def test_audit_events_cannot_be_added_changed_or_deleted(admin_client, populated):
    event = AuditEvent.objects.order_by("id").first()
    before = (event.verb, event.hash, AuditEvent.objects.count())

    change = admin_client.get(_url(AuditEvent, "change", event.pk))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert admin_client.post(_url(AuditEvent, "change", event.pk), {"verb": "x"}).status_code == 403
    assert admin_client.get(_url(AuditEvent, "delete", event.pk)).status_code == 403
    assert (
        admin_client.post(_url(AuditEvent, "delete", event.pk), {"post": "yes"}).status_code == 403
    )
    assert admin_client.get(_url(AuditEvent, "add")).status_code == 403
    response = admin_client.post(
        _url(AuditEvent, "changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)

    event.refresh_from_db()
    assert (event.verb, event.hash, AuditEvent.objects.count()) == before
    assert verify_chain().ok


def test_case_admin_is_read_only_and_follows_the_case_policy(admin_client, populated, admin_user):
    # A superuser without a seat sees no case: the admin is not a way round the policy.
    listing = admin_client.get(_url(Case, "changelist")).content.decode()
    assert populated.number not in listing
    assert admin_client.get(_url(Case, "change", populated.pk)).status_code == 302
    assert (
        populated.attachments.get().original_name
        not in admin_client.get(_url(Attachment, "changelist")).content.decode()
    )

    Membership.objects.create(user=admin_user, unit=unit_for("hrss", "city"), role="viewer")
    listing = admin_client.get(_url(Case, "changelist")).content.decode()
    assert populated.number in listing
    page = admin_client.get(_url(Case, "change", populated.pk)).content.decode()
    assert 'name="_save"' not in page
    response = admin_client.post(
        _url(Case, "change", populated.pk), {"status": "closed", "priority": "high"}
    )
    assert response.status_code == 403
    assert admin_client.get(_url(Case, "delete", populated.pk)).status_code == 403
    populated.refresh_from_db()
    assert (populated.status, populated.priority) == ("submitted", "normal")


def test_editing_the_calendar_moves_open_clock_due_dates(
    admin_client, wage_case, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    clock = LegalClock.objects.get(case=wage_case, code="acceptance")
    assert clock.due_date == workdays.add_working_days(today, 5)
    first_working_day = workdays.add_working_days(today, 1)
    later_working_day = workdays.add_working_days(clock.due_date, 1)

    # A new public holiday inside the acceptance period pushes the due date one working day.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            _url(CalendarDay, "add"),
            {"date": first_working_day.isoformat(), "kind": "holiday", "name": "临时调整"},
        )
    assert response.status_code == 302
    clock.refresh_from_db()
    wage_case.refresh_from_db()
    assert clock.due_date == later_working_day
    assert wage_case.deadline == later_working_day

    # Moving that holiday out of the period gives the day back.
    day = CalendarDay.objects.get(date=first_working_day)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            _url(CalendarDay, "change", day.pk),
            {
                "date": (later_working_day + timedelta(days=60)).isoformat(),
                "kind": "holiday",
                "name": "临时调整",
            },
        )
    assert response.status_code == 302
    clock.refresh_from_db()
    wage_case.refresh_from_db()
    assert clock.due_date == workdays.add_working_days(today, 5)
    assert wage_case.deadline == clock.due_date


def test_calendar_changelist_filters_by_year(admin_client):
    response = admin_client.get(_url(CalendarDay, "changelist"), {"year": "2026"})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert {d.date.year for d in shown} == {2026}
    assert len(shown) == CalendarDay.objects.filter(date__year=2026).count() > 0


def test_market_facilities_are_edited_as_checkboxes(admin_client, org):
    xuecheng = Jurisdiction.objects.get(code="xuecheng")
    response = admin_client.post(
        _url(Market, "add"),
        {
            "name": "薛城区新城街道零工驿站",
            "kind": "public_welfare",
            "status": "registered",
            "jurisdiction": xuecheng.pk,
            "address": "新城街道黄河路369号",
            "lon": "117.270000",
            "lat": "34.800000",
            "operator": "",
            "facilities": ["shelter", "hrss_station"],
            "opening_hours": "05:00-11:00",
        },
    )
    assert response.status_code == 302
    assert Market.objects.get(name="薛城区新城街道零工驿站").facilities == [
        "shelter",
        "hrss_station",
    ]
    assert (
        'type="checkbox" name="facilities"'
        in admin_client.get(_url(Market, "add")).content.decode()
    )


@pytest.mark.django_db
def test_the_case_list_titles_its_filters_in_chinese(admin_client, populated):
    html = admin_client.get(reverse("admin:casework_case_changelist")).content.decode()
    assert "主办部门" in html
    assert "lead department" not in html
