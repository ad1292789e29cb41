"""The relay: rows sent to `user.<id>` after commit, kept when the channel layer is down."""

from __future__ import annotations

import socket

import pytest
import redis.exceptions
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from casework.models import Notification
from casework.notify import notify
from realtime import relay

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nobody listens on: a Redis that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [f"redis://127.0.0.1:{closed_port()}/0"]},
        }
    }


def listen(user_id: int) -> str:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(relay.group_for(user_id), channel)
    return channel


def receive(channel: str) -> dict:
    return async_to_sync(get_channel_layer().receive)(channel)


def test_relay_sends_the_frame_to_the_users_group_and_marks_it_sent(hrss_officer, wage_case):
    channel = listen(hrss_officer.pk)
    Notification.objects.update(sent_at=relay.timezone.now())
    notify([hrss_officer], case=wage_case, type="case.assigned", text="分派")
    row = Notification.objects.get(user=hrss_officer, sent_at__isnull=True)
    assert relay.relay_pending() == 1
    message = receive(channel)
    assert message == {
        "type": "notify.message",
        "message": {
            "id": row.pk,
            "type": "case.assigned",
            "case": {"id": wage_case.pk, "number": wage_case.number},
            "text": "分派",
            "created_at": row.created_at.isoformat(),
        },
    }
    row.refresh_from_db()
    assert row.sent_at is not None
    assert relay.relay_pending() == 0


def test_relay_respects_the_limit_oldest_first(hrss_officer):
    notify([hrss_officer], type="a", text="1")
    notify([hrss_officer], type="a", text="2")
    notify([hrss_officer], type="a", text="3")
    pending = list(Notification.objects.filter(sent_at__isnull=True).order_by("id"))
    assert relay.relay_pending(limit=2) == 2
    left = list(Notification.objects.filter(sent_at__isnull=True))
    assert left == pending[2:]
    assert relay.sweep() == len(left)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_with_the_channel_layer_down_rows_stay_unsent_and_go_later(
    hrss_officer, settings, redis_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notify([hrss_officer], type="case.assigned", text="Redis 停了")
    # The kick ran on commit, failed against the dead layer, and said nothing to the caller.
    assert relay.kick in callbacks
    row = Notification.objects.get(user=hrss_officer, text="Redis 停了")
    assert row.sent_at is None
    with pytest.raises(redis.exceptions.ConnectionError):
        relay.relay_pending()
    row.refresh_from_db()
    assert row.sent_at is None

    # The broker is back: the sweep sends it, once.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel = listen(hrss_officer.pk)
    assert relay.sweep() >= 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert receive(channel)["message"]["id"] == row.pk
    assert relay.sweep() == 0


def test_nothing_is_written_or_kicked_on_rollback(hrss_officer, django_capture_on_commit_callbacks):
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify([hrss_officer], type="case.assigned", text="回滚")
                raise RuntimeError("the change failed")
    assert Notification.objects.count() == before
    assert callbacks == []


def test_one_kick_per_transaction_however_many_notifications(
    hrss_officer, hrss_officer2, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            notify([hrss_officer], type="a", text="1")
            notify([hrss_officer2], type="a", text="2")
            notify([hrss_officer, hrss_officer2], type="a", text="3")
    assert callbacks == [relay.kick]


def test_notify_without_recipients_writes_and_kicks_nothing(
    hrss_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            assert notify([hrss_officer], type="a", text="自己", exclude=hrss_officer) == 0
    assert callbacks == []


def test_kick_relays_after_commit_in_this_process(
    hrss_officer, settings, django_capture_on_commit_callbacks
):
    settings.REALTIME_RELAY_ON_COMMIT = True
    channel = listen(hrss_officer.pk)
    Notification.objects.update(sent_at=relay.timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify([hrss_officer], type="case.assigned", text="提交后立即送达")
    row = Notification.objects.get(text="提交后立即送达")
    assert row.sent_at is not None
    assert receive(channel)["message"]["id"] == row.pk


def test_kick_can_be_left_to_the_sweep(hrss_officer, settings, django_capture_on_commit_callbacks):
    settings.REALTIME_RELAY_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify([hrss_officer], type="case.assigned", text="留给定时任务")
    assert Notification.objects.get(text="留给定时任务").sent_at is None


def test_a_process_without_sockets_leaves_in_memory_rows_to_the_server(
    hrss_officer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A command or shell beside `make run`: its in-memory layer reaches no socket."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    settings.REALTIME_RELAY_ON_COMMIT = None
    monkeypatch.setattr(relay, "_server_loop", None)
    assert relay.relays_on_commit() is False
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify([hrss_officer], type="case.assigned", text="由服务器送出")
    assert Notification.objects.get(text="由服务器送出").sent_at is None


def test_a_shared_layer_relays_on_commit_anywhere(settings, redis_down):
    settings.REALTIME_RELAY_ON_COMMIT = None
    assert relay.relays_on_commit() is True
