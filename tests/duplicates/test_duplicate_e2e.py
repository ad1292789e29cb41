"""In Chromium: an officer sees a duplicate complaint suggested on the case page and merges
it; the merged complaint's tracking number then shows the surviving case's status."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from casework.kinds import MERGED
from casework.models import Case
from tests.browser.helpers import PHONE, demo_members, fresh, shot, signed_in, track
from tests.factories import open_wage_case

from .conftest import open_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_merges_a_suggested_duplicate(live_server, browser, screenshot_dir):
    base = live_server.url
    demo_members([("hrss.officer.xuecheng", "hrss", "xuecheng", "officer")])
    survivor = open_wage_case()
    dup = open_complaint()
    code = dup.access_code

    context, page = signed_in(browser, base, "hrss.officer.xuecheng", f"/cases/{survivor.pk}/")
    # The survivor is accepted first, so that its status differs from the duplicate's.
    block = page.locator("#action-accept")
    block.locator("summary").click()
    block.locator('[name="comment"]').fill("材料齐全，予以受理。")
    block.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text("已完成")

    page.goto(f"{base}/cases/{dup.pk}/")
    suggestion = page.locator(f'#duplicates li[data-case="{survivor.pk}"]')
    expect(suggestion).to_contain_text(survivor.number)
    expect(suggestion).to_contain_text("同一用人单位")
    shot(page, screenshot_dir, "duplicate-suggested")
    merge = page.locator("#action-merge")
    merge.locator("summary").click()
    merge.locator('[name="into"]').select_option(str(survivor.pk))
    merge.locator('[name="reason"]').fill("同一用人单位同一工地的重复投诉。")
    merge.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/cases/{survivor.pk}/")
    expect(page.locator(".message-success")).to_contain_text("本案已并入案件")
    expect(page.locator("#merged-from")).to_contain_text(dup.number)
    shot(page, screenshot_dir, "duplicate-merged")

    page.goto(f"{base}/cases/{dup.pk}/")
    expect(page.locator("#case-status")).to_have_text("已合并")
    expect(page.locator("#merged-into-link")).to_have_text(survivor.number)
    context.close()

    survivor = Case.objects.get(pk=survivor.pk).as_kind()
    assert Case.objects.get(pk=dup.pk).status == MERGED
    assert survivor.status == "investigating"

    context, page = fresh(browser, PHONE)
    text = track(page, base, dup.tracking_number, code)
    expect(page.locator("#public-status")).to_have_text(survivor.get_status_display())
    assert dup.tracking_number in text
    assert "合并办理" in text
    shot(page, screenshot_dir, "duplicate-public-status")
    context.close()
