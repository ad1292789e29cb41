"""Fixtures of the security-incident tests: the police of 薛城区 and of the city above it."""

from __future__ import annotations

import pytest

from tests.factories import member

from .security_incident.walk import Actors, open_incident


@pytest.fixture
def police_supervisor(org):
    return member("police.supervisor.xuecheng", "police", "xuecheng", "supervisor")


@pytest.fixture
def city_police_supervisor(org):
    return member("police.supervisor.city", "police", "city", "supervisor")


@pytest.fixture
def actors(police_officer, police_supervisor, city_police_supervisor) -> Actors:
    return Actors(
        officer=police_officer, supervisor=police_supervisor, parent=city_police_supervisor
    )


@pytest.fixture
def incident(actors):
    return open_incident(actors.officer)
