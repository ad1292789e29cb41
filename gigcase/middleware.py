"""The project's middleware: Chinese first, and one thread for the whole stack under ASGI."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted.

    Officers' machines and workers' phones often run English-language browsers; the service
    speaks Chinese to them unless they pick English with the language switch (which sets
    the language cookie).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class OneThreadStack:
    """The innermost middleware, synchronous only, so that under ASGI the stack switches
    threads once instead of at every hook.

    Django's own middleware (`MiddlewareMixin`) declare themselves both sync- and
    async-capable. Under daphne the handler is asynchronous, so each of their
    `process_request`/`process_response` hooks runs through its own `sync_to_async` call:
    about twenty switches to the request's thread and back for every request, each paying
    the event loop and the GIL. A middleware that is only sync-capable (the documented
    `sync_capable`/`async_capable` flags) makes Django adapt the handler below it once and
    run every middleware above it synchronously, as the docs promise for an all-synchronous
    stack ("it will switch just once, before it enters the middleware stack"). Placed last,
    it leaves one switch into the stack and one for the view.

    The project has no asynchronous view; WebSocket consumers do not pass through here.
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
