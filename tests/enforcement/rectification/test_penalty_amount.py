"""A penalty decision's fine is bounded by the law it rests on: no more than 50万元, the
heaviest fine of the provisions a market's penalty rests on (docs/legal-basis.md). A larger
amount is a 400 naming `amount`, and nothing is decided."""

from __future__ import annotations

import pytest

from casework.models import Case
from tests.api.conftest import login

from .walk import fire, payload


def _post(user, case: Case, name: str, amount: str):
    body = {**payload(name), "amount": amount}
    return login(user).post(f"/api/v1/cases/{case.pk}/transitions/{name}/", body, format="json")


@pytest.mark.parametrize(
    ("steps", "name", "who"),
    [
        (["file_penalty"], "impose_penalty", "officer"),
        (["refer_to_market", "market_file"], "market_decide", "market_officer"),
    ],
)
def test_a_fine_above_the_law_is_refused_on_its_field(unrectified, actors, steps, name, who):
    for step in steps:
        fire(unrectified.pk, step, actors)
    for amount in ["9999999999.99", "500000.01"]:
        r = _post(getattr(actors, who), unrectified, name, amount)
        assert r.status_code == 400, r.content
        (message,) = r.json()["amount"]
        assert "罚款金额不能超过500,000.00元" in message
        assert "《市场主体登记管理条例》第四十三条" in message
        fresh = Case.objects.get(pk=unrectified.pk)
        assert fresh.status == "not_rectified" and "penalty" not in fresh.details
    r = _post(getattr(actors, who), unrectified, name, "500000.00")
    assert r.status_code == 200, r.content
    fresh = Case.objects.get(pk=unrectified.pk)
    assert fresh.status == "penalty" and fresh.details["penalty"]["amount"] == "500000.00"
