"""`/ws/notifications/` against a real daphne server, with a real WebSocket client."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.authtoken.models import Token
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from casework.models import Notification
from casework.notify import notify
from tests.polling import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 10.0
FRAME_KEYS = {"id", "type", "case", "text", "created_at"}


def token_for(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


def open_socket(live, *, token: str | None = None, after: int | None = None, cookie=None):
    params = []
    if token is not None:
        params.append(f"token={token}")
    if after is not None:
        params.append(f"after={after}")
    url = f"{live.ws}/ws/notifications/" + ("?" + "&".join(params) if params else "")
    headers = {"Cookie": cookie} if cookie else None
    # Whatever the fixtures notified (a new case tells the unit's queue) goes out first, so
    # it cannot arrive live in the middle of a test.
    wait_sent(*Notification.objects.filter(sent_at__isnull=True))
    return connect(url, additional_headers=headers, open_timeout=WAIT, close_timeout=2)


def send_note(user, text: str, case=None, type: str = "case.assigned") -> Notification:
    with transaction.atomic():
        notify([user], case=case, type=type, text=text)
    return Notification.objects.filter(user=user).latest("id")


def wait_sent(*rows: Notification) -> None:
    """Until the server's relay has sent `rows` (so they cannot arrive live later)."""
    ids = [r.pk for r in rows]
    wait_until(
        lambda: not Notification.objects.filter(pk__in=ids, sent_at__isnull=True).exists(),
        "the relay did not send the rows",
        timeout=WAIT,
    )


def recv_json(ws, timeout: float = WAIT) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def assert_silent(ws, seconds: float = 1.0) -> None:
    """Nothing more arrives for `seconds` (the sweep runs every 0.2 s)."""
    with pytest.raises(TimeoutError):
        ws.recv(timeout=seconds)


def close_code(ws) -> int | None:
    with pytest.raises(ConnectionClosed):
        ws.recv(timeout=WAIT)
    return ws.close_code


def test_anonymous_socket_is_closed_with_4401(live, org):
    with open_socket(live) as ws:
        assert close_code(ws) == 4401


def test_unknown_or_empty_token_is_closed_with_4401(live, hrss_officer):
    for token in ("0" * 40, ""):
        with open_socket(live, token=token) as ws:
            assert close_code(ws) == 4401


def test_a_wrong_token_wins_over_a_valid_session(live, hrss_officer):
    client = Client()
    client.force_login(hrss_officer)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with open_socket(live, token="f" * 40, cookie=cookie) as ws:
        assert close_code(ws) == 4401


def test_inactive_users_token_is_refused(live, hrss_officer):
    token = token_for(hrss_officer)
    hrss_officer.is_active = False
    hrss_officer.save(update_fields=["is_active"])
    with open_socket(live, token=token) as ws:
        assert close_code(ws) == 4401


def test_token_auth_delivers_the_contract_frame(live, hrss_officer, wage_case):
    with open_socket(live, token=token_for(hrss_officer)) as ws:
        row = send_note(hrss_officer, "案件已分派给您", case=wage_case)
        message = recv_json(ws)
    assert set(message) == FRAME_KEYS
    assert message["id"] == row.pk
    assert message["type"] == "case.assigned"
    assert message["text"] == "案件已分派给您"
    assert message["case"] == {"id": wage_case.pk, "number": wage_case.number}
    assert message["created_at"].startswith(str(row.created_at.date().year))
    # Marked sent once the relay's transaction commits, just after the send.
    wait_sent(row)


