"""A clock whose (made-up) article excludes some time, for the tests of pausing: no HRSS
clock of the real procedures may be paused, their articles exclude nothing."""

from datetime import date

from casework import clocks
from casework.kinds import ClockSpec, Extension

PAUSABLE = ClockSpec(
    code="review",
    title="审查期限",
    legal_basis="《测试规定》第一条：10个工作日内审查；鉴定、检测、听证、公告期间不计入",
    day_unit="working",
    days=10,
    exclusions=("appraisal", "testing", "hearing", "public_notice"),
    extensions=(Extension(10, "负责人批准"),),
    owner="hrss",
)


def start_pausable(case, on: date | None = None):
    return clocks.start(case, PAUSABLE, on or clocks.local_today())
