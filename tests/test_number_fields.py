"""Numbers typed into forms, query strings and bodies: a value that only looks like one is
answered as a bad value, never a 500.

`str.isdigit()` takes "²" and other digits that `int()` refuses, and `int()` also refuses a
run of more than 4300 digits; `casework.converters.parse_id` reads ASCII digits within the
range of a row id.
"""

from __future__ import annotations

import pytest
from django.test import Client

from casework.converters import LARGEST_ID, parse_id
from casework.models import Case, CaseTransfer
from tests.api.conftest import login

NOT_NUMBERS = ["²", "٣", "1²", "9" * 5000, str(LARGEST_ID + 1), "-1", "1.0", "", "  "]


@pytest.mark.parametrize("raw", NOT_NUMBERS + [None])
def test_what_is_not_an_id(raw):
    assert parse_id(raw) is None


@pytest.mark.parametrize(
    "raw, number", [("0", 0), ("7", 7), (" 42 ", 42), (str(LARGEST_ID), LARGEST_ID), (12, 12)]
)
def test_what_is_an_id(raw, number):
    assert parse_id(raw) == number


def page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("raw", ["²", "9" * 5000])
def test_page_forms_answer_a_false_number_as_a_bad_value(
    raw, wage_case, hrss_officer, hrss_supervisor
):
    officer, supervisor = page(hrss_officer), page(hrss_supervisor)
    url = f"/cases/{wage_case.pk}/"
    r = officer.post(url + "transitions/accept/", {"comment": "受理", "version": raw})
    assert r.status_code == 400
    r = supervisor.post(url + "assign/", {"assignee": raw})
    assert r.status_code == 400 and "承办人" in r.content.decode()
    r = supervisor.post(url + "transfers/", {"to_unit": raw, "kind": "transfer", "reason": "x"})
    assert r.status_code == 400
    assert not CaseTransfer.objects.exists()
    r = supervisor.post("/reassign/", {"unit": raw, "from_user": raw, "to_user": raw})
    assert r.status_code == 400
    case = Case.objects.get(pk=wage_case.pk)
    assert case.status == "submitted" and case.assignee is None


@pytest.mark.parametrize("raw", ["²", "9" * 5000, "-3"])
def test_the_room_list_names_a_false_number(raw, wage_case, hrss_officer):
    client = login(hrss_officer)
    for name in ("limit", "after"):
        r = client.get(f"/api/v1/cases/{wage_case.pk}/room/messages/", {name: raw})
        assert r.status_code == 400 and name in r.json(), (name, r.content)


def test_a_rectification_names_a_false_market(org):
    from tests.factories import member

    client = login(member("housing.officer.xuecheng", "housing", "xuecheng", "officer"))
    body = {
        "kind": "market_rectification",
        "jurisdiction": "xuecheng",
        "description": "占道经营",
        "market": "²",
    }
    r = client.post("/api/v1/cases/", body, format="json")
    assert r.status_code == 400 and "market" in r.json(), r.content
    assert not Case.objects.filter(kind="market_rectification").exists()
