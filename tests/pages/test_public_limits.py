"""The public pages are throttled as the public API is, on one allowance per client: filing
a complaint counts every submission, the status page and its downloads count misses, per
client and per tracking number."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from casework.models import Case
from tests.factories import open_wage_case

from .test_public import _complaint

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


def _assert_refused(response) -> str:
    html = response.content.decode()
    assert response.status_code == 429
    assert "尝试次数过多" in html
    assert 0 < int(response["Retry-After"]) <= 3600
    return html


@override_settings(API_THROTTLE_RATES={"public_complaint": "2/hour"})
def test_filing_through_the_page_is_throttled(client, org):
    assert client.post("/complaint/", _complaint()).status_code == 302
    assert client.post("/complaint/", _complaint(description="")).status_code == 400
    html = _assert_refused(client.post("/complaint/", _complaint(**{"complainant.name": "王五"})))
    assert 'value="王五"' in html  # what was typed stays in the form
    assert Case.objects.count() == 1
    # The API draws on the same allowance.
    assert APIClient().post("/api/v1/public/complaints/", {}, format="json").status_code == 429


@override_settings(API_THROTTLE_RATES={"public_lookup_failure": "3/hour"})
def test_guessing_codes_on_the_status_page_is_throttled(client, wage_case):
    number, code = wage_case.tracking_number, wage_case.access_code
    for _ in range(4):
        assert (
            client.post("/track/", {"tracking_number": number, "access_code": code}).status_code
            == 200
        )
    for guess in ("00000000", "00000001", "00000002"):
        wrong = client.post("/track/", {"tracking_number": number, "access_code": guess})
        assert wrong.status_code == 404
    # Now even the right code is refused for a while: guessing cannot go on.
    html = _assert_refused(client.post("/track/", {"tracking_number": number, "access_code": code}))
    assert "待受理" not in html
    url = f"/api/v1/public/complaints/{number}/"
    assert APIClient().get(url, {"access_code": code}).status_code == 429


@override_settings(API_THROTTLE_RATES={"public_lookup_failure": "2/hour"})
def test_guessing_codes_on_the_download_is_throttled(client, wage_case):
    number, code = wage_case.tracking_number, wage_case.access_code
    body = {"tracking_number": number, "name": "acceptance_notice"}
    for guess in ("00000000", "00000001"):
        assert client.post("/track/documents/", {**body, "access_code": guess}).status_code == 404
    _assert_refused(client.post("/track/documents/", {**body, "access_code": code}))
    _assert_refused(client.post("/track/", {"tracking_number": number, "access_code": code}))


@override_settings(API_THROTTLE_RATES={"public_lookup_failure": "1/hour"})
def test_the_status_page_tells_clients_apart():
    a, b = APIClient(REMOTE_ADDR="10.0.0.1"), APIClient(REMOTE_ADDR="10.0.0.2")
    miss = {"tracking_number": "GCNOPE", "access_code": "1"}
    assert a.post("/track/", miss).status_code == 404
    assert a.post("/track/", miss).status_code == 429
    assert a.post("/track/", miss, HTTP_X_FORWARDED_FOR="1.2.3.4").status_code == 429
    assert b.post("/track/", miss).status_code == 404


@override_settings(API_THROTTLE_RATES={"public_lookup_number_failure": "3/hour"})
def test_guessing_one_number_from_many_addresses_is_throttled(wage_case):
    number, code = wage_case.tracking_number, wage_case.access_code
    for n in range(3):
        guesser = APIClient(REMOTE_ADDR=f"10.0.1.{n}")
        wrong = {"tracking_number": number, "access_code": f"0000000{n}"}
        assert guesser.post("/track/", wrong).status_code == 404
    # A fourth address, even with the right code, waits: the number's allowance is spent,
    # on the page and in the API alike.
    fresh = APIClient(REMOTE_ADDR="10.0.1.9")
    _assert_refused(fresh.post("/track/", {"tracking_number": number, "access_code": code}))
    url = f"/api/v1/public/complaints/{number}/"
    assert fresh.get(url, {"access_code": code}).status_code == 429
    # Typed as a phone types it, it is the same number.
    wide = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    _assert_refused(fresh.post("/track/", {"tracking_number": wide, "access_code": code}))


@override_settings(API_THROTTLE_RATES={})  # the rates a server runs with
def test_people_behind_one_address_are_not_locked_out_by_a_neighbour(wage_case):
    # A mobile carrier puts many phones behind one address: 30 misses on someone else's
    # number use up that number's allowance, not everybody's.
    other = open_wage_case(credit_code="")
    neighbour, worker = APIClient(REMOTE_ADDR="10.0.2.1"), APIClient(REMOTE_ADDR="10.0.2.1")
    answers = [
        neighbour.post(
            "/track/", {"tracking_number": other.tracking_number, "access_code": f"{n:08d}"}
        ).status_code
        for n in range(30)
    ]
    assert answers == [404] * 10 + [429] * 20
    mine = {"tracking_number": wage_case.tracking_number, "access_code": wage_case.access_code}
    page = worker.post("/track/", mine)
    assert page.status_code == 200 and wage_case.tracking_number in page.content.decode()
    url = f"/api/v1/public/complaints/{wage_case.tracking_number}/"
    assert worker.get(url, {"access_code": wage_case.access_code}).status_code == 200
