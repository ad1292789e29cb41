"""Two people on a shared case, in two browsers: an HR officer and a police officer of the
task force see each other in the room and each other's messages live, without reloading.

Chromium (Playwright) against daphne in a subprocess: pytest-django's live server speaks
only HTTP, and the room needs the WebSocket."""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from playwright.sync_api import Page, expect

from tests.api.conftest import png_bytes

from .conftest import PASSWORD, make_crew

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def signed_in(browser, base: str, username: str, next_url: str) -> Page:
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_url(f"{base}{next_url}")
    return page


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of the room when SCREENSHOT_DIR asks for them."""
    target = os.environ.get("SCREENSHOT_DIR")
    if target:
        os.makedirs(target, exist_ok=True)
        page.locator("#room").screenshot(path=os.path.join(target, f"{name}.png"))


def say(page: Page, text: str) -> None:
    page.fill("#room-text", text)
    page.click("#room-form button[type=submit]")


def test_hr_and_police_see_each_other_live(server, browser, tmp_path):
    crew = make_crew()
    # The HR supervisor forms the task force from the case page.
    case_url = f"/cases/{crew.case.pk}/"
    supervisor = signed_in(browser, server.http, crew.supervisor.username, case_url)
    supervisor.locator("#action-taskforce summary").click()
    supervisor.fill("#tf-username", crew.police.username)
    supervisor.click("#action-taskforce button[type=submit]")
    expect(supervisor.locator("#tf-members")).to_contain_text(crew.police.username)
    supervisor.context.close()

    hr = signed_in(browser, server.http, crew.officer.username, case_url)
    police = signed_in(browser, server.http, crew.police.username, case_url)
    for page in (hr, police):
        expect(page.locator("#room-conn")).to_have_attribute("data-state", "online")
        expect(page.locator("#room-online .room-user")).to_have_count(2)
        expect(page.locator("#room-online")).to_contain_text(crew.officer.username)
        expect(page.locator("#room-online")).to_contain_text(crew.police.username)

    say(police, "派出所已出警，现场有二十余名工人")
    expect(hr.locator("#room-messages")).to_contain_text("派出所已出警，现场有二十余名工人")
    expect(police.locator("#room-messages .room-mine")).to_contain_text("派出所已出警")

    say(hr, "人社局劳动监察已到场，正在核对工资表")
    expect(police.locator("#room-messages")).to_contain_text("人社局劳动监察已到场")

    # Evidence posted in the room reaches the other browser with its hash.
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png_bytes())
    police.set_input_files("#room-file", str(photo))
    say(police, "现场照片")
    digest = hashlib.sha256(png_bytes()).hexdigest()
    expect(hr.locator("#room-messages .room-att")).to_contain_text(digest)
    expect(hr.locator("#room-messages .room-att a")).to_have_text("现场照片.png")

    shot(hr, "room-hr")
    shot(police, "room-police")

    # Neither page reloaded: both still hold every message, in order, once.
    for page in (hr, police):
        texts = page.locator("#room-messages .room-text").all_inner_texts()
        assert texts == [
            "派出所已出警，现场有二十余名工人",
            "人社局劳动监察已到场，正在核对工资表",
            "现场照片",
        ]

    # When the police officer leaves, the HR officer sees them go.
    police.context.close()
    expect(hr.locator("#room-online .room-user")).to_have_count(1)
    expect(hr.locator("#room-online")).not_to_contain_text(re.compile("police"))
    hr.context.close()
