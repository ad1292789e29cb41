"""`{% case_links case as panel %}`: the links panel's data for the case page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def case_links(context, case) -> dict:
    from casework.views.links import links_panel

    return links_panel(context["request"], case)
