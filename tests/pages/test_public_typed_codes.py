"""What a worker types to find a complaint is read as meant: full-width digits and letters
from a Chinese input method, blanks between groups, a lower-case tracking number. A wrong
code, however typed, still counts against the lookup's throttle."""

from __future__ import annotations

import unicodedata

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttles")]


def full_width(text: str) -> str:
    """ASCII letters and digits as a Chinese IME types them in full-width mode."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def spaced(text: str) -> str:
    return f" {text[:4]} {text[4:]}\u3000"


def typings(number: str, code: str) -> list[tuple[str, str]]:
    return [
        (full_width(number), full_width(code)),
        (spaced(number).lower(), spaced(code)),
        (full_width(spaced(number.lower())), full_width(spaced(code))),
    ]


def test_the_helpers_type_what_a_phone_types(wage_case):
    number, code = typings(wage_case.tracking_number, wage_case.access_code)[0]
    assert number != wage_case.tracking_number
    assert unicodedata.normalize("NFKC", number) == wage_case.tracking_number
    assert unicodedata.normalize("NFKC", code) == wage_case.access_code


def test_status_page_reads_codes_as_typed_on_a_phone(client, accepted_case):
    case = accepted_case
    for number, code in typings(case.tracking_number, case.access_code):
        response = client.post("/track/", {"tracking_number": number, "access_code": code})
        assert response.status_code == 200, (number, code)
        html = response.content.decode()
        assert 'id="public-status"' in html
        # The download forms carry the code as it opens the case.
        assert f'name="access_code" value="{case.access_code}"' in html


def test_documents_read_codes_as_typed_on_a_phone(client, accepted_case):
    from casework.documents.access import public_documents

    document = public_documents(accepted_case).first()
    assert document is not None
    number, code = typings(accepted_case.tracking_number, accepted_case.access_code)[2]
    response = client.post(
        "/track/documents/",
        {"tracking_number": number, "access_code": code, "name": document.name},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_api_reads_codes_as_typed_on_a_phone(wage_case):
    for number, code in typings(wage_case.tracking_number, wage_case.access_code):
        response = APIClient().get(f"/api/v1/public/complaints/{number}/", {"access_code": code})
        assert response.status_code == 200, (number, code, response.content)
        assert response.json()["tracking_number"] == wage_case.tracking_number


@override_settings(API_THROTTLE_RATES={"public_lookup_failure": "2/hour"})
def test_a_wrong_code_typed_full_width_still_counts(client, wage_case):
    number = full_width(wage_case.tracking_number)
    for guess in ("00000000", "00000001"):
        wrong = client.post(
            "/track/", {"tracking_number": number, "access_code": full_width(guess)}
        )
        assert wrong.status_code == 404
    refused = client.post(
        "/track/", {"tracking_number": number, "access_code": wage_case.access_code}
    )
    assert refused.status_code == 429
