"""The ASGI entry point: pages and API over HTTP, notifications and case rooms over WebSocket.

`make run` serves it with daphne: `daphne gigcase.asgi:application`.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gigcase.settings.local")
# Set up Django (apps, settings) before importing anything that touches models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from gigcase.routing import websocket_urlpatterns  # noqa: E402
from gigcase.sqlite_wal import hold_wal_for_this_process  # noqa: E402
from realtime import scheduler  # noqa: E402
from realtime.asgi import BindServerLoop  # noqa: E402
from realtime.auth import SessionOriginValidator, TokenOrSessionAuthMiddlewareStack  # noqa: E402

http_app = django_asgi_app
if settings.DEBUG:
    # Locally daphne is the only server, so it serves the static files too (from the
    # apps and static/, nothing from a CDN). In production a reverse proxy serves
    # STATIC_ROOT after `collectstatic`.
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    http_app = ASGIStaticFilesHandler(django_asgi_app)

# The embedded SQLite database keeps its WAL between requests (gigcase/sqlite_wal.py).
hold_wal_for_this_process()

application = BindServerLoop(
    ProtocolTypeRouter(
        {
            "http": http_app,
            "websocket": SessionOriginValidator(
                TokenOrSessionAuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )
)

# Without Redis there is no Celery beat: this process runs the periodic jobs (the relay
# sweep, the deadline watch) in a daemon thread. REALTIME_SCHEDULER overrides (tests).
if settings.REALTIME_SCHEDULER:
    scheduler.start()
