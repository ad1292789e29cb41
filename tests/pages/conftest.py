"""Fixtures for the page tests: logged-in clients for the personas of tests/conftest.py."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.actions import case_transition


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(hrss_officer):
    return _client_for(hrss_officer)


@pytest.fixture
def supervisor_client(hrss_supervisor):
    return _client_for(hrss_supervisor)


@pytest.fixture
def client_for():
    return _client_for


@pytest.fixture
def accepted_case(wage_case, hrss_officer):
    """A wage case accepted (and so assigned) by the xuecheng officer."""
    case = case_transition(
        actor=hrss_officer, case_id=wage_case.pk, name="accept", data={"comment": "材料齐全"}
    )
    case.access_code = wage_case.access_code
    return case
