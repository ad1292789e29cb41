"""Registry reads about employers: wage claims summed across cases, the thresholds they meet
and what the system suggests on a case page (docs/dishonesty.md); the listings a user may see.

The totals are a registry fact (every unit's cases count), but they are only shown next to
a case the reader may see, and never with details of the other cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.kinds import MERGED
from casework.models import Case, CaseParty, PartyRole, Payment
from casework.payments import yuan
from casework.policies import case_policy
from permissions.selectors import org_of

from ..wage_arrears.kind import COLLECTIVE_AMOUNT, COLLECTIVE_WORKERS
from ..wage_arrears.models import WageStatus
from .errors import ListingNotFound
from .models import DishonestyListing, ListingStatus

WAGE_KIND = "wage_arrears"
# A case still being handled: neither closed nor refused at intake, nor merged into another
# (whose claims the survivor has taken over).
FINISHED = (WageStatus.CLOSED, WageStatus.REJECTED, MERGED)
# 拒不支付劳动报酬罪 立案追诉标准 (最高检、公安部 立案追诉标准（一）第三十四条): 一名劳动者
# 5,000–20,000 元, 十名以上劳动者 30,000–100,000 元, the figure within each range set by the
# province. The defaults are the top of each range; override them in settings.
DEFAULT_CRIME_ONE_WORKER = Decimal("20000")
DEFAULT_CRIME_TEN_WORKERS = Decimal("100000")
CRIME_WORKERS = 10
CENT = Decimal("0.01")
ACTIVE_LISTING = (ListingStatus.NOTICE_ISSUED, ListingStatus.DECIDED)


def crime_one_worker() -> Decimal:
    return Decimal(str(getattr(settings, "WAGE_CRIME_ONE_WORKER_AMOUNT", DEFAULT_CRIME_ONE_WORKER)))


def crime_ten_workers() -> Decimal:
    return Decimal(
        str(getattr(settings, "WAGE_CRIME_TEN_WORKERS_AMOUNT", DEFAULT_CRIME_TEN_WORKERS))
    )


@dataclass
class WageTotals:
    owed: Decimal = Decimal("0")
    recovered: Decimal = Decimal("0")
    workers: int = 0
    open_cases: int = 0
    closed_cases: int = 0
    # The largest amount one worker is owed in the open cases (for the one-worker standard).
    max_one_worker: Decimal = Decimal("0")
    collective: bool = False
    criminal: bool = False

    def as_dict(self) -> dict:
        return {
            "owed": str(self.owed.quantize(CENT)),
            "recovered": str(self.recovered.quantize(CENT)),
            "workers": self.workers,
            "open_cases": self.open_cases,
            "closed_cases": self.closed_cases,
            "collective": self.collective,
            "criminal_threshold": self.criminal,
        }


def is_collective(workers: int, amount: Decimal) -> bool:
    return workers >= COLLECTIVE_WORKERS or amount >= COLLECTIVE_AMOUNT


def meets_crime_threshold(workers: int, amount: Decimal, max_one_worker: Decimal) -> bool:
    """One worker owed at least the one-worker figure, or ten or more workers owed at least
    the ten-worker figure in all."""
    return max_one_worker >= crime_one_worker() or (
        workers >= CRIME_WORKERS and amount >= crime_ten_workers()
    )


def _max_one_worker(cases) -> Decimal:
    value = CaseParty.objects.filter(
        case__in=cases, role__in=[PartyRole.WORKER, PartyRole.COMPLAINANT]
    ).aggregate(m=Max("amount_owed"))["m"]
    return value or Decimal("0")


def employer_wage_totals(employer) -> WageTotals:
    """Wage claims against `employer` in every unit: the open cases' owed amount and workers,
    the recovered amount of all its cases, and the count of open and closed cases."""
    cases = Case.objects.filter(kind=WAGE_KIND, employer=employer)
    open_q = ~Q(status__in=FINISHED)
    row = cases.aggregate(
        owed=Sum("amount_owed", filter=open_q),
        workers=Sum("workers_count", filter=open_q),
        recovered=Sum("amount_recovered"),
        open_cases=Count("pk", filter=open_q),
        closed_cases=Count("pk", filter=Q(status=WageStatus.CLOSED)),
    )
    totals = WageTotals(
        owed=row["owed"] or Decimal("0"),
        recovered=row["recovered"] or Decimal("0"),
        workers=row["workers"] or 0,
        open_cases=row["open_cases"] or 0,
        closed_cases=row["closed_cases"] or 0,
        max_one_worker=_max_one_worker(cases.filter(open_q)),
    )
    totals.collective = is_collective(totals.workers, totals.owed)
    totals.criminal = meets_crime_threshold(totals.workers, totals.owed, totals.max_one_worker)
    return totals


def case_meets_crime_threshold(case) -> bool:
    """The finding of one case against the standard: its workers and the amount it found."""
    return meets_crime_threshold(
        case.workers_count, case.amount_owed, _max_one_worker(Case.objects.filter(pk=case.pk))
    )


@dataclass(frozen=True)
class PaymentOrderState:
    """The case's 责令限期支付 order (`order_payment`) against its payments: its deadline,
    the amount it ordered and what the payments dated on or before the deadline add up to."""

    due_on: date | None = None
    amount: Decimal | None = None
    paid_by_due: Decimal = Decimal("0")

    @property
    def issued(self) -> bool:
        return self.due_on is not None and self.amount is not None

    def unpaid_past_due(self, today: date | None = None) -> bool:
        """第五条: the order's deadline has passed (the deadline day itself is still the
        employer's) and it was not paid in full by then."""
        today = today or timezone.localdate()
        return self.issued and today > self.due_on and self.paid_by_due < self.amount


