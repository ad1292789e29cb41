"""What the steps of the dishonesty-list procedure share: the periods, the locks and
checks, the step's audit event and timeline entry, the employer's flag."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from casework import audit
from casework.errors import CaseNotFound, NotPermitted
from casework.models import Case, Employer, TimelineEntry
from casework.notify import notify
from casework.policies import case_policy
from casework.workdays import add_working_days, add_years
from permissions.models import Role

from ..errors import ListingNotFound
from ..models import DishonestyListing, ListingStatus
from ..policy import may_act

STATEMENT_WORKING_DAYS = 5
TERM_YEARS = 3
EARLY_REPAIR_MONTHS = 6
STATEMENT_MAX = 5000


class GROUNDS:
    AMOUNT = "amount"  # 第五条第一项: 克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准
    INCIDENT = "incident"  # 第五条第二项: 引发群体性事件、极端事件造成严重不良社会影响
    ALL = (AMOUNT, INCIDENT)
    AMOUNT_LABEL = _l("克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准")
    INCIDENT_LABEL = _l("因拖欠农民工工资违法行为引发群体性事件、极端事件造成严重不良社会影响")


def statement_period_end(served_on: date) -> date:
    """The last day of the statement period: the 5th working day after the day the notice
    was served (the service day itself not counted, 民法典 第二百零一条). A count of working
    days always ends on a working day, so 第二百零三条's roll-over never moves it."""
    return add_working_days(served_on, STATEMENT_WORKING_DAYS)


def term_last_day(decided_on: date) -> date:
    """The last day of the 3-year term from the decision (民法典 第二百零一条, 第二百零二条):
    the decision day is not counted and the term ends on the corresponding day 3 years on,
    or the month's last day when there is none (29 February → 28 February). The listing is
    in force through that day and ends the day after."""
    return add_years(decided_on, TERM_YEARS)


def visible_case(actor, case_id) -> Case:
    try:
        case = Case.objects.select_related("lead_unit__department", "employer").get(pk=int(case_id))
    except (Case.DoesNotExist, TypeError, ValueError):
        raise CaseNotFound() from None
    if not case_policy.can(actor, "view", case):
        raise CaseNotFound()
    return case


def locked_listing(actor, listing_id) -> DishonestyListing:
    try:
        listing = (
            DishonestyListing.objects.select_for_update(of=("self",))
            .select_related("case__lead_unit__department", "employer")
            .get(pk=int(listing_id))
        )
    except (DishonestyListing.DoesNotExist, TypeError, ValueError):
        raise ListingNotFound(_("失信名单程序不存在。")) from None
    if not case_policy.can(actor, "view", listing.case):
        raise ListingNotFound(_("失信名单程序不存在。"))
    return listing


def require(actor, case: Case, role: str) -> None:
    if not may_act(actor, case, role):
        raise NotPermitted(
            _("只有本案主办人社部门的%(role)s可以办理此步骤。") % {"role": Role(role).label}
        )


def log_step(actor, listing: DishonestyListing, verb: str, text: str, from_state: str, payload):
    """The step's audit event (object the listing, case the source case) and its timeline
    entry on the source case; `actor` is None for the system's own steps."""
    audit.record(
        actor=actor,
        verb=verb,
        case=listing.case,
        obj=listing,
        from_state=from_state,
        to_state=listing.status,
        payload={"listing": listing.pk, "employer": listing.employer_id, **payload},
    )
    TimelineEntry.objects.create(
        case=listing.case,
        at=timezone.now(),
        actor=actor,
        verb=verb,
        text=text[:500],
        comment=str(payload.get("comment", ""))[:5000],
        payload={"listing": listing.pk},
    )


def notify_users(users, listing: DishonestyListing, ntype: str, text: str, actor) -> None:
    notify(users, case=listing.case, type=ntype, text=text, exclude=actor)


def refresh_employer_flag(employer: Employer) -> None:
    """`Employer.dishonest` holds while one of its listings is in force."""
    listed = DishonestyListing.objects.filter(
        employer=employer, status=ListingStatus.DECIDED
    ).exists()
    if employer.dishonest != listed:
        employer.dishonest = listed
        employer.save(update_fields=["dishonest"])
