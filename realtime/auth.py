"""Socket authentication: a DRF token in `?token=`, or the browser's session cookie.

`TokenOrSessionAuthMiddlewareStack(inner)` sets `scope["user"]`; consumers only read it
and close with 4401 when it is anonymous. A `token` that is present but unknown (or whose
user is inactive) makes the socket anonymous even when a session cookie came along: the
client asked to be someone specific and is not.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth.models import AnonymousUser


def query_param(scope, name: str) -> str | None:
    """The first value of `name` in the socket's query string, or None."""
    raw = scope.get("query_string", b"")
    if isinstance(raw, bytes):
        raw = raw.decode("latin-1")
    values = parse_qs(raw, keep_blank_values=True).get(name)
    return values[0] if values else None


@database_sync_to_async
def user_for_token(key: str):
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return AnonymousUser()
    return token.user


class TokenAuthMiddleware(BaseMiddleware):
    """Replaces the session's user with the token's when `?token=` is given."""

    async def __call__(self, scope, receive, send):
        key = query_param(scope, "token")
        if key is not None:
            user = await user_for_token(key) if key else AnonymousUser()
            scope = dict(scope, user=user)
        return await super().__call__(scope, receive, send)


class SessionOriginValidator:
    """The Origin check (ALLOWED_HOSTS) for sockets that ride on the session cookie.

    A browser sends the cookie along on a socket opened by any site, so a session socket
    must come from our own pages. A token is not sent by the browser on its own: a client
    that holds one (a script, a mini-program without an Origin header) is let through.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.checked = AllowedHostsOriginValidator(app)

    async def __call__(self, scope, receive, send):
        if query_param(scope, "token"):
            return await self.app(scope, receive, send)
        return await self.checked(scope, receive, send)


def TokenOrSessionAuthMiddlewareStack(inner):  # named like channels' AuthMiddlewareStack
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
