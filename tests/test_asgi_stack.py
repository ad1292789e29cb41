"""The HTTP stack under ASGI, as daphne serves it: one synchronous stack, every middleware
still applied."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import AsyncClient
from django.utils.module_loading import import_string
from rest_framework.authtoken.models import Token


def test_the_innermost_middleware_alone_declares_itself_sync_only():
    """Django runs every middleware above a sync-only one synchronously: placed last, it
    makes the whole stack one thread switch. Anywhere else, the hooks below it switch
    threads again, one by one."""
    classes = [import_string(path) for path in settings.MIDDLEWARE]
    innermost = classes[-1]
    assert innermost.__name__ == "OneThreadStack"
    assert innermost.sync_capable and not innermost.async_capable
    assert all(getattr(cls, "sync_capable", True) for cls in classes)


# Under ASGI the view runs in a thread of its own request, on its own connection: it sees
# only committed rows.
@pytest.mark.django_db(transaction=True)
def test_the_api_through_asgi_passes_every_middleware():
    officer = get_user_model().objects.create_user("asgi.officer", password="x-long-password")
    token = Token.objects.create(user=officer)
    client = AsyncClient()
    r = async_to_sync(client.get)(
        "/api/v1/auth/me/", headers={"Authorization": f"Token {token.key}"}
    )
    assert r.status_code == 200, r.content
    assert r.json()["username"] == "asgi.officer"
    # XFrameOptionsMiddleware, the innermost of Django's, and SecurityMiddleware, the outermost.
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Content-Language"] == "zh-hans"  # the Chinese-first locale


@pytest.mark.django_db(transaction=True)
def test_a_page_through_asgi_sets_its_csrf_cookie_and_language():
    r = async_to_sync(AsyncClient().get)("/accounts/login/")
    assert r.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in r.content.decode()
    assert "csrftoken" in r.cookies  # CsrfViewMiddleware's response hook
    assert r.headers["Content-Language"] == "zh-hans"
    assert r.headers["X-Frame-Options"] == "DENY"
