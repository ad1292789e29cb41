"""The dishonesty-list procedure (拖欠农民工工资失信联合惩戒对象名单, 人社部令第45号,
docs/dishonesty.md).

propose (拟列入告知) → record the service of the notice (送达) → the employer's statement
(陈述申辩) → decide (列入 / 不予列入) → the term ends by itself (`disputes.dishonesty.expiry`)
or early by credit repair (信用修复). Each step is one atomic action: it locks the listing,
writes an audit event, a timeline entry on the source case and notifications, or writes
nothing. Who may act: the hrss officers (propose, service, statement) and supervisors
(decide, repair) of the source case's lead unit; a source case the actor may not see is a 404.
"""

from casework.workdays import add_months

from .common import (
    EARLY_REPAIR_MONTHS,
    GROUNDS,
    STATEMENT_WORKING_DAYS,
    TERM_YEARS,
    statement_period_end,
    term_last_day,
)
from .decision import end_listing, listing_decide, listing_repair
from .notice import listing_propose, listing_record_service, listing_record_statement

__all__ = [
    "EARLY_REPAIR_MONTHS",
    "GROUNDS",
    "STATEMENT_WORKING_DAYS",
    "TERM_YEARS",
    "add_months",
    "end_listing",
    "listing_decide",
    "listing_propose",
    "listing_record_service",
    "listing_record_statement",
    "listing_repair",
    "statement_period_end",
    "term_last_day",
]
