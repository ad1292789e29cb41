"""The 整改通知书 of the two site kinds states what the check found wrong: each failed item
in its problem wording with the officer's note, never the item's pass wording (a notice
listing "未占用道路" as the problem says the opposite of the finding)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Document
from enforcement.inspection import payloads as inspection
from enforcement.rectification import payloads as rectification
from tests.enforcement.inspection import walk as inspection_walk
from tests.enforcement.rectification import walk as rectification_walk
from tests.enforcement.security_incident.walk import Actors as InspectionActors
from tests.factories import member

from .pdf import pdf_text

KINDS = [
    pytest.param(inspection, id="inspection"),
    pytest.param(rectification, id="market_rectification"),
]


def _read(document: Document) -> bytes:
    with document.file.open("rb") as fh:
        return fh.read()


def _note(code: str) -> str:
    return f"现场记录{code}情况"


def _all_failed(codes: list[str]) -> list[dict]:
    return [{"item": code, "passed": False, "note": _note(code)} for code in codes]


@pytest.mark.parametrize("kind", KINDS)
def test_every_checklist_item_has_a_problem_wording_of_its_own(kind):
    for code in kind.CHECKLIST_CODES:
        problem = kind.finding_label(code)
        assert code in kind.PROBLEM_WORDING, code
        assert problem != kind.item_label(code), code


@pytest.fixture
def housing_actors(org, market_officer) -> rectification_walk.Actors:
    return rectification_walk.Actors(
        officer=member("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        supervisor=member("housing.supervisor.xuecheng", "housing", "xuecheng", "supervisor"),
        market_officer=market_officer,
        market_supervisor=member("market.supervisor.xuecheng", "market", "xuecheng", "supervisor"),
    )


def _deadline() -> str:
    return (timezone.localdate() + timedelta(days=10)).isoformat()


def _assert_lists_problems(body: str, kind, codes: list[str]) -> None:
    listed = body.split("存在下列问题")[1].split("现责令")[0]
    for n, code in enumerate(codes, start=1):
        assert f"{n}．{kind.finding_label(code)}（{_note(code)}）" in listed, code
    for code in codes:
        # The pass wording of an item is never given as a problem (some problem wordings
        # contain their item's name, e.g. 交通秩序混乱: compare whole lines).
        assert f"．{kind.item_label(code)}（" not in listed, code


def test_a_market_rectification_notice_states_every_failed_item_as_a_problem(housing_actors, org):
    codes = rectification.CHECKLIST_CODES
    case = rectification_walk.open_rectification(
        housing_actors.officer, rectification_walk.make_market(), checklist=codes
    )
    verify = rectification_walk.payload("verify") | {"results": _all_failed(codes)}
    rectification_walk.fire(case.pk, "verify", housing_actors, verify)
    rectification_walk.fire(case.pk, "issue_notice", housing_actors)
    body = pdf_text(_read(Document.objects.get(case=case, name="rectification_notice")))
    _assert_lists_problems(body, rectification, codes)
    assert "1．未设置洽谈交易场所（" in body
    assert "．占用道路（现场记录road_clear情况）" in body
    assert "未占用道路" not in body


def test_an_inspection_notice_states_every_failed_item_as_a_problem(hrss_officer, hrss_supervisor):
    actors = InspectionActors(officer=hrss_officer, supervisor=hrss_supervisor, parent=None)
    codes = inspection.CHECKLIST_CODES
    case = inspection_walk.open_inspection(
        actors.officer, inspection_walk.make_market(), checklist=codes
    )
    record = inspection_walk.payload("record_inspection") | {"results": _all_failed(codes)}
    inspection_walk.fire(case.pk, "record_inspection", actors, record)
    inspection_walk.fire(
        case.pk,
        "require_rectification",
        actors,
        {"deadline": _deadline(), "requirements": "清理消防通道"},
    )
    body = pdf_text(_read(Document.objects.get(case=case, name="rectification_notice")))
    _assert_lists_problems(body, inspection, codes)
    assert "．消防通道不畅通（现场记录fire_exit情况）" in body
    assert "消防通道畅通" not in body


def test_only_the_items_that_failed_are_listed_with_their_notes(hrss_officer, hrss_supervisor):
    actors = InspectionActors(officer=hrss_officer, supervisor=hrss_supervisor, parent=None)
    case = inspection_walk.open_inspection(actors.officer, inspection_walk.make_market())
    inspection_walk.fire(case.pk, "record_inspection", actors)  # fire_exit fails
    inspection_walk.fire(case.pk, "require_rectification", actors)
    body = pdf_text(_read(Document.objects.get(case=case, name="rectification_notice")))
    listed = body.split("存在下列问题")[1].split("现责令")[0]
    assert "1．消防通道不畅通（通道堆放杂物）" in listed
    assert "2．" not in listed
    assert "卫生间" not in listed and "避风遮雨" not in listed
