"""Wage claims summed per employer across units, the thresholds and the case page's panel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from casework.models import Case, CaseParty, Employer
from disputes.dishonesty.selectors import employer_wage_totals, suggestions_for
from tests.factories import open_wage_case

from ..listing_support import closed_case, ordered_case
from ..walk import walk_to

OTHER_CODE = "91370400MA3C0001X0"


def _employer(case) -> Employer:
    return Case.objects.get(pk=case.pk).employer


def codes(case) -> list[str]:
    return [s.code for s in suggestions_for(Case.objects.get(pk=case.pk).as_kind())]


def test_totals_sum_open_cases_of_every_unit(org, actors):
    a = open_wage_case(jurisdiction="xuecheng", amount="5000", workers=3)
    b = open_wage_case(jurisdiction="shizhong", amount="8000.50", workers=2)
    done = closed_case(actors, amount="4000", recovered="1500")
    other = open_wage_case(amount="70000", workers=9, employer="别家公司", credit_code=OTHER_CODE)
    employer = _employer(a)
    assert _employer(b) == employer == done.employer != _employer(other)
    assert a.lead_unit_id != b.lead_unit_id

    totals = employer_wage_totals(employer)

    assert totals.owed == Decimal("13000.50")  # the closed case no longer counts as owed
    assert totals.recovered == Decimal("1500")
    assert totals.workers == 5
    assert (totals.open_cases, totals.closed_cases) == (2, 1)
    assert not totals.collective and not totals.criminal


def test_collective_by_workers_summed_across_cases(org):
    a = open_wage_case(workers=6, amount="3000")
    open_wage_case(jurisdiction="shizhong", workers=4, amount="3000")
    totals = employer_wage_totals(_employer(a))
    assert totals.workers == 10 and totals.collective
    assert "collective" in codes(a)


def test_collective_by_amount_summed_across_cases(org):
    a = open_wage_case(workers=1, amount="19000")
    open_wage_case(jurisdiction="shizhong", workers=1, amount="81000")
    assert employer_wage_totals(_employer(a)).collective
    b = open_wage_case(workers=1, amount="99999.99", employer="别家公司", credit_code=OTHER_CODE)
    assert not employer_wage_totals(_employer(b)).collective


def test_criminal_threshold_for_one_worker(org, actors):
    a = open_wage_case(amount="20000")
    walk_to(a, "investigating", actors)
    totals = employer_wage_totals(_employer(a))
    assert totals.max_one_worker == Decimal("20000") and totals.criminal
    sugg = {s.code: s for s in suggestions_for(Case.objects.get(pk=a.pk).as_kind())}
    # Money as everywhere else: 20,000.00, not 20000.
    assert sugg["transfer_to_police"].reasons[0] == (
        "单名劳动者被拖欠20,000.00元，达到一名劳动者20,000.00元的立案追诉标准。"
    )


def test_one_worker_below_the_standard_is_no_crime(org, actors):
    a = open_wage_case(amount="19999.99")
    walk_to(a, "investigating", actors)
    assert not employer_wage_totals(_employer(a)).criminal
    assert "transfer_to_police" not in codes(a)


def test_criminal_threshold_for_ten_workers_across_cases(org, actors):
    # Workers owed under 20,000 each, ten of them and 100,000 in all across two units.
    a = open_wage_case(workers=6, amount="60000")
    CaseParty.objects.filter(case=a).update(amount_owed=Decimal("10000"))
    b = open_wage_case(jurisdiction="shizhong", workers=4, amount="40000")
    CaseParty.objects.filter(case=b).update(amount_owed=Decimal("10000"))
    walk_to(a, "investigating", actors)
    totals = employer_wage_totals(_employer(a))
    assert totals.workers == 10 and totals.owed == Decimal("100000") and totals.criminal
    assert {"collective", "transfer_to_police"} <= set(codes(a))


def test_criminal_thresholds_are_settings(org, actors, settings):
    a = open_wage_case(amount="6000")
    walk_to(a, "investigating", actors)
    assert "transfer_to_police" not in codes(a)
    settings.WAGE_CRIME_ONE_WORKER_AMOUNT = "5000"
    assert "transfer_to_police" in codes(a)


def test_transfer_is_suggested_only_while_the_case_can_be_transferred(org):
    submitted = open_wage_case(amount="50000")
    assert employer_wage_totals(_employer(submitted)).criminal
    assert "transfer_to_police" not in codes(submitted)


def test_listing_is_suggested_for_an_order_unpaid_past_its_deadline(org, actors):
    small = closed_case(actors, amount="3000")
    assert "list_dishonest" not in codes(small)
    big = closed_case(actors, amount="30000")
    assert "list_dishonest" in codes(big)
    Employer.objects.filter(pk=big.employer_id).update(dishonest=True)
    assert "list_dishonest" not in codes(big)


@pytest.mark.parametrize(
    "kw,suggested",
    [
        ({"overdue_days": 1}, True),  # ordered, unpaid, the deadline was yesterday
        ({"overdue_days": 0}, False),  # the deadline is today: still the employer's day
        ({"paid": "30000", "overdue_days": 5}, False),  # paid in full by the deadline
        ({"paid": "29999", "overdue_days": 5}, True),  # not in full
    ],
)
def test_listing_suggestion_follows_the_payment_order(org, actors, kw, suggested):
    case = ordered_case(actors, amount="30000", **kw)
    assert case.status == "ordered"
    assert ("list_dishonest" in codes(case)) is suggested


def test_the_case_page_shows_totals_but_never_invisible_cases(
    org, actors, hrss_officer, other_district_officer
):
    mine = open_wage_case(jurisdiction="xuecheng", amount="5000", workers=3)
    theirs = open_wage_case(jurisdiction="shizhong", amount="8000", workers=2)
    client = Client()
    client.force_login(hrss_officer)

    page = client.get(f"/cases/{mine.pk}/").content.decode()

    assert 'id="employer-panel"' in page
    assert "13,000" in page or "13000" in page
    assert theirs.number not in page and theirs.tracking_number not in page
    assert client.get(f"/cases/{theirs.pk}/").status_code == 404

    other = Client()
    other.force_login(other_district_officer)
    page = other.get(f"/cases/{theirs.pk}/").content.decode()
    assert 'id="employer-panel"' in page and mine.number not in page


@pytest.mark.parametrize("flag", [True, False])
def test_the_case_page_shows_the_dishonest_flag(org, hrss_officer, flag):
    case = open_wage_case()
    Employer.objects.filter(pk=case.employer_id).update(dishonest=flag)
    client = Client()
    client.force_login(hrss_officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert ('id="employer-dishonest"' in page) is flag
