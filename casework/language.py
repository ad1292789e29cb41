"""The language a case's records are written in.

What an action writes for others to read later (timeline entries, clock titles and legal
bases, notifications, audit payloads, the facts noted in `case.details`, documents) is in
the site's language, `settings.LANGUAGE_CODE` (Simplified Chinese), whichever language the
person who caused it reads the pages in: a supervisor reading the case in Chinese must not
find an English officer's "Accept" on its timeline. What an action answers that person
(its errors) stays in their language, so an action checks its input first and writes
under `records_language()`.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.utils import translation


def records_language() -> translation.override:
    """A context in which gettext speaks the site's language."""
    return translation.override(settings.LANGUAGE_CODE)


def writes_records(func):
    """Run `func` (a function that only writes, after its caller checked the input) under
    `records_language()`."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with records_language():
            return func(*args, **kwargs)

    return wrapper
