"""Throttles of the public (anonymous) endpoints.

Rates come from the `API_THROTTLE_RATES` setting (scope → DRF rate string such as
"30/hour"), falling back to `DEFAULT_RATES`; a rate of None switches a throttle off.
Clients are told apart by `REMOTE_ADDR` unless DRF's `NUM_PROXIES` is set: without a known
proxy in front, a client-supplied X-Forwarded-For would let anyone dodge the limit.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

DEFAULT_RATES: dict[str, str | None] = {
    # Filing a complaint: generous for a kiosk shared by a market, tight for a flood.
    "public_complaint": "30/hour",
    # Guessing tracking numbers or access codes: only failed lookups count.
    "public_lookup_failure": "30/hour",
    # Guessing passwords on the token endpoint: only failed attempts count.
    "token_failure": "30/hour",
}


def rate_for(scope: str) -> str | None:
    rates = {**DEFAULT_RATES, **getattr(settings, "API_THROTTLE_RATES", {})}
    return rates.get(scope)


class _ScopedThrottle(SimpleRateThrottle):
    scope = ""

    def get_rate(self) -> str | None:
        return rate_for(self.scope)

    def get_ident(self, request) -> str:
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR", "")
        return super().get_ident(request)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PublicComplaintThrottle(_ScopedThrottle):
    """Every public complaint submission counts, valid or not."""

    scope = "public_complaint"


class FailureThrottle(_ScopedThrottle):
    """Counts only failures: `allow_request` checks the history without adding to it, and
    the view calls `failed()` when an attempt fails."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return True

    def failed(self) -> None:
        if self.rate is None:
            return
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class LookupFailureThrottle(FailureThrottle):
    scope = "public_lookup_failure"


class TokenFailureThrottle(FailureThrottle):
    scope = "token_failure"
