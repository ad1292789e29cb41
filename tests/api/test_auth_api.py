"""The token endpoint."""

from __future__ import annotations

from django.test import override_settings
from rest_framework.authtoken.models import Token

from casework.models import AuditEvent

from .conftest import PASSWORD, login


def test_token_for_good_credentials(anon, hrss_officer):
    r = anon.post(
        "/api/v1/auth/token/",
        {"username": hrss_officer.username, "password": PASSWORD},
        format="json",
    )
    assert r.status_code == 200
    assert r.json() == {"token": Token.objects.get(user=hrss_officer).key}
    assert AuditEvent.objects.filter(verb="auth.login", actor=hrss_officer).exists()
    # The same token comes back on the next login.
    again = anon.post(
        "/api/v1/auth/token/",
        {"username": hrss_officer.username, "password": PASSWORD},
        format="json",
    )
    assert again.json() == r.json()


def test_form_encoded_credentials_work_too(anon, hrss_officer):
    r = anon.post("/api/v1/auth/token/", {"username": hrss_officer.username, "password": PASSWORD})
    assert r.status_code == 200


def test_wrong_password_is_400_and_audited(anon, hrss_officer):
    r = anon.post(
        "/api/v1/auth/token/",
        {"username": hrss_officer.username, "password": "wrong"},
        format="json",
    )
    assert r.status_code == 400
    assert list(r.json()) == ["non_field_errors"]
    assert not Token.objects.filter(user=hrss_officer).exists()
    assert AuditEvent.objects.filter(verb="auth.login_failed").exists()


def test_inactive_user_gets_no_token(anon, hrss_officer):
    hrss_officer.is_active = False
    hrss_officer.save()
    r = anon.post(
        "/api/v1/auth/token/",
        {"username": hrss_officer.username, "password": PASSWORD},
        format="json",
    )
    assert r.status_code == 400


def test_missing_fields_are_named(anon, db):
    r = anon.post("/api/v1/auth/token/", {"username": "x"}, format="json")
    assert r.status_code == 400 and list(r.json()) == ["password"]
    r = anon.post("/api/v1/auth/token/", {}, format="json")
    assert set(r.json()) == {"username", "password"}


@override_settings(API_THROTTLE_RATES={"token_failure": "2/hour"})
def test_failed_logins_are_throttled(anon, hrss_officer):
    for _ in range(2):
        bad = {"username": hrss_officer.username, "password": "nope"}
        assert anon.post("/api/v1/auth/token/", bad, format="json").status_code == 400
    good = {"username": hrss_officer.username, "password": PASSWORD}
    assert anon.post("/api/v1/auth/token/", good, format="json").status_code == 429


def test_me_names_the_token_holder_with_one_query(anon, hrss_officer, django_assert_num_queries):
    client = login(hrss_officer)
    # The token lookup (with its user) and nothing else: bench/http/'s baseline.
    with django_assert_num_queries(1):
        r = client.get("/api/v1/auth/me/")
    assert r.status_code == 200
    assert r.json() == {"id": hrss_officer.pk, "username": hrss_officer.username}


def test_me_without_a_valid_token_is_401(anon, db):
    assert anon.get("/api/v1/auth/me/").status_code == 401
    anon.credentials(HTTP_AUTHORIZATION="Token nope")
    assert anon.get("/api/v1/auth/me/").status_code == 401
