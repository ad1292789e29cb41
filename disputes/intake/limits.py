"""The public pages' share of the public API's throttles (`casework.api.throttling`): the
same scopes and rates, told apart by the same client address, so a client filing or looking
up through a page and through the API draws on one allowance."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Refusal:
    seconds: int

    @property
    def text(self) -> str:
        minutes = max(1, ceil(self.seconds / 60))
        return _("尝试次数过多，请%(minutes)s分钟后再试。") % {"minutes": minutes}

    def told(self, response: HttpResponse) -> HttpResponse:
        """`response` (the page saying `text`, status 429) with the wait in `Retry-After`."""
        response["Retry-After"] = str(self.seconds)
        return response


def refusal(throttle, request: HttpRequest) -> Refusal | None:
    """A refusal when `throttle` refuses this request; None when it may go on. A refused
    request is not counted."""
    if throttle.allow_request(request, None):
        return None
    return Refusal(max(1, ceil(throttle.wait() or 60)))
