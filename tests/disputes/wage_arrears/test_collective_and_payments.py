"""Collective wage-arrears cases (≥ 10 workers or ≥ 100,000 CNY) and the payments recorded
per worker."""

from __future__ import annotations

from decimal import Decimal

import pytest

from casework.errors import InvalidInput
from casework.models import AuditEvent, Case, CaseParty, Notification, Payment

from ...factories import member, open_wage_case
from ..walk import fire, snapshot, walk_to
from .money_support import open_two_worker_case
from .support import last_notification_id, local_today


@pytest.mark.parametrize(
    ("workers", "amount", "collective"),
    [
        (10, "5000", True),
        (9, "99999.99", False),
        (1, "100000", True),
        (9, "100000.00", True),
        (1, "0", False),
    ],
)
def test_collective_case_rule(workers, amount, collective, org, hrss_supervisor, city_viewer):
    city_supervisor = member("hrss.supervisor.city", "hrss", "city", "supervisor")
    city_officer = member("hrss.officer.city", "hrss", "city", "officer")
    other_supervisor = member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")
    last = last_notification_id()
    case = open_wage_case(workers=workers, amount=amount)
    case = Case.objects.get(pk=case.pk)
    told = {
        (n.user.username, n.type)
        for n in Notification.objects.filter(id__gt=last, type="case.collective")
    }
    opened = AuditEvent.objects.get(case=case, verb="disputes.wage_arrears.opened")
    if collective:
        assert case.priority == "high"
        assert case.details.get("collective") is True
        assert opened.payload.get("collective") is True
        assert told == {
            (hrss_supervisor.username, "case.collective"),
            (city_supervisor.username, "case.collective"),
            (city_viewer.username, "case.collective"),
        }
    else:
        assert case.priority == "normal"
        assert "collective" not in case.details
        assert told == set()
    assert (city_officer.username, "case.collective") not in told
    assert (other_supervisor.username, "case.collective") not in told


def test_collective_case_tells_its_own_city_only(org, tmp_path, hrss_supervisor):
    from permissions.services import ensure_units, load_jurisdictions

    path = tmp_path / "jining.csv"
    path.write_text("code,name,parent\njining,济宁市,\nrencheng,任城区,jining\n", encoding="utf-8")
    load_jurisdictions(path)
    ensure_units()
    zaozhuang = member("hrss.supervisor.city", "hrss", "city", "supervisor")
    jining = member("hrss.supervisor.jining", "hrss", "jining", "supervisor")
    rencheng = member("hrss.supervisor.rencheng", "hrss", "rencheng", "supervisor")

    def told(case) -> set[str]:
        return set(
            Notification.objects.filter(case=case, type="case.collective").values_list(
                "user__username", flat=True
            )
        )

    assert told(open_wage_case(workers=12)) == {hrss_supervisor.username, zaozhuang.username}
    assert told(open_wage_case(jurisdiction="rencheng", workers=12)) == {
        rencheng.username,
        jining.username,
    }


# --- payments ------------------------------------------------------------------------------


def _two_worker_case():
    return open_two_worker_case(credit_code="")


def test_payments_per_worker_sum_into_amount_recovered(org, actors):
    case = walk_to(_two_worker_case(), "ordered", actors)
    zhang, li = CaseParty.objects.filter(case=case).order_by("id")
    today = local_today().isoformat()
    for party, amount in [(zhang, "2000.00"), (li, "1500.50"), (zhang, "990")]:
        case = fire(
            case.pk,
            "record_payment",
            actors,
            {"amount": amount, "paid_on": today, "worker": party.pk},
        )
        assert case.status == "ordered"
    case = Case.objects.get(pk=case.pk)
    assert case.amount_recovered == Decimal("4490.50")
    assert sum(p.amount for p in Payment.objects.filter(party=zhang)) == Decimal("2990")
    assert sum(p.amount for p in Payment.objects.filter(party=li)) == Decimal("1500.50")
    assert all(p.recorded_by_id == actors.officer.pk for p in Payment.objects.filter(case=case))
    last = AuditEvent.objects.filter(case=case).order_by("-id").first()
    assert last.payload["amount_recovered"] == "4490.50"
    assert last.payload["worker"] == zhang.pk
    # Without a named worker the payment goes to the complainant.
    case = fire(case.pk, "record_payment", actors, {"amount": "10", "paid_on": today})
    assert Payment.objects.filter(case=case).order_by("-id").first().party_id == zhang.pk
    assert Case.objects.get(pk=case.pk).amount_recovered == Decimal("4500.50")


def test_closure_cannot_report_less_than_the_recorded_payments(org, actors):
    case = walk_to(_two_worker_case(), "ordered", actors)
    fire(
        case.pk, "record_payment", actors, {"amount": "3000", "paid_on": local_today().isoformat()}
    )
    before = snapshot(case)
    with pytest.raises(InvalidInput) as exc:
        fire(case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "100"})
    assert "amount_recovered" in exc.value.errors
    assert snapshot(case) == before
    case = fire(
        case.pk, "propose_closure", actors, {"summary": "已支付", "amount_recovered": "3500"}
    )
    assert case.amount_recovered == Decimal("3500")
