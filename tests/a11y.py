"""Accessibility checks for browser tests: axe-core against WCAG 2.1 A/AA, the phone
width, and the keyboard.

axe-core is vendored under tests/vendor/axe-core/ (never served by the app) and injected
into the page under test. Any page can be checked: open it in a Playwright page, then

    assert_accessible(page)               # axe, WCAG 2.1 A + AA rules
    assert_fits_width(page)               # no horizontal scrolling at the viewport width
    order = tab_order(page)               # what Tab reaches, in order

`PHONE_360` is a 360-px-wide phone context (the narrowest common Android width).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
}


def axe_violations(page: Page, *, tags: list[str] | None = None, context: str = "document"):
    """The axe violations of the page as it is now (a list of axe's result objects)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async ([selector, tags]) => {
            const root = selector === "document" ? document : document.querySelector(selector);
            const result = await axe.run(root, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        [context, tags or WCAG21_AA],
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {(node['summary'] or '').splitlines()[-1]}")
    return "\n".join(lines)


def assert_accessible(page: Page, *, tags: list[str] | None = None) -> None:
    """No axe violation of the WCAG 2.1 A and AA rules (or of `tags`) on the page."""
    violations = axe_violations(page, tags=tags)
    assert not violations, f"axe found violations on {page.url}:\n{describe(violations)}"


def assert_fits_width(page: Page) -> None:
    """Nothing makes the page scroll sideways at the viewport's width."""
    sizes = page.evaluate(
        """() => ({
            viewport: document.documentElement.clientWidth,
            page: document.documentElement.scrollWidth,
            body: document.body.scrollWidth,
            wide: [...document.querySelectorAll("body *")]
                .filter(el => el.getBoundingClientRect().right >
                              document.documentElement.clientWidth + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                           + (el.className && typeof el.className === "string"
                              ? "." + el.className.trim().split(/\\s+/).join(".") : "")),
        })"""
    )
    assert sizes["page"] <= sizes["viewport"] and sizes["body"] <= sizes["viewport"], (
        f"{page.url} scrolls sideways at {sizes['viewport']} px: {sizes}"
    )


def tab_order(page: Page, *, limit: int = 200) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page or comes round again;
    what received focus, in order: tag, id, name, type, and whether it is visible and
    within the viewport's width. Consecutive stops on one control count once."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    seen: list[dict] = []
    keys: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const r = el.getBoundingClientRect();
                return {
                    tag: el.tagName.toLowerCase(), id: el.id || "",
                    name: el.getAttribute("name") || "", type: el.getAttribute("type") || "",
                    text: (el.innerText || el.value || "").trim().slice(0, 40),
                    key: [...document.querySelectorAll("*")].indexOf(el),
                    visible: r.width > 0 && r.height > 0,
                    inside: r.left >= 0 && r.right <= document.documentElement.clientWidth + 1,
                };
            }"""
        )
        if info is None:
            break
        if seen and info["key"] == seen[-1]["key"]:
            continue  # the next part of one control (a date field's year, month, day)
        if info["key"] in keys:
            break
        keys.add(info["key"])
        seen.append(info)
    return seen


# The orders in which browsers lay out the parts of a date field.
DATE_ORDERS = (("%Y", "%m", "%d"), ("%m", "%d", "%Y"), ("%d", "%m", "%Y"))


def type_date(page: Page, day, order: tuple[str, ...]) -> None:
    """Type `day` into the focused date field, part by part in `order`. A two-digit month or
    day moves on to the next part by itself; a year (up to six digits) needs ArrowRight."""
    for i, part in enumerate(order):
        page.keyboard.type(day.strftime(part))
        if part == "%Y" and i < len(order) - 1:
            page.keyboard.press("ArrowRight")


def date_order(context) -> tuple[str, ...]:
    """The order of a date field's parts in this browser. It follows the browser's own
    locale, which a page cannot set: find it by typing into a bare date field."""
    from datetime import date

    probe = date(2026, 12, 31)
    page = context.new_page()
    try:
        for order in DATE_ORDERS:
            page.set_content('<input type="date" id="probe">')
            page.focus("#probe")
            type_date(page, probe, order)
            if page.eval_on_selector("#probe", "el => el.value") == probe.isoformat():
                return order
    finally:
        page.close()
    raise AssertionError("no known order of date parts works in this browser")
