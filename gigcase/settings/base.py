"""Settings shared by every environment; the environment selects the rest."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    REDIS_URL=(str, ""),
    DEMO_PASSWORD=(str, "gigcase-demo"),
)
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
REDIS_URL = env("REDIS_URL")
DEMO_PASSWORD = env("DEMO_PASSWORD")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "viewflow",
    "viewflow.workflow",
    "channels",
    "permissions",
    "casework",
    "disputes",
    "enforcement",
    "rooms",
    "realtime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gigcase.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last and synchronous only: under ASGI the whole stack runs in one thread switch.
    "gigcase.middleware.OneThreadStack",
]

ROOT_URLCONF = "gigcase.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "gigcase.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's base templates, then each case kind's own folder
        # (`disputes/wage_arrears/templates/disputes/wage_arrears/…`): a kind's package holds
        # its templates, and app templates are found only at an app's top level.
        "DIRS": [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/*/templates"))],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]


def database_from_env() -> dict:
    """DATABASE_URL, or the embedded SQLite database.

    SQLite gets IMMEDIATE transactions and a busy timeout so that concurrent writers
    wait for the lock instead of failing with "database is locked".
    """
    # An empty DATABASE_URL means the embedded default, like an unset one.
    url = env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'var' / 'gigcase.sqlite3'}"
    db = env.db_url_config(url)
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": "PRAGMA journal_mode=WAL;",
            }
        )
    else:
        options = db.setdefault("OPTIONS", {})
        # Under ASGI the synchronous part of each request runs in a thread of its own, so a
        # persistent connection (CONN_MAX_AGE) is never used again and they pile up past
        # max_connections. Django's pool (psycopg_pool) hands connections across threads:
        # DB_POOL_MAX_SIZE per process, 0 for none (one connection per request, e.g.
        # behind PgBouncer).
        pool_size = env.int("DB_POOL_MAX_SIZE", default=8)
        db["CONN_MAX_AGE"] = 0
        if pool_size > 0:
            options.setdefault("pool", {"min_size": 1, "max_size": pool_size, "timeout": 10})
        # Parameters bound by the server, and statements prepared after their fifth run on a
        # connection (psycopg's default; Django turns it off unless asked), so PostgreSQL
        # stops planning again the statements every request and action repeats.
        # DB_SERVER_SIDE_BINDING=false turns both off, e.g. behind a pooler in transaction
        # mode that cannot keep prepared statements.
        server_side = env.bool("DB_SERVER_SIDE_BINDING", default=True)
        options.setdefault("server_side_binding", server_side)
        if server_side:
            options.setdefault("prepare_threshold", 5)
    return db


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "permissions.backends.PolicyBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_USER_OBJ_PERMS_MODEL = "casework.CaseUserObjectPermission"
GUARDIAN_GROUP_OBJ_PERMS_MODEL = "casework.CaseGroupObjectPermission"
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Uploads: the limit of one evidence file, and of any request body.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "casework.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gigcase API",
    "DESCRIPTION": "Case management for enforcement and worker protection in gig-work markets.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Row ids in paths (casework/converters.py): integers within the primary keys' range.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}},
}

VIEWFLOW = {"AUTOREGISTER": False}

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # All sockets of one server process share one Redis inbox; group_send drops
            # messages silently beyond its capacity (default 100), e.g. in a relay burst.
            "CONFIG": {"hosts": [REDIS_URL], "capacity": 10000},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # One relay batch reaches a socket's queue before its consumer runs: room for a burst.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 1000},
        }
    }
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True

# Periodic jobs (realtime/scheduler.py; Celery beat when REDIS_URL is set). Without Redis
# the ASGI process runs them in a daemon thread.
REALTIME_SCHEDULER = env.bool("REALTIME_SCHEDULER", default=not REDIS_URL)
REALTIME_SWEEP_SECONDS = env.float("REALTIME_SWEEP_SECONDS", default=5.0)
REALTIME_DEADLINE_SECONDS = env.float("REALTIME_DEADLINE_SECONDS", default=300.0)
# None: relay on commit wherever the channel layer reaches the sockets (realtime/relay.py).
REALTIME_RELAY_ON_COMMIT = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE

# Case-list exports (docs/exports.md): more rows than this are built in the background;
# the files of background exports are kept this many hours.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=2000)
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)

# Where the map fetches its tiles; empty means the map draws markets on a plain grid.
MAP_TILE_URL = env("MAP_TILE_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"gigcase": {"level": "INFO"}},
}