def payment_order_state(case) -> PaymentOrderState:
    """Read from the order the case recorded (`details.payment_order`) and its payments."""
    if case.kind != WAGE_KIND:
        return PaymentOrderState()
    order = (case.details or {}).get("payment_order") or {}
    try:
        due_on = date.fromisoformat(str(order["due_date"]))
        amount = Decimal(str(order["amount"]))
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return PaymentOrderState()
    paid = Payment.objects.filter(case_id=case.pk, paid_on__lte=due_on).aggregate(s=Sum("amount"))[
        "s"
    ]
    return PaymentOrderState(due_on, amount, (paid or Decimal("0")).quantize(CENT))


def order_unpaid_past_due(case, today: date | None = None) -> bool:
    """What a listing rests on besides its ground (第五条): an order to pay left unpaid past
    its deadline."""
    return payment_order_state(case).unpaid_past_due(today)


def active_listing(employer) -> DishonestyListing | None:
    return (
        DishonestyListing.objects.filter(employer=employer, status__in=ACTIVE_LISTING)
        .order_by("-id")
        .first()
    )


def listings_of(employer):
    return DishonestyListing.objects.filter(employer=employer).select_related("case")


@dataclass
class Suggestion:
    code: str
    label: str
    reasons: list[str] = field(default_factory=list)


def _amounts(totals: WageTotals) -> dict:
    return {"owed": yuan(totals.owed), "workers": totals.workers}


def suggestions_for(case, totals: WageTotals | None = None) -> list[Suggestion]:
    """What the system suggests for `case` from its employer's totals: treat as collective,
    transfer to the police (拒不支付劳动报酬罪), start a dishonesty listing (暂行办法 第五条)."""
    if case.kind != WAGE_KIND or case.employer_id is None:
        return []
    totals = totals or employer_wage_totals(case.employer)
    out: list[Suggestion] = []
    if totals.collective:
        out.append(
            Suggestion(
                "collective",
                _("按群体性欠薪处理"),
                [
                    _(
                        "该用人单位在办欠薪案件合计涉及%(workers)s人、拖欠%(owed)s元，"
                        "达到群体性欠薪标准（%(n)s人或%(amount)s元）。"
                    )
                    % {
                        **_amounts(totals),
                        "n": COLLECTIVE_WORKERS,
                        "amount": yuan(COLLECTIVE_AMOUNT),
                    }
                ],
            )
        )
    if totals.criminal and case.status in (WageStatus.INVESTIGATING, WageStatus.ORDERED):
        reasons = []
        if totals.max_one_worker >= crime_one_worker():
            reasons.append(
                _("单名劳动者被拖欠%(amount)s元，达到一名劳动者%(limit)s元的立案追诉标准。")
                % {"amount": yuan(totals.max_one_worker), "limit": yuan(crime_one_worker())}
            )
        if totals.workers >= CRIME_WORKERS and totals.owed >= crime_ten_workers():
            reasons.append(
                _(
                    "拖欠%(workers)s名劳动者合计%(owed)s元，"
                    "达到十名以上劳动者%(limit)s元的立案追诉标准。"
                )
                % {**_amounts(totals), "limit": yuan(crime_ten_workers())}
            )
        out.append(
            Suggestion("transfer_to_police", _("移送公安（涉嫌拒不支付劳动报酬罪）"), reasons)
        )
    employer = case.employer
    order = payment_order_state(case)
    if (
        order.unpaid_past_due()
        and not employer.dishonest
        and active_listing(employer) is None
        and case_meets_crime_threshold(case)
    ):
        out.append(
            Suggestion(
                "list_dishonest",
                _("启动失信联合惩戒名单程序"),
                [
                    _(
                        "限期支付指令的期限%(due)s已届满，期限内仅支付%(paid)s元"
                        "（责令支付%(amount)s元）。"
                    )
                    % {
                        "due": order.due_on.isoformat(),
                        "paid": order.paid_by_due,
                        "amount": order.amount,
                    },
                    _(
                        "本案认定的拖欠数额达到拒不支付劳动报酬罪数额标准"
                        "（《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第一项）。"
                    ),
                ],
            )
        )
    return out


def listing_get_for_user(user, listing_id) -> DishonestyListing:
    try:
        listing = DishonestyListing.objects.select_related(
            "case__lead_unit__department", "employer"
        ).get(pk=int(listing_id))
    except (DishonestyListing.DoesNotExist, TypeError, ValueError):
        raise ListingNotFound(_("失信名单程序不存在。")) from None
    if not case_policy.can(user, "view", listing.case):
        raise ListingNotFound(_("失信名单程序不存在。"))
    return listing


def listings_for_user(user, status: str = ""):
    """Listings whose source case lies in the jurisdiction subtree of one of the user's hrss
    seats."""
    paths = [s.jurisdiction_path for s in org_of(user).seats if s.department_code == "hrss"]
    qs = DishonestyListing.objects.select_related("employer", "case")
    if not paths:
        return qs.none()
    where = Q()
    for p in paths:
        where |= Q(case__jurisdiction_path__startswith=p)
    qs = qs.filter(where)
    if status:
        qs = qs.filter(status=status)
    return qs
