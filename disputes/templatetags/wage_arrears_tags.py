"""The closure check panel of a wage-arrears case page (`disputes.wage_arrears.closure_check`).

Django finds tag libraries only in an app's `templatetags`, so the tag is here; what it shows
comes from the kind's package."""

from __future__ import annotations

from django import template

from ..wage_arrears.closure_check import ClosureCheck, closure_check

register = template.Library()


@register.simple_tag
def wage_closure_check(case) -> ClosureCheck | None:
    return closure_check(case)
