"""`/ws/cases/<id>/room/` with a real WebSocket client against daphne in a subprocess."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from rooms.models import RoomMessage, RoomPresence
from tests.polling import wait_until

from .conftest import make_crew, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 10.0


@pytest.fixture
def crew(server):
    crew = make_crew()
    # Through the server, as the supervisor would: the membership is the server's business.
    token = server.token(crew.supervisor.username)
    status, body = server.api(
        "POST",
        f"/api/v1/cases/{crew.case.pk}/taskforce/",
        token=token,
        body={"user": crew.police.pk},
    )
    assert status == 201, body
    return crew


def open_room(server, case_id: int, user=None, query: str = "") -> ClientConnection:
    headers = {"Origin": server.http}
    if user is not None:
        headers["Cookie"] = session_cookie(user)
    return connect(
        f"{server.ws}/ws/cases/{case_id}/room/{query}",
        additional_headers=headers,
        open_timeout=WAIT,
    )


def next_frame(ws: ClientConnection, type_: str, timeout: float = WAIT) -> dict:
    """The next frame of `type_`, skipping others (presence changes come and go)."""
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(ws.recv(timeout=max(0.01, deadline - time.monotonic())))
        if frame["type"] == type_:
            return frame


def presence_with(ws: ClientConnection, *usernames: str) -> dict:
    """The first presence frame listing exactly `usernames`: frames about sockets that closed
    just before may still arrive first (presence is a hint, eventually right)."""
    while True:
        frame = next_frame(ws, "room.presence")
        if sorted(u["username"] for u in frame["users"]) == sorted(usernames):
            return frame


def close_code(ws: ClientConnection) -> int:
    with pytest.raises(ConnectionClosed) as exc:
        while True:
            ws.recv(timeout=WAIT)
    return exc.value.rcvd.code


def test_anonymous_is_refused_with_4401(server, crew):
    with open_room(server, crew.case.pk) as ws:
        assert close_code(ws) == 4401


def test_a_user_who_may_not_see_the_case_is_refused_with_4404(server, crew):
    with open_room(server, crew.case.pk, crew.outsider) as ws:
        assert close_code(ws) == 4404
    with open_room(server, 999999, crew.officer) as ws:
        assert close_code(ws) == 4404


def test_message_posted_through_the_api_reaches_the_socket(server, crew):
    with open_room(server, crew.case.pk, crew.police) as ws:
        next_frame(ws, "room.presence")
        token = server.token(crew.officer.username)
        status, body = server.api(
            "POST",
            f"/api/v1/cases/{crew.case.pk}/room/messages/",
            token=token,
            body={"text": "请公安同志协助固定证据"},
        )
        assert status == 201, body
        frame = next_frame(ws, "room.message")
        assert frame["message"]["id"] == body["id"]
        assert frame["message"]["text"] == "请公安同志协助固定证据"
        assert frame["message"]["author"]["username"] == "hrss.officer.xuecheng"


def test_socket_post_is_persisted_and_broadcast(server, crew):
    with (
        open_room(server, crew.case.pk, crew.police) as police,
        open_room(server, crew.case.pk, crew.officer) as officer,
    ):
        police.send(json.dumps({"action": "post", "text": "已调取监控录像"}))
        seen_by_officer = next_frame(officer, "room.message")["message"]
        seen_by_author = next_frame(police, "room.message")["message"]
    assert seen_by_officer == seen_by_author
    saved = RoomMessage.objects.get(pk=seen_by_officer["id"])
    assert saved.text == "已调取监控录像" and saved.author == crew.police
    assert saved.case_id == crew.case.pk


def test_connect_sends_recent_messages_and_after_skips_seen_ones(server, crew):
    token = server.token(crew.officer.username)
    ids = []
    for text in ("第一条", "第二条", "第三条"):
        status, body = server.api(
            "POST", f"/api/v1/cases/{crew.case.pk}/room/messages/", token=token, body={"text": text}
        )
        ids.append(body["id"])
    with open_room(server, crew.case.pk, crew.police) as ws:
        got = [next_frame(ws, "room.message")["message"]["text"] for _ in range(3)]
    assert got == ["第一条", "第二条", "第三条"]
    with open_room(server, crew.case.pk, crew.police, f"?after={ids[1]}") as ws:
        assert next_frame(ws, "room.message")["message"]["id"] == ids[2]
        presence_with(ws, "police.officer.xuecheng")
        ws.send(json.dumps({"action": "ping"}))
        assert next_frame(ws, "pong") == {"type": "pong"}
    assert not RoomMessage.objects.filter(pk__gt=ids[2]).exists()
    # An `after` that is not a number is ignored, as one absent: the recent messages.
    for after in ("%C2%B2", "9" * 5000):
        with open_room(server, crew.case.pk, crew.police, f"?after={after}") as ws:
            assert next_frame(ws, "room.message")["message"]["id"] == ids[0]
    # The server has let the sockets go (their presence rows) before the test's teardown
    # empties the tables under it.
    wait_until(
        lambda: not RoomPresence.objects.filter(case=crew.case).exists(),
        "the room's presence rows outlived their sockets",
        timeout=WAIT,
    )


def test_presence_shows_two_users_and_who_left(server, crew):
    with ExitStack() as stack:
        police = stack.enter_context(open_room(server, crew.case.pk, crew.police))
        first = next_frame(police, "room.presence")
        assert [u["username"] for u in first["users"]] == ["police.officer.xuecheng"]
        # A second tab of the same person counts once.
        police_tab = stack.enter_context(open_room(server, crew.case.pk, crew.police))
        assert presence_with(police_tab, "police.officer.xuecheng")["joined"]["username"] == (
            "police.officer.xuecheng"
        )
        officer = stack.enter_context(open_room(server, crew.case.pk, crew.officer))
        both = next_frame(officer, "room.presence")
        assert [u["username"] for u in both["users"]] == [
            "hrss.officer.xuecheng",
            "police.officer.xuecheng",
        ]
        assert both["joined"]["username"] == "hrss.officer.xuecheng"
        assert RoomPresence.objects.filter(case=crew.case).count() == 3
        presence_with(police, "hrss.officer.xuecheng", "police.officer.xuecheng")
        police_tab.close()
        police.close()
        left = presence_with(officer, "hrss.officer.xuecheng")
        assert left["left"]["username"] == "police.officer.xuecheng"
    wait_until(
        lambda: not RoomPresence.objects.filter(case=crew.case).exists(),
        "the room's presence rows outlived their sockets",
        timeout=WAIT,
    )


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ("not json", None),
        ("[1, 2]", None),
        ('{"action": "shout"}', "action"),
        ('{"action": "post", "text": 42}', "text"),
        ('{"action": "post", "text": "  "}', "text"),
        ('{"action": "post", "text": "' + "长" * 2001 + '"}', "text"),
    ],
)
def test_malformed_frames_get_an_error_frame_and_the_socket_stays_up(server, crew, raw, field):
    with open_room(server, crew.case.pk, crew.police) as ws:
        ws.send(raw)
        error = next_frame(ws, "error")
        assert error["error"]
        if field:
            assert field in error["errors"]
        ws.send(json.dumps({"action": "post", "text": "格式正确的消息"}))
        assert next_frame(ws, "room.message")["message"]["text"] == "格式正确的消息"
    assert list(RoomMessage.objects.values_list("text", flat=True)) == ["格式正确的消息"]


def test_viewer_socket_reads_but_may_not_post(server, crew):
    with open_room(server, crew.case.pk, crew.viewer) as ws:
        ws.send(json.dumps({"action": "post", "text": "领导批示"}))
        error = next_frame(ws, "error")
        assert "不能发言" in error["error"]
        ws.send(json.dumps({"action": "ping"}))
        assert next_frame(ws, "pong")
    assert not RoomMessage.objects.exists()


def test_removed_member_is_disconnected_and_refused(server, crew):
    with open_room(server, crew.case.pk, crew.police) as live:
        next_frame(live, "room.presence")
        token = server.token(crew.supervisor.username)
        status, _ = server.api(
            "DELETE", f"/api/v1/cases/{crew.case.pk}/taskforce/{crew.police.pk}/", token=token
        )
        assert status == 204
        assert close_code(live) == 4404
    with open_room(server, crew.case.pk, crew.police) as ws:
        assert close_code(ws) == 4404
    # The lead officer's socket is unaffected.
    with open_room(server, crew.case.pk, crew.officer) as ws:
        presence_with(ws, "hrss.officer.xuecheng")


def test_leaving_the_task_force_keeps_sight_given_by_ones_own_unit(server, crew):
    token = server.token(crew.supervisor.username)
    path = f"/api/v1/cases/{crew.case.pk}/taskforce/"
    assert server.api("POST", path, token=token, body={"user": crew.officer.pk})[0] == 201
    with open_room(server, crew.case.pk, crew.officer) as ws:
        next_frame(ws, "room.presence")
        assert server.api("DELETE", f"{path}{crew.officer.pk}/", token=token)[0] == 204
        ws.send(json.dumps({"action": "post", "text": "我仍是承办人"}))
        assert next_frame(ws, "room.message")["message"]["text"] == "我仍是承办人"
