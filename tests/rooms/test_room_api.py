"""The room messages API and the room's page form: who posts, what is refused, attachments."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from casework.actions import case_attach
from casework.models import Attachment, AuditEvent, Notification
from rooms.actions import room_post, taskforce_add
from rooms.models import RoomMessage
from tests.api.conftest import png_bytes
from tests.factories import open_wage_case

from .conftest import api, fresh, make_crew, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def crew(org, media):
    crew = make_crew()
    taskforce_add(actor=crew.supervisor, case_id=crew.case.pk, user_id=crew.police.pk)
    return crew


def url(case) -> str:
    return f"/api/v1/cases/{case.pk}/room/messages/"


@pytest.mark.parametrize("who", ["officer", "supervisor", "police"])
def test_workers_and_members_post(crew, who):
    r = api(getattr(crew, who)).post(
        url(crew.case), {"text": "  明天上午联合检查  "}, format="json"
    )
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["text"] == "明天上午联合检查"
    assert data["author"]["username"] == getattr(crew, who).username
    assert data["attachment"] is None and data["case"] == crew.case.pk
    assert RoomMessage.objects.get(pk=data["id"]).text == "明天上午联合检查"


def test_viewers_read_but_may_not_post(crew):
    room_post(actor=fresh(crew.officer), case_id=crew.case.pk, text="已约谈用人单位")
    viewer = api(crew.viewer)
    assert [m["text"] for m in viewer.get(url(crew.case)).json()] == ["已约谈用人单位"]
    r = viewer.post(url(crew.case), {"text": "领导关注"}, format="json")
    assert r.status_code == 403
    assert RoomMessage.objects.count() == 1
    body = page(crew.viewer).get(f"/cases/{crew.case.pk}/").content.decode()
    assert 'id="room-readonly"' in body and 'id="room-form"' not in body


def test_invisible_case_is_404(crew):
    other = open_wage_case(jurisdiction="shizhong")
    assert api(crew.police).get(url(other)).status_code == 404
    assert api(crew.police).post(url(other), {"text": "x"}, format="json").status_code == 404
    assert api(crew.police).get("/api/v1/cases/999999/room/messages/").status_code == 404
    assert not RoomMessage.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "见附件", "attachment": "abc"}, "attachment"),
        ({"text": "见附件", "attachment": 999999}, "attachment"),
    ],
)
def test_bad_posts_are_400_naming_the_field(crew, body, field):
    r = api(crew.officer).post(url(crew.case), body, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert not RoomMessage.objects.exists()


def test_attachment_of_another_case_is_refused(crew):
    other = open_wage_case(jurisdiction="xuecheng", employer="另一家劳务公司")
    att = case_attach(
        actor=crew.officer,
        case_id=other.pk,
        upload=SimpleUploadedFile("a.png", png_bytes()),
    )
    r = api(crew.officer).post(url(crew.case), {"attachment": att.pk}, format="json")
    assert r.status_code == 400 and "attachment" in r.json()
    assert not RoomMessage.objects.exists()


def test_bad_upload_names_the_file(crew):
    r = api(crew.officer).post(
        url(crew.case),
        {"text": "现场照片", "file": SimpleUploadedFile("photo.png", b"not an image at all")},
        format="multipart",
    )
    assert r.status_code == 400 and "file" in r.json()
    assert not RoomMessage.objects.exists() and not Attachment.objects.exists()


def test_attachment_posted_in_room_has_its_sha256(crew):
    content = png_bytes()
    digest = hashlib.sha256(content).hexdigest()
    r = api(crew.police).post(
        url(crew.case),
        {"text": "现场照片", "file": SimpleUploadedFile("现场.png", content)},
        format="multipart",
    )
    assert r.status_code == 201, r.content
    att = r.json()["attachment"]
    assert att["sha256"] == digest and att["name"] == "现场.png" and att["size"] == len(content)
    listed = api(crew.officer).get(url(crew.case)).json()
    assert listed[-1]["attachment"]["sha256"] == digest
    # It is evidence on the case like any other upload: listed, audited, downloadable.
    evidence = api(crew.officer).get(f"/api/v1/cases/{crew.case.pk}/attachments/").json()
    assert [a["sha256"] for a in evidence] == [digest]
    assert AuditEvent.objects.filter(verb="casework.attachment.added", case=crew.case).count() == 1
    download = api(crew.officer).get(att["download_url"])
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == digest
    body = page(crew.officer).get(f"/cases/{crew.case.pk}/").content.decode()
    assert digest in body


def test_existing_attachment_can_be_shared(crew):
    att = case_attach(
        actor=crew.officer, case_id=crew.case.pk, upload=SimpleUploadedFile("b.png", png_bytes())
    )
    r = api(crew.police).post(url(crew.case), {"attachment": att.pk}, format="json")
    assert r.status_code == 201
    assert r.json()["attachment"]["id"] == att.pk and r.json()["text"] == ""


def test_after_and_limit(crew):
    ids = [
        room_post(actor=fresh(crew.officer), case_id=crew.case.pk, text=f"第{i}条").pk
        for i in range(5)
    ]
    client = api(crew.police)
    assert [m["id"] for m in client.get(url(crew.case), {"after": ids[2]}).json()] == ids[3:]
    assert [m["id"] for m in client.get(url(crew.case), {"limit": 2}).json()] == ids[3:]
    assert client.get(url(crew.case), {"after": "x"}).status_code == 400


def test_messages_notify_the_task_force_and_assignee(crew):
    room_post(actor=fresh(crew.police), case_id=crew.case.pk, text="嫌疑人已到案")
    rows = Notification.objects.filter(type="room.message", case=crew.case)
    assert set(rows.values_list("user__username", flat=True)) == {"hrss.officer.xuecheng"}
    assert "嫌疑人已到案" in rows.get().text
    room_post(actor=fresh(crew.officer), case_id=crew.case.pk, text="收到")
    assert set(
        Notification.objects.filter(type="room.message", user=crew.police).values_list(
            "text", flat=True
        )
    ) == {f"hrss.officer.xuecheng 在案件 {crew.case.number} 协同室发言：收到"}


def test_removed_member_may_no_longer_post(crew):
    from rooms.actions import taskforce_remove

    taskforce_remove(actor=crew.supervisor, case_id=crew.case.pk, user_id=crew.police.pk)
    r = api(crew.police).post(url(crew.case), {"text": "还在吗"}, format="json")
    assert r.status_code == 404


def test_closed_case_room_is_read_only(crew):
    type(crew.case).objects.filter(pk=crew.case.pk).update(status="closed")
    assert api(crew.officer).post(url(crew.case), {"text": "x"}, format="json").status_code == 409
    assert api(crew.officer).get(url(crew.case)).status_code == 200


def test_page_form_posts_without_javascript(crew):
    client: Client = page(crew.police)
    r = client.post(
        f"/cases/{crew.case.pk}/room/post/",
        {"text": "无脚本也能发言", "file": SimpleUploadedFile("p.png", png_bytes())},
    )
    assert r.status_code == 302 and r["Location"].endswith("#room")
    message = RoomMessage.objects.get()
    assert message.text == "无脚本也能发言" and message.attachment is not None
    r = client.post(f"/cases/{crew.case.pk}/room/post/", {"text": ""})
    assert r.status_code == 302
    assert "请输入消息内容或选择附件" in client.get(f"/cases/{crew.case.pk}/").content.decode()
    assert RoomMessage.objects.count() == 1
    assert (
        page(crew.outsider).post(f"/cases/{crew.case.pk}/room/post/", {"text": "x"}).status_code
        == 404
    )
