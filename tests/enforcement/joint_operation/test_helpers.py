"""Helpers and fixtures of the joint-operation tests (imported by the test modules): an
operation led by 薛城区人社局 with 公安, 市场监管 and 住建 of 薛城区 taking part."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.actions import case_open_internal, case_transition
from casework.models import Case
from enforcement.joint_operation.actions import operation_report
from permissions.selectors import unit_for
from tests.factories import member

PARTICIPANTS = ("police", "market", "housing")
STATES = ["planned", "in_progress", "reporting_done", "closure_pending", "closed", "cancelled"]
# name: (sources, target, role: "supervisor" | "officer" of the lead unit)
TRANSITIONS = {
    "start": (["planned"], "in_progress", "supervisor"),
    "cancel": (["planned"], "cancelled", "supervisor"),
    "remind_units": (["in_progress"], "in_progress", "officer"),
    "submit_summary": (["reporting_done"], "closure_pending", "officer"),
    "return_summary": (["closure_pending"], "reporting_done", "supervisor"),
    "approve_closure": (["closure_pending"], "closed", "supervisor"),
}
PAYLOADS = {
    "start": {"comment": "按方案启动"},
    "cancel": {"reason": "天气原因，行动取消"},
    "remind_units": {"comment": "请今日内报送"},
    "submit_summary": {"summary": "行动完成，秩序好转。"},
    "return_summary": {"reason": "请补充各单位数据分析"},
    "approve_closure": {"comment": "同意"},
}
REPORT = {
    "markets_inspected": 2,
    "persons_educated": 30,
    "persons_dispersed": 12,
    "stalls_cleared": 5,
    "text": "清理占道摊点，劝离路边等活人员。",
}


@dataclass
class Team:
    supervisor: object  # of the lead unit (人社 薛城区)
    officer: object  # of the lead unit
    reporters: dict  # department -> officer of that participating unit


@pytest.fixture(name="team")
def team_fixture(org, hrss_supervisor, hrss_officer, police_officer) -> Team:
    return Team(
        supervisor=hrss_supervisor,
        officer=hrss_officer,
        reporters={
            "police": police_officer,
            "market": member("market.officer.xuecheng", "market", "xuecheng", "officer"),
            "housing": member("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        },
    )


def unit(dept: str, jur: str = "xuecheng") -> int:
    return unit_for(dept, jur).pk


def open_data(**over) -> dict:
    data = {
        "kind": "joint_operation",
        "jurisdiction": "xuecheng",
        "title": "零工市场周边秩序集中整治",
        "starts_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "ends_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "units": [unit(d) for d in PARTICIPANTS],
        "description": "对辖区零工市场周边占道等活、乱摆摊点开展联合整治。",
    }
    data.update(over)
    return data


def open_operation(supervisor, **over) -> Case:
    return case_open_internal(actor=supervisor, data=open_data(**over))


def fire(case, name: str, actor, **data) -> Case:
    return case_transition(
        actor=actor, case_id=case.pk, name=name, data={**PAYLOADS.get(name, {}), **data}
    )


def report(case, user, dept: str, jur: str = "xuecheng", **over):
    return operation_report(
        actor=user, case_id=case.pk, unit_id=unit(dept, jur), data={**REPORT, **over}
    )


def walk_to(state: str, team: Team) -> Case:
    case = open_operation(team.supervisor)
    if state == "planned":
        return case
    if state == "cancelled":
        fire(case, "cancel", team.supervisor)
        return Case.objects.get(pk=case.pk)
    fire(case, "start", team.supervisor)
    if state == "in_progress":
        return Case.objects.get(pk=case.pk)
    for dept in PARTICIPANTS:
        report(case, team.reporters[dept], dept)
    if state == "reporting_done":
        return Case.objects.get(pk=case.pk)
    fire(case, "submit_summary", team.officer)
    if state == "closure_pending":
        return Case.objects.get(pk=case.pk)
    fire(case, "approve_closure", team.supervisor)
    return Case.objects.get(pk=case.pk)
