"""The inspection rounds of a case, with item labels, for the case page (loaded in templates
as `inspection_tags`)."""

from __future__ import annotations

from django import template

from .payloads import GROUPS, item_label

register = template.Library()


@register.simple_tag
def inspection_rounds(case) -> list[dict]:
    """Each recorded round (newest first) with its rows, and the rectification orders."""
    details = case.details or {}
    orders = list(details.get("rectifications") or [])
    out = []
    for r in details.get("rounds") or []:
        out.append(
            {
                "round": r["round"],
                "reinspection": r["kind"] == "reinspection",
                "on": r["on"],
                "failed": len(r["failed"]),
                "rows": [
                    {
                        "code": row["item"],
                        "label": item_label(row["item"]),
                        "group": str(GROUPS.get(row["item"], "")),
                        "passed": row["passed"],
                        "note": row.get("note", ""),
                    }
                    for row in r["results"]
                ],
            }
        )
    return [{"rounds": out[::-1], "orders": orders[::-1]}]
