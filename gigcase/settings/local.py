"""Settings for `make run`: embedded SQLite, in-process channel layer and jobs."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env("DEBUG", default=True)