def test_session_auth_and_a_frame_without_case(live, hrss_supervisor):
    client = Client()
    client.force_login(hrss_supervisor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    with open_socket(live, cookie=cookie) as ws:
        row = send_note(hrss_supervisor, "系统维护通知", type="system")
        message = recv_json(ws)
    assert message == {
        "id": row.pk,
        "type": "system",
        "case": None,
        "text": "系统维护通知",
        "created_at": message["created_at"],
    }


def test_without_after_nothing_is_replayed(live, hrss_officer):
    wait_sent(send_note(hrss_officer, "旧通知"))
    with open_socket(live, token=token_for(hrss_officer)) as ws:
        assert_silent(ws)
        fresh = send_note(hrss_officer, "新通知")
        assert recv_json(ws)["id"] == fresh.pk


def test_replay_after_an_id_then_live_in_order(live, hrss_officer):
    first, second, third = (send_note(hrss_officer, f"离线期间 {i}") for i in range(3))
    with open_socket(live, token=token_for(hrss_officer), after=first.pk) as ws:
        replayed = [recv_json(ws)["id"], recv_json(ws)["id"]]
        assert replayed == [second.pk, third.pk]
        fourth = send_note(hrss_officer, "重连之后")
        assert recv_json(ws)["id"] == fourth.pk
        assert_silent(ws)


def test_replay_and_live_never_deliver_one_twice(live, hrss_officer):
    rows = [send_note(hrss_officer, f"通知 {i}") for i in range(3)]
    with open_socket(live, token=token_for(hrss_officer), after=0) as ws:
        got = [recv_json(ws)["id"] for _ in rows]
        assert got == [r.pk for r in rows]
        # The relay sends them again (as after a crash between sending and marking): the
        # consumer has sent them already and drops them.
        Notification.objects.filter(pk__in=got).update(sent_at=None)
        wait_sent(*rows)
        assert_silent(ws)
        later = send_note(hrss_officer, "之后")
        assert recv_json(ws)["id"] == later.pk


def test_long_offline_replay_crosses_batches(live, hrss_officer):
    with transaction.atomic():
        for i in range(450):
            notify([hrss_officer], type="case.assigned", text=f"第{i}条")
    ids = list(Notification.objects.filter(user=hrss_officer).values_list("id", flat=True))
    with open_socket(live, token=token_for(hrss_officer), after=0) as ws:
        got = [recv_json(ws)["id"] for _ in ids]
        assert_silent(ws)
    assert got == ids


def test_another_users_notifications_never_arrive(live, hrss_officer, hrss_officer2):
    with open_socket(live, token=token_for(hrss_officer), after=0) as ws:
        send_note(hrss_officer2, "给别人的")
        mine = send_note(hrss_officer, "给我的")
        assert recv_json(ws)["id"] == mine.pk
        assert_silent(ws)
    # Nor through the replay.
    with open_socket(live, token=token_for(hrss_officer), after=0) as ws:
        assert recv_json(ws)["id"] == mine.pk
        assert_silent(ws)


def test_malformed_messages_get_an_error_frame_and_the_socket_stays_up(live, hrss_officer):
    with open_socket(live, token=token_for(hrss_officer)) as ws:
        for bad in ("not json", "[1, 2]", json.dumps({"action": "dance"}), "{}", "\x00"):
            ws.send(bad)
            reply = recv_json(ws)
            assert reply["type"] == "error" and reply["error"], bad
        ws.send(b"\xff\xfe")
        assert recv_json(ws)["type"] == "error"
        for bad_id in ("7", None, True, -1, 2**70):
            ws.send(json.dumps({"action": "read", "id": bad_id}))
            assert recv_json(ws)["type"] == "error", bad_id
        ws.send(json.dumps({"action": "ping"}))
        assert recv_json(ws) == {"type": "pong"}
        row = send_note(hrss_officer, "仍然在线")
        assert recv_json(ws)["id"] == row.pk


def test_a_bad_after_is_an_error_frame_then_live(live, hrss_officer):
    wait_sent(send_note(hrss_officer, "旧的"))
    with open_socket(live, token=token_for(hrss_officer), after="abc") as ws:
        assert recv_json(ws)["type"] == "error"
        row = send_note(hrss_officer, "新的")
        assert recv_json(ws)["id"] == row.pk


def test_mark_read_over_the_socket(live, hrss_officer, hrss_officer2):
    mine = send_note(hrss_officer, "我的")
    theirs = send_note(hrss_officer2, "别人的")
    wait_sent(mine, theirs)
    with open_socket(live, token=token_for(hrss_officer)) as ws:
        ws.send(json.dumps({"action": "read", "id": mine.pk}))
        assert recv_json(ws) == {"type": "read", "id": mine.pk, "unread": 0}
        ws.send(json.dumps({"action": "read", "id": theirs.pk}))
        assert recv_json(ws)["type"] == "error"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "path",
    [
        "/ws/nothing-here/",
        "/ws/cases/abc/room/",
        # Beyond any row id (casework/converters.py): no route, not a database error.
        f"/ws/cases/{10**25}/room/",
        f"/ws/cases/{2**63}/room/",
    ],
)
def test_a_socket_to_a_path_no_route_serves_is_closed_with_4404(live, hrss_officer, path):
    with connect(
        f"{live.ws}{path}?token={token_for(hrss_officer)}", open_timeout=WAIT, close_timeout=2
    ) as ws:
        assert close_code(ws) == 4404
