"""Throttles of the public (anonymous) endpoints.

Rates come from the `API_THROTTLE_RATES` setting (scope → DRF rate string such as
"30/hour"), falling back to `DEFAULT_RATES`; a rate of None switches a throttle off.
Clients are told apart by `REMOTE_ADDR` unless DRF's `NUM_PROXIES` is set: without a known
proxy in front, a client-supplied X-Forwarded-For would let anyone dodge the limit.
"""

from __future__ import annotations

import re

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

# What a tracking number may look like; anything else counts on the client's allowance only.
TRACKING_NUMBER = re.compile(r"[A-Za-z0-9]{1,20}")

DEFAULT_RATES: dict[str, str | None] = {
    # Filing a complaint: generous for a kiosk shared by a market, tight for a flood.
    "public_complaint": "30/hour",
    # Guessing tracking numbers or access codes: only failed lookups count, per client...
    # (generous: a mobile carrier puts many phones behind one address)
    "public_lookup_failure": "100/hour",
    # ... and per tracking number, whoever asks: guessing one complaint's code from many
    # addresses stops here (10 a hour: about one chance in a thousand a year of finding an
    # 8-digit code).
    "public_lookup_number_failure": "10/hour",
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


class NumberFailureThrottle(FailureThrottle):
    """Misses on one tracking number, from any client."""

    scope = "public_lookup_number_failure"

    def __init__(self, number: str):
        super().__init__()
        self.number = number

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.number}


class LookupThrottles:
    """A complaint lookup's allowances: the client's misses (`LookupFailureThrottle`) and,
    for a well-formed tracking number (`TRACKING_NUMBER`), that number's (`NumberFailureThrottle`). Used as one
    throttle: refused when either is spent, a miss counted on both."""

    def __init__(self, number: str):
        self.throttles = [LookupFailureThrottle()]
        if TRACKING_NUMBER.fullmatch(number):
            self.throttles.append(NumberFailureThrottle(number))
        self.refused: list[FailureThrottle] = []

    def allow_request(self, request, view) -> bool:
        self.refused = [t for t in self.throttles if not t.allow_request(request, view)]
        return not self.refused

    def wait(self) -> float | None:
        waits = [t.wait() for t in self.refused]
        return max((w for w in waits if w is not None), default=None)

    def failed(self) -> None:
        for throttle in self.throttles:
            throttle.failed()


class TokenFailureThrottle(FailureThrottle):
    scope = "token_failure"
