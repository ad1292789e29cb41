"""Every id on the public pages is unique, and every `<label for>` names a form control: a
label pointing at a heading leaves its control without an accessible name."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

CONTROLS = {"input", "select", "textarea", "button"}


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, list[str]] = {}
        self.labels: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.tags.setdefault(attrs["id"], []).append(tag)
        if tag == "label" and attrs.get("for"):
            self.labels.append(attrs["for"])


def assert_ids_sound(html: str) -> None:
    parser = _Ids()
    parser.feed(html)
    twice = {i: tags for i, tags in parser.tags.items() if len(tags) > 1}
    assert not twice, f"ids used more than once: {twice}"
    for target in parser.labels:
        tags = parser.tags.get(target, [])
        assert tags and tags[0] in CONTROLS, f"<label for={target!r}> points at {tags}"


@pytest.mark.parametrize("kind", ["wage_arrears", "labour_dispute", "discrimination"])
def test_complaint_form_ids(client, org, kind):
    assert_ids_sound(client.get(f"/complaint/?kind={kind}").content.decode())


def test_complaint_form_with_errors_ids(client, org):
    response = client.post("/complaint/", {"kind": "wage_arrears"})
    assert response.status_code == 400
    assert_ids_sound(response.content.decode())


def test_track_pages_ids(client, wage_case):
    assert_ids_sound(client.get("/track/").content.decode())
    miss = client.post(
        "/track/", {"tracking_number": wage_case.tracking_number, "access_code": "00000000"}
    )
    assert miss.status_code == 404
    assert_ids_sound(miss.content.decode())
    found = client.post(
        "/track/",
        {"tracking_number": wage_case.tracking_number, "access_code": wage_case.access_code},
    )
    assert found.status_code == 200
    assert_ids_sound(found.content.decode())
