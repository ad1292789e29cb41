"""What the browser tests share: the browsers' set-up, the demo users, and the few moves
every case walk makes (log in, fire a transition from the case page, keep a screenshot)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.factories import load_reference_data, member

PASSWORD = "gigcase-demo"
FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
# Browsers set up for Chinese, as the complainants' phones and the officers' desktops are.
PHONE = {
    "viewport": {"width": 375, "height": 812},
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN"}


def demo_members(people: list[tuple[str, str, str, str]]) -> dict:
    """Users (username, department, jurisdiction, role) with the demo password, by username,
    after loading the reference data."""
    load_reference_data()
    users = {}
    for username, department, jurisdiction, role in people:
        user = member(username, department, jurisdiction, role)
        user.set_password(PASSWORD)
        user.save()
        users[username] = user
    return users


def make_demo_users(*roles: str) -> dict:
    """`hrss.{role}.xuecheng` demo users (see `demo_members`), by role."""
    users = demo_members([(f"hrss.{r}.xuecheng", "hrss", "xuecheng", r) for r in roles])
    return {r: users[f"hrss.{r}.xuecheng"] for r in roles}


def shot(page: Page, directory: Path | None, name: str) -> None:
    if directory is not None:
        page.screenshot(path=str(directory / f"{name}.png"), full_page=True)


def login(page: Page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_url(f"{base}{next_url}")


def fire(
    page: Page,
    name: str,
    fields: dict[str, str],
    done: str,
    verdicts: dict[str, tuple[str, str]] | None = None,
) -> None:
    """Open a transition's form on the case page, fill it, submit, and see it succeed.

    `verdicts` fills a verdict table (the `results` of an inspection or a site check):
    item code -> ("pass" | "fail", note)."""
    block = page.locator(f"#action-{name}")
    block.locator("summary").click()
    for field, value in fields.items():
        control = block.locator(f'[name="{field}"]')
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    for code, (verdict, note) in (verdicts or {}).items():
        block.locator(f'[name="results.{code}.verdict"][value="{verdict}"]').check()
        if note:
            block.locator(f'[name="results.{code}.note"]').fill(note)
    block.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text(f"已完成：{done}")


def file_complaint(page: Page, base: str, kind: str, fields: dict[str, str]) -> tuple[str, str]:
    """File on the public page for `kind` (chosen from the page's kind links); returns the
    tracking number and access code shown once filed."""
    page.goto(f"{base}/complaint/")
    page.click(f"a[data-kind={kind}]")
    page.wait_for_url(f"{base}/complaint/?kind={kind}")
    expect(page.locator("select[name=kind]")).to_have_value(kind)
    page.select_option("select[name=jurisdiction]", "xuecheng")
    for field, value in fields.items():
        page.fill(f'[name="{field}"]', value)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click("button:has-text('提交投诉')")
    page.wait_for_url(f"{base}/complaint/filed/")
    return page.inner_text("#tracking-number").strip(), page.inner_text("#access-code").strip()


def track(page: Page, base: str, tracking: str, code: str) -> str:
    """The complainant's status page; returns its main text."""
    page.goto(f"{base}/track/")
    page.fill("#track-number", tracking)
    page.fill("#track-code", code)
    page.click("button:has-text('查询')")
    return page.inner_text("main")


def signed_in(browser, base: str, username: str, next_url: str, profile: dict = DESKTOP):
    """A fresh browser context for `username`, logged in and on `next_url`; returns
    (context, page)."""
    context, page = fresh(browser, profile)
    login(page, base, username, next_url)
    return context, page


def fresh(browser, profile: dict):
    """A new browser context (no cookies) with one page; returns (context, page)."""
    context = browser.new_context(**profile)
    context.set_default_timeout(15000)
    return context, context.new_page()
