"""Fixtures of the API tests: clients that log in through the real token endpoint."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from casework.models import Market, MarketKind, MarketStatus
from permissions.models import Jurisdiction
from tests.factories import VALID_CREDIT_CODE, VALID_ID, VALID_PHONE

PASSWORD = "pw-test-123"  # tests.factories.UserFactory's password


@pytest.fixture(autouse=True)
def _fresh_throttles(fresh_throttles):
    """Every API test starts with no throttle history (`fresh_throttles`)."""


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


def login(user) -> APIClient:
    """A client carrying a real token obtained from POST /api/v1/auth/token/."""
    client = APIClient()
    r = client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert r.status_code == 200, r.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    return client


@pytest.fixture
def market(org) -> Market:
    return Market.objects.create(
        name="薛城区人力资源市场零工驿站",
        kind=MarketKind.PUBLIC_WELFARE,
        status=MarketStatus.REGISTERED,
        jurisdiction=Jurisdiction.objects.get(code="xuecheng"),
        address="薛城区泰山路",
        lon="117.263000",
        lat="34.795000",
    )


def complaint_payload(**overrides) -> dict:
    payload = {
        "kind": "wage_arrears",
        "jurisdiction": "xuecheng",
        "complainant": {"name": "李四", "phone": VALID_PHONE, "id_number": VALID_ID},
        "employer": {"name": "枣庄恒达建筑劳务有限公司", "credit_code": VALID_CREDIT_CODE},
        "workers_count": 3,
        "amount_owed": "12800.50",
        "description": "在工地干了三个月，老板一直拖欠工资。",
        "occurred_on": (timezone.localdate() - timedelta(days=30)).isoformat(),
    }
    payload.update(overrides)
    return payload


def png_bytes() -> bytes:
    """A real 1×1 PNG, recognised by its magic bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"\x00\xff\x00\x00"
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
