"""The people a rectification walk needs: the housing unit that leads it and the market
supervision unit that takes part, all of Xuecheng."""

from __future__ import annotations

import pytest

from casework.models import Case
from tests.factories import member

from .walk import Actors, make_market, open_rectification, walk_to


@pytest.fixture
def housing_officer(org):
    return member("housing.officer.xuecheng", "housing", "xuecheng", "officer")


@pytest.fixture
def actors(housing_officer, market_officer) -> Actors:
    return Actors(
        officer=housing_officer,
        supervisor=member("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        market_officer=market_officer,
        market_supervisor=member("market.supervisor.xuecheng", "market", "xuecheng", "supervisor"),
    )


@pytest.fixture
def unrectified(actors) -> Case:
    """A rectification whose market was found not rectified: the step before a penalty."""
    return walk_to(open_rectification(actors.officer, make_market()), "not_rectified", actors)
