"""The order to correct (责令限期改正) of a discrimination complaint.

劳动保障监察条例 第十八条第一款第（二）项: for a violation that ought to be corrected and is
not, the labour inspectorate orders it corrected (依法责令改正). The officer sets the deadline
and the items to correct; the order is the 劳动保障监察限期改正指令书 (`documents.py`) and its
deadline a fixed clock, warned and escalated like every clock. The closure proposal settles
the order (as the payment order of wage arrears is settled): it stops the clock, and a
rework starts again from the investigation. Refusing to correct after the order is
punishable under 第三十条第一款第（三）项, which the document tells the employer.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import clocks
from casework.documents import day_text

from ..investigated_complaint.steps import submit_closure
from .payloads import requirement_items

CLOCK = "correction_order"
ARTICLE = _l("《劳动保障监察条例》第十八条第一款第（二）项")
# The rules a discrimination breaks when the officer names none more specific.
DEFAULT_BASIS = _l("《中华人民共和国就业促进法》第二十六条")


def order_correction(ctx) -> None:
    case, data = ctx.case, ctx.data
    clocks.start_fixed(
        case,
        code=CLOCK,
        title=_("限期改正期限"),
        legal_basis=_("%(article)s：对应当改正未改正的，依法责令改正") % {"article": ARTICLE},
        start_date=ctx.today,
        due=data["due_date"],
    )
    items = requirement_items(data["requirements"])
    order = {
        "due_date": data["due_date"].isoformat(),
        "requirements": items,
        "basis": data.get("basis") or "",
        "on": ctx.today.isoformat(),
    }
    ctx.note("correction_order", order)
    ctx.audit_payload["correction_order"] = order
    ctx.timeline_text = _("责令限期改正：于%(due)s前改正%(n)s项") % {
        "due": day_text(order["due_date"]),
        "n": len(items),
    }


def propose_closure(ctx) -> None:
    # The order to correct is settled by the closure proposal; a rework starts from the
    # investigation, and a new order is a new document with a new clock.
    clocks.stop(ctx.case, CLOCK)
    submit_closure(ctx)
