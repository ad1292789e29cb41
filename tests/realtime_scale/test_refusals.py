"""Sockets the servers refuse, seen by a real client over the network: anonymous, an
unknown token, and a case room of a case the user may not see (a 404 everywhere, here
close code 4404)."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed

from tests.factories import open_wage_case

from .clients import open_socket, refusal

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)


def test_anonymous_and_unknown_token_sockets_are_closed_with_4401(shared_layer, hrss_officer):
    stack = shared_layer
    for server in stack.servers:
        assert refusal(server, "/ws/notifications/") == ("close", 4401)
        assert refusal(server, "/ws/notifications/", token="0" * 40) == ("close", 4401)
    case = open_wage_case()
    assert refusal(stack.b, f"/ws/cases/{case.pk}/room/") == ("close", 4401)
    stack.check_alive()


def test_a_room_of_a_case_the_user_may_not_see_is_closed_with_4404(
    shared_layer, hrss_supervisor, other_district_officer
):
    stack = shared_layer
    case = open_wage_case()  # a 薛城区 case
    outsider = stack.a.token(other_district_officer.username)
    insider = stack.a.token(hrss_supervisor.username)

    assert refusal(stack.a, f"/ws/cases/{case.pk}/room/", token=outsider) == ("close", 4404)
    assert refusal(stack.b, f"/ws/cases/{case.pk + 100000}/room/", token=insider) == (
        "close",
        4404,
    )
    # The same route lets in someone who may see the case, on either process.
    for server in stack.servers:
        with open_socket(server, f"/ws/cases/{case.pk}/room/", insider) as ws:
            try:
                first = json.loads(ws.recv(timeout=5))
            except TimeoutError:
                first = None
            except ConnectionClosed as exc:
                raise AssertionError(f"the supervisor's room socket closed: {exc}") from exc
            assert first is None or first.get("type") != "error", first
    stack.check_alive()


def test_malformed_messages_get_an_error_frame_and_the_socket_stays_up(
    shared_layer, hrss_supervisor
):
    stack = shared_layer
    token = stack.a.token(hrss_supervisor.username)
    with open_socket(stack.b, "/ws/notifications/", token) as ws:
        for garbage in ("{not json", "[1, 2]", '{"action": "explode"}', '{"action": "read"}'):
            ws.send(garbage)
            answer = json.loads(ws.recv(timeout=5))
            assert answer["type"] == "error" and answer["error"], (garbage, answer)
        ws.send('{"action": "ping"}')
        assert json.loads(ws.recv(timeout=5)) == {"type": "pong"}
    stack.check_alive()
