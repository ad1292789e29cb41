"""`GET /api/v1/notifications/` and the read marks; the bell on the page."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casework.models import Notification
from casework.notify import notify

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def notes(user, n: int, case=None) -> list[Notification]:
    notify([user] * 1, case=case, type="case.assigned", text="第一条")
    for i in range(1, n):
        notify([user], case=case, type="approval.requested", text=f"第{i + 1}条")
    return list(Notification.objects.filter(user=user).order_by("id"))


def test_anonymous_is_refused(org):
    assert APIClient().get("/api/v1/notifications/").status_code == 401
    assert APIClient().post("/api/v1/notifications/1/read/").status_code == 401


def test_list_newest_first_with_unread_count(hrss_officer, hrss_officer2, wage_case):
    rows = notes(hrss_officer, 3, case=wage_case)
    notes(hrss_officer2, 2)
    response = api_for(hrss_officer).get("/api/v1/notifications/")
    assert response.status_code == 200
    body = response.json()
    own = Notification.objects.filter(user=hrss_officer).count()
    assert body["count"] == own and body["unread"] == own
    assert [r["id"] for r in body["results"]][:3] == [r.pk for r in reversed(rows)][:3]
    first = body["results"][0]
    assert set(first) == {"id", "type", "case", "text", "created_at", "read_at"}
    assert first["case"] == {"id": wage_case.pk, "number": wage_case.number}
    assert first["read_at"] is None
    other_ids = set(Notification.objects.filter(user=hrss_officer2).values_list("id", flat=True))
    assert not other_ids & {r["id"] for r in body["results"]}


def test_after_lists_what_was_missed_oldest_first(hrss_officer):
    rows = notes(hrss_officer, 4)
    body = api_for(hrss_officer).get(f"/api/v1/notifications/?after={rows[1].pk}").json()
    assert [r["id"] for r in body["results"]] == [rows[2].pk, rows[3].pk]
    last = api_for(hrss_officer).get(f"/api/v1/notifications/?after={rows[3].pk}").json()
    assert last["results"] == [] and last["count"] == 0


@pytest.mark.parametrize("after", ["abc", "-1", "1.5", str(2**64)])
def test_bad_after_is_a_400_naming_the_field(hrss_officer, after):
    response = api_for(hrss_officer).get(f"/api/v1/notifications/?after={after}")
    assert response.status_code == 400
    assert "after" in response.json()


def test_read_marks_one_and_keeps_the_first_time(hrss_officer):
    rows = notes(hrss_officer, 2)
    client = api_for(hrss_officer)
    response = client.post(f"/api/v1/notifications/{rows[0].pk}/read/")
    assert response.status_code == 200
    assert response.json()["id"] == rows[0].pk and response.json()["read_at"]
    rows[0].refresh_from_db()
    first_read = rows[0].read_at
    assert client.post(f"/api/v1/notifications/{rows[0].pk}/read/").status_code == 200
    rows[0].refresh_from_db()
    assert rows[0].read_at == first_read
    body = client.get("/api/v1/notifications/?unread=true").json()
    assert [r["id"] for r in body["results"]] == [rows[1].pk]
    assert body["unread"] == 1


def test_someone_elses_notification_is_404_and_untouched(hrss_officer, hrss_officer2):
    theirs = notes(hrss_officer2, 1)[0]
    client = api_for(hrss_officer)
    for pk in (theirs.pk, 999999, 2**63 + 5):
        response = client.post(f"/api/v1/notifications/{pk}/read/")
        assert response.status_code == 404, pk
        assert "detail" in response.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_marks_only_mine(hrss_officer, hrss_officer2):
    notes(hrss_officer, 3)
    notes(hrss_officer2, 2)
    response = api_for(hrss_officer).post("/api/v1/notifications/read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 3, "unread": 0}
    assert not Notification.objects.filter(user=hrss_officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=hrss_officer2, read_at__isnull=True).count() == 2


def test_the_bell_shows_the_server_rendered_unread_count(client, hrss_officer):
    rows = notes(hrss_officer, 3)
    Notification.objects.filter(pk=rows[0].pk).update(read_at=rows[0].created_at)
    client.force_login(hrss_officer)
    html = client.get("/").content.decode()
    assert 'id="notif-count" data-count="2"' in html
    assert f'data-after="{rows[-1].pk}"' in html
    assert "js/notifications.js" in html
    assert 'id="toasts"' in html


def test_no_bell_for_the_public(client, org):
    html = client.get("/complaint/").content.decode()
    assert "notif-bell" not in html and "notifications.js" not in html
