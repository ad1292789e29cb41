"""Production settings: secrets from the environment, HTTPS only, never in debug mode.

Behind a reverse proxy that terminates TLS, sets X-Forwarded-Proto and serves STATIC_ROOT
(`manage.py collectstatic`) and nothing else; daphne serves pages, API and WebSockets.
Passes `manage.py check --deploy --fail-level WARNING`.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# No default: a missing key must stop the server, not fall back to the local one.
SECRET_KEY = env("SECRET_KEY")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
