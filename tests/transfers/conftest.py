"""Fixtures of the transfer and bulk-reassignment tests: the receiving unit's people."""

from __future__ import annotations

import pytest

from permissions.selectors import unit_for
from tests.factories import member


@pytest.fixture
def shizhong_supervisor(org):
    return member("hrss.supervisor.shizhong", "hrss", "shizhong", "supervisor")


@pytest.fixture
def shizhong_officer(org):
    return member("hrss.officer.shizhong", "hrss", "shizhong", "officer")


@pytest.fixture
def shizhong_unit(org):
    return unit_for("hrss", "shizhong")


@pytest.fixture
def xuecheng_unit(org):
    return unit_for("hrss", "xuecheng")
