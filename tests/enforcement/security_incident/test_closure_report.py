"""The closure report (结案报告) of a security incident states what the incident was, what
the officers found on the scene and how it ended, read back from the PDF."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casework.documents import day_text
from casework.models import Document
from tests.documents.pdf import pdf_text

from .walk import fire, walk_to

pytestmark = pytest.mark.django_db


def _report(case) -> str:
    with Document.objects.get(case=case, name="closure_report").file.open("rb") as fh:
        return pdf_text(fh.read())


def _section(text: str) -> str:
    return text[text.index("三、案情") : text.index("四、办理经过")]


def test_a_decided_incident_reports_its_type_place_scene_and_decision(incident, actors):
    case = walk_to(incident, "decided", actors)
    fire(case.pk, "propose_closure", actors)
    fire(case.pk, "approve_closure", actors)
    facts = _section(_report(case))
    today = day_text(timezone.localdate())
    assert "事件类型：殴打他人；发生地点：市场东门。" in facts
    assert "现场情况：双方已被控制，现场无人员重伤" in facts
    assert f"{today}作出处罚决定：行政拘留五日；法律依据：《治安管理处罚法》第四十三条。" in facts


def test_a_criminal_transfer_reports_the_charge_and_its_reason(incident, actors):
    case = walk_to(incident, "transferred_criminal", actors)
    fire(case.pk, "propose_closure", actors)
    fire(case.pk, "approve_closure", actors)
    facts = _section(_report(case))
    today = day_text(timezone.localdate())
    assert f"{today}转为刑事案件，涉嫌敲诈勒索罪；理由：数额达到刑事立案标准" in facts
    assert "作出处罚决定" not in facts


def test_a_call_not_taken_as_a_case_reports_why(incident, actors):
    case = walk_to(incident, "closed", actors)
    facts = _section(_report(case))
    assert "不予受案，理由：属民事纠纷，已现场调解" in facts
    assert "事件类型：殴打他人" in facts
