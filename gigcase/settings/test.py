"""Settings for the test suite; DATABASE_URL and REDIS_URL switch backends."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, INSTALLED_APPS, env

# A case kind that exists only in the tests, to show that one package is enough for a kind.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.sample_kind"]

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory: browser tests and threads share it with the live server.
    # TEST_DB_SUFFIX keeps parallel local runs apart.
    _suffix = env("TEST_DB_SUFFIX", default="")
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test{_suffix}.sqlite3")}
elif "pool" in DATABASES["default"]["OPTIONS"]:
    # Races of 16 threads, each holding a connection, and live servers beside the suite.
    DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 40, "timeout": 30}
ALLOWED_HOSTS = ["*"]
# A whole suite posts from 127.0.0.1: the public throttles would trip by accident.
# Tests of the throttles themselves set low rates with override_settings.
API_THROTTLE_RATES = {
    "public_complaint": "100000/minute",
    "public_lookup_failure": "100000/minute",
    "public_lookup_number_failure": "100000/minute",
    "token_failure": "100000/minute",
}

# The suite starts the in-process scheduler only where a test means to (its own daphne).
REALTIME_SCHEDULER = env.bool("REALTIME_SCHEDULER", default=False)
