"""Shared fixtures: the demo organisation and personas used across the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from permissions.services import ensure_units, load_jurisdictions

from .factories import member, open_wage_case

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def org(db):
    """Zaozhuang's jurisdictions and every department × jurisdiction unit."""
    load_jurisdictions(FIXTURES / "zaozhuang-jurisdictions.csv")
    ensure_units()


@pytest.fixture
def hrss_officer(org):
    return member("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")


@pytest.fixture
def hrss_officer2(org):
    return member("hrss.officer2.xuecheng", "hrss", "xuecheng", "officer")


@pytest.fixture
def hrss_supervisor(org):
    return member("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor")


@pytest.fixture
def hrss_clerk(org):
    return member("hrss.clerk.xuecheng", "hrss", "xuecheng", "clerk")


@pytest.fixture
def police_officer(org):
    return member("police.officer.xuecheng", "police", "xuecheng", "officer")


@pytest.fixture
def city_viewer(org):
    return member("hrss.viewer.city", "hrss", "city", "viewer")


@pytest.fixture
def other_district_officer(org):
    return member("hrss.officer.shizhong", "hrss", "shizhong", "officer")


@pytest.fixture
def market_officer(org):
    return member("market.officer.xuecheng", "market", "xuecheng", "officer")


@pytest.fixture
def wage_case(org):
    return open_wage_case()
