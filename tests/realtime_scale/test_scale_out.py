"""Two ASGI processes behind one database and one Redis, and what happens when Redis or a
browser goes away.

Everything runs for real: daphne processes A and B, a Celery worker with embedded beat
(the relay sweep), a Redis server the tests stop and start again, WebSocket clients from
the `websockets` package, and transitions through the REST API with a token.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from casework.models import Notification
from casework.notify import notify
from tests.factories import open_wage_case
from tests.polling import holds_for, wait_until

from .clients import Listener, drain, frames_until, open_socket

pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)

# The promise: everything arrives within a minute of Redis returning.
RECOVERY_SECONDS = 60


def accept(server, token, case) -> None:
    status, body = server.api(
        "POST",
        f"/api/v1/cases/{case.pk}/transitions/accept/",
        token=token,
        body={"comment": "受理"},
    )
    assert status == 200, (body, server.log_tail())


def request_extension(server, token, case) -> tuple[int, dict]:
    """The officer asks for more time: the unit's supervisors get "approval.requested"."""
    return server.api(
        "POST",
        f"/api/v1/cases/{case.pk}/transitions/request_extension/",
        token=token,
        body={"reason": "用人单位账册需调取，申请延期。"},
    )


def requested(supervisor, cases) -> list[Notification]:
    return list(
        Notification.objects.filter(
            user=supervisor, case__in=cases, type="approval.requested"
        ).order_by("id")
    )


def last_notification_id(user) -> int:
    return (
        Notification.objects.filter(user=user).order_by("-id").values_list("id", flat=True).first()
        or 0
    )


def test_a_transition_through_process_a_reaches_a_socket_on_process_b(
    shared_layer, hrss_officer, hrss_supervisor
):
    stack = shared_layer
    assert stack.a.proc.pid != stack.b.proc.pid and stack.a.port != stack.b.port
    case = open_wage_case()
    officer = stack.a.token(hrss_officer.username)
    supervisor = stack.b.token(hrss_supervisor.username)
    accept(stack.a, officer, case)

    with open_socket(stack.b, "/ws/notifications/", supervisor) as ws:
        status, body = request_extension(stack.a, officer, case)
        assert status == 200, (body, stack.a.log_tail())
        frames = frames_until(ws, lambda f: f.get("type") == "approval.requested", timeout=15)

    (row,) = requested(hrss_supervisor, [case])
    frame = frames[-1]
    assert frame == {
        "id": row.pk,
        "type": "approval.requested",
        "case": {"id": case.pk, "number": case.number},
        "text": row.text,
        "created_at": frame["created_at"],
    }
    assert case.number in frame["text"]
    # The relay marks the row sent in the transaction that sent it, which commits just
    # after the frame left.
    wait_until(
        lambda: not Notification.objects.filter(pk=row.pk, sent_at__isnull=True).exists(),
        "the row was delivered but never marked sent",
    )
    stack.check_alive()


def test_redis_down_transitions_succeed_and_every_notification_arrives_once_after(
    shared_layer, hrss_officer, hrss_supervisor
):
    stack = shared_layer
    cases = [open_wage_case() for _ in range(4)]
    officer = stack.a.token(hrss_officer.username)
    supervisor = stack.b.token(hrss_supervisor.username)
    for case in cases:
        accept(stack.a, officer, case)

    with Listener(stack.b, supervisor, after=last_notification_id(hrss_supervisor)) as listener:
        stack.redis.stop()
        try:
            assert not stack.redis.ping()
            # Officers keep working on both processes while the broker is away.
            for i, case in enumerate(cases):
                status, body = request_extension(stack.servers[i % 2], officer, case)
                assert status == 200, (body, stack.servers[i % 2].log_tail())
            rows = requested(hrss_supervisor, cases)
            assert [r.case_id for r in rows] == [c.pk for c in cases]
            # The rows are the record: written with the change, waiting to be sent.
            holds_for(
                lambda: (
                    all(r.sent_at is None for r in requested(hrss_supervisor, cases))
                    and not set(listener.ids) & {r.pk for r in rows}
                ),
                2,
                "a notification was sent while Redis was down",
            )
        finally:
            stack.redis.start()

        expected = {r.pk for r in rows}
        assert listener.wait_for(expected, RECOVERY_SECONDS), (
            f"missing {expected - set(listener.ids)} after {RECOVERY_SECONDS}s "
            f"({listener.connections} connections, {listener.failed_attempts} refused); "
            f"celery:\n{stack.celery.log_tail()}"
        )
        # The sweep (Celery beat) sends the rows once the broker is back.
        wait_until(
            lambda: all(r.sent_at is not None for r in requested(hrss_supervisor, cases)),
            lambda: f"the sweep did not mark the rows sent; celery:\n{stack.celery.log_tail()}",
            timeout=RECOVERY_SECONDS,
        )
        # A little longer: a late duplicate (sweep after replay) would show up now.
        holds_for(
            lambda: len(listener.ids) == len(set(listener.ids)),
            3,
            lambda: f"a notification arrived twice: {listener.ids}",
        )
        ids = listener.ids

    assert len(ids) == len(set(ids)), f"a notification arrived twice: {ids}"
    assert ids == sorted(ids)
    assert expected <= set(ids)
    stack.check_alive()


def test_a_browser_offline_gets_everything_once_and_in_order_on_reconnect(
    shared_layer, hrss_officer, hrss_supervisor
):
    stack = shared_layer
    case = open_wage_case()
    others = [open_wage_case() for _ in range(2)]
    officer = stack.a.token(hrss_officer.username)
    supervisor = stack.b.token(hrss_supervisor.username)
    for c in others:
        accept(stack.a, officer, c)

    with open_socket(stack.b, "/ws/notifications/", supervisor) as ws:
        with transaction.atomic():
            notify([hrss_supervisor], case=case, type="test.online", text="在线时的通知")
        (seen,) = frames_until(ws, lambda f: f.get("type") == "test.online", timeout=15)
    last_seen = seen["id"]

    # Offline: notifications written by the API on both processes and by this process.
    for i, c in enumerate(others):
        status, body = request_extension(stack.servers[i % 2], officer, c)
        assert status == 200, (body, stack.servers[i % 2].log_tail())
    for n in range(3):
        with transaction.atomic():
            notify([hrss_supervisor], case=case, type="test.offline", text=f"离线期间的通知{n}")
    missed = list(
        Notification.objects.filter(user=hrss_supervisor, id__gt=last_seen)
        .order_by("id")
        .values_list("id", flat=True)
    )
    assert len(missed) == 5
    # The relay sends them to a group nobody is in: only the replay can help.
    wait_until(
        lambda: not Notification.objects.filter(pk__in=missed, sent_at__isnull=True).exists(),
        "the relay did not send the offline rows",
    )

    with open_socket(stack.a, "/ws/notifications/", supervisor, after=last_seen) as ws:
        replayed = drain(ws, quiet=3)
        assert [f["id"] for f in replayed] == missed
        assert [f["type"] for f in replayed] == [
            "approval.requested",
            "approval.requested",
            "test.offline",
            "test.offline",
            "test.offline",
        ]
        assert all(f["case"]["id"] in {case.pk, *(c.pk for c in others)} for f in replayed)
        # Live again: the next one arrives once, after the replayed ones.
        with transaction.atomic():
            notify([hrss_supervisor], case=case, type="test.live", text="重新连接后的通知")
        live = drain(ws, quiet=3)
    assert [f["type"] for f in live] == ["test.live"]
    assert live[0]["id"] > missed[-1]
    stack.check_alive()
