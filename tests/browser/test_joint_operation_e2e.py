"""A joint operation from the plan to the closure, in Chromium.

The 人社 supervisor of 薛城区 plans the operation from 新建案件 (公安, 市场监管 and 住建 of 薛城区
take part) and starts it. Each unit's officer finds the report task in the unit queue: the
police officer opens a security incident during the operation and reports it with the
results, the market officer claims the task first, the housing officer reports last, which
completes the reporting. The 人社 officer writes the summary and the supervisor closes it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.models import Case
from enforcement.joint_operation.models import OperationLink
from permissions.selectors import unit_for

from .helpers import demo_members, fire, shot, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNITS = ("police", "market", "housing")


@pytest.fixture
def people(db):
    return demo_members(
        [
            ("hrss.supervisor.xuecheng", "hrss", "xuecheng", "supervisor"),
            ("hrss.officer.xuecheng", "hrss", "xuecheng", "officer"),
            ("police.officer.xuecheng", "police", "xuecheng", "officer"),
            ("market.officer.xuecheng", "market", "xuecheng", "officer"),
            ("housing.officer.xuecheng", "housing", "xuecheng", "officer"),
        ]
    )


def _report(page, unit_id: int, counts: dict[str, str], text: str, cases: str = "") -> None:
    block = page.locator(f"#operation-report-{unit_id}")
    block.locator("summary").click()
    for name, value in counts.items():
        block.locator(f'[name="{name}"]').fill(value)
    block.locator('[name="text"]').fill(text)
    if cases:
        block.locator('[name="cases"]').fill(cases)
    block.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text("已报送")


def test_joint_operation_main_path(live_server, browser, people, screenshot_dir):
    base = live_server.url
    units = {d: unit_for(d, "xuecheng") for d in UNITS}

    # 1. The 人社 supervisor plans the operation.
    sup_ctx, sup = signed_in(browser, base, "hrss.supervisor.xuecheng", "/cases/")
    sup.goto(f"{base}/cases/new/?kind=joint_operation")
    expect(sup.locator("h1")).to_contain_text("联合执法行动")
    sup.fill('[name="title"]', "零工市场周边秩序集中整治")
    sup.fill('[name="starts_on"]', "2026-12-01")
    sup.fill('[name="ends_on"]', "2026-11-20")
    sup.fill('[name="description"]', "集中清理占道等活、乱摆摊点。")
    for d in UNITS:
        sup.get_by_label(units[d].name, exact=True).check()
    # A period ending before it starts is refused next to the field; the ticks are kept.
    sup.click("button:has-text('登记案件')")
    expect(sup.locator("#open-ends_on-note .error")).to_contain_text("结束日期不能早于开始日期")
    expect(sup.locator(f'[name="units"][value="{units["police"].pk}"]')).to_be_checked()
    assert not Case.objects.filter(kind="joint_operation").exists()
    sup.fill('[name="ends_on"]', "2026-12-10")
    shot(sup, screenshot_dir, "operation-new")
    sup.click("button:has-text('登记案件')")
    sup.wait_for_url(f"{base}/cases/*/")
    case = Case.objects.get(kind="joint_operation")
    expect(sup.locator("#case-status")).to_have_text("计划中")
    expect(sup.locator("#operation-progress")).to_contain_text("已报送 0 / 3")
    fire(sup, "start", {"comment": "按方案启动"}, "启动行动")
    expect(sup.locator("#case-status")).to_have_text("行动中")

    # 2. The police officer finds the task in the unit queue, opens an incident during the
    #    operation and reports it with the results.
    pol_ctx, pol = signed_in(browser, base, "police.officer.xuecheng", "/queue/")
    expect(pol.locator(f'tr[data-case="{case.number}"]')).to_be_visible()
    pol.goto(f"{base}/cases/new/?kind=security_incident")
    pol.select_option("select[name=incident_type]", "provoking_trouble")
    pol.fill('[name="description"]', "行动中发现有人在市场门口寻衅滋事。")
    pol.click("button:has-text('登记案件')")
    pol.wait_for_url(f"{base}/cases/*/")
    incident = Case.objects.get(kind="security_incident")
    pol.goto(f"{base}/queue/")
    pol.click(f'tr[data-case="{case.number}"] a.case-number')
    pol.wait_for_url(f"{base}/cases/{case.pk}/")
    expect(pol.locator(f"#operation-report-{units['market'].pk}")).to_have_count(0)
    _report(
        pol,
        units["police"].pk,
        {
            "markets_inspected": "3",
            "persons_educated": "45",
            "persons_dispersed": "38",
            "stalls_cleared": "0",
        },
        "维护现场秩序，劝离占道等活人员。",
        cases=incident.number,
    )
    expect(pol.locator("#operation-progress")).to_contain_text("已报送 1 / 3")
    expect(pol.locator("#operation-cases")).to_contain_text(incident.number)
    assert OperationLink.objects.get(case=incident).operation_id == case.pk
    pol.goto(f"{base}/queue/")
    expect(pol.locator(f'tr[data-case="{case.number}"]')).to_have_count(0)

    # 3. The market officer claims the task, then reports.
    mkt_ctx, mkt = signed_in(browser, base, "market.officer.xuecheng", f"/cases/{case.pk}/")
    mkt.click("button:has-text('认领薛城区市场监督管理局的报送任务')")
    expect(mkt.locator(".message-success")).to_contain_text("已认领")
    mkt.goto(f"{base}/")
    expect(mkt.locator(f'tr[data-case="{case.number}"]')).to_be_visible()
    mkt.goto(f"{base}/cases/{case.pk}/")
    _report(
        mkt,
        units["market"].pk,
        {
            "markets_inspected": "3",
            "persons_educated": "60",
            "persons_dispersed": "0",
            "stalls_cleared": "2",
        },
        "检查经营主体资质。",
    )
    expect(mkt.locator("#case-status")).to_have_text("行动中")

    # 4. The housing officer reports last: the reporting is complete.
    hou_ctx, hou = signed_in(browser, base, "housing.officer.xuecheng", f"/cases/{case.pk}/")
    _report(
        hou,
        units["housing"].pk,
        {
            "markets_inspected": "2",
            "persons_educated": "0",
            "persons_dispersed": "0",
            "stalls_cleared": "17",
        },
        "清理占道摊点，恢复通行。",
    )
    expect(hou.locator("#case-status")).to_have_text("各单位已报送")
    expect(hou.locator("#operation-progress")).to_contain_text("已报送 3 / 3")
    shot(hou, screenshot_dir, "operation-reported")

    # 5. The 人社 officer writes the summary from the unit queue; the supervisor closes.
    off_ctx, off = signed_in(browser, base, "hrss.officer.xuecheng", "/queue/")
    off.click(f'tr[data-case="{case.number}"] a.case-number')
    off.wait_for_url(f"{base}/cases/{case.pk}/")
    expect(off.locator("#operation-units tfoot")).to_contain_text("19")
    fire(off, "submit_summary", {"summary": "三个单位完成任务，秩序明显好转。"}, "提交行动总结")
    expect(off.locator("#case-status")).to_have_text("总结待审批")
    sup.goto(f"{base}/approvals/")
    sup.click(f'tr[data-case="{case.number}"] a.case-number')
    sup.wait_for_url(f"{base}/cases/{case.pk}/")
    fire(sup, "approve_closure", {"comment": "同意结案"}, "批准结案")
    expect(sup.locator("#case-status")).to_have_text("已结案")
    expect(sup.locator("#operation-summary")).to_contain_text("秩序明显好转")
    shot(sup, screenshot_dir, "operation-closed")
    assert Case.objects.get(pk=case.pk).status == "closed"
    for ctx in (sup_ctx, pol_ctx, mkt_ctx, hou_ctx, off_ctx):
        ctx.close()
