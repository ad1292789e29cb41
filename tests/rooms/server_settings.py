"""Settings of the daphne server the room tests start: the test settings, serving the
static files itself (as `make run` does), with its own media directory."""

import os

from gigcase.settings.test import *  # noqa: F403

DEBUG = True
MEDIA_ROOT = os.environ.get("ROOMS_MEDIA_ROOT", MEDIA_ROOT)  # noqa: F405
