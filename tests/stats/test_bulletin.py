"""The monthly statistics report (统计通报) as a PDF, read back with poppler: its figures equal
the counts recomputed case by case from the seeded world (tests/stats/expected.py), scoped
like `GET /api/v1/stats/`, with the same 400/404, and every download audited."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from casework.models import AuditEvent, Case
from tests.documents.pdf import pdf_fonts, pdf_info, pdf_text, pdftotext

from . import expected

pytestmark = pytest.mark.django_db

DISTRICTS = {
    "xuecheng": "薛城区",
    "shizhong": "市中区",
    "tengzhou": "滕州市",
    "yicheng": "峄城区",
    "taierzhuang": "台儿庄区",
    "shanting": "山亭区",
}


def client_for(username: str) -> tuple[Client, object]:
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    return client, user


def busiest_month(path: str) -> str:
    """The complete month (`2026-11`) in which the labour bureau received most cases of the
    subtree, counted from the rows: the seeded world is dated relative to today."""
    this_month = timezone.localdate().strftime("%Y-%m")
    months = Counter(
        timezone.localtime(c.submitted_at).strftime("%Y-%m")
        for c in Case.objects.filter(
            jurisdiction_path__startswith=path, lead_department__code="hrss"
        )
    )
    return max((m for m in months if m < this_month), key=lambda m: months[m])


def month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def layout_text(data: bytes) -> str:
    return pdftotext(data, "-layout")


def ranking_rows(layout: str, names: dict[str, str]) -> dict[str, list[str]]:
    """The ranking's line of each name: rank, then the figures (受理, 超时, 办结, 解决率, 在办,
    超期, 追回工资) as printed."""
    rows = {}
    for line in layout.splitlines():
        for key, name in names.items():
            m = re.match(rf"^\s*(\d+)\s+{re.escape(name)}\s+(.*)$", line)
            if m:
                rows[key] = [m[1], *re.findall(r"—|\d[\d,.]*%?", m[2])]
    return rows


def report(client: Client, **params):
    return client.get("/api/v1/stats/report.pdf", params)


def headline_of(f: Counter, place: str) -> list[str]:
    """The phrases of 一、总体情况 with the counts recomputed from the rows."""
    return [
        f"{place}共受理案件{f['received']}件",
        f"按时办理{f['on_time']}件",
        f"超时办理{f['overdue']}件",
        f"至今仍在办理{f['open']}件",
        f"办结案件{f['closed']}件",
        f"问题得到解决{f['resolved']}件",
        f"帮助劳动者{f['workers_helped']}人",
        f"全部在办案件{f['backlog_open']}件",
        f"已超过办理期限{f['backlog_overdue']}件",
    ]


def test_city_report_prints_the_counts_recomputed_from_the_rows(seeded):
    client, viewer = client_for("hrss.viewer.city")
    month = busiest_month("city/")
    first, last = month_bounds(month)
    response = report(client, period=month)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="tongbao-city-{month}.pdf"'
    data = response.content
    text = pdf_text(data)

    today = timezone.localdate()
    total = expected.count(viewer, "city/", first, last, today)["figures"]["all"]
    # The month holds enough to make every comparison below mean something.
    assert total["received"] > 0 and total["overdue"] > 0 and total["closed"] > 0
    assert total["backlog_overdue"] > 0
    for phrase in headline_of(total, "枣庄市"):
        assert phrase in text, phrase
    year, number = month.split("-")
    for phrase in (
        "枣庄市人力资源和社会保障局",
        f"枣庄市{year}年{int(number)}月案件办理情况通报",
        f"枣庄人社统〔{year}〕{int(number)}号",
        "一、总体情况",
        "二、“三率”情况",
        "三、各辖区情况（按超时办理件数排序）",
        "四、各主办单位情况（按超时办理件数排序）",
        "五、按案件类型",
        "六、零工市场",
        "特此通报。",
        f"{today.year}年{today.month}月{today.day}日",
        "— 1 —".replace(" ", ""),
    ):
        assert phrase in text, phrase

    # Each district's line of the ranking, against its own recount; ranked by missed clocks.
    key = lambda c: c.jurisdiction_path.split("/")[1] or "city"  # noqa: E731
    areas = expected.count(viewer, "city/", first, last, today, key=key)["figures"]
    lines = ranking_rows(layout_text(data), DISTRICTS)
    seen = [code for code in DISTRICTS if areas[code]["received"] or areas[code]["backlog_open"]]
    assert len(seen) >= 3
    for code in seen:
        f = areas[code]
        _rank, received, overdue, closed, _rate, backlog, late, _wages = lines[code]
        assert [received, overdue, closed, backlog, late] == [
            str(f[k]) for k in ("received", "overdue", "closed", "backlog_open", "backlog_overdue")
        ], code
    ranked = sorted(seen, key=lambda code: int(lines[code][0]))
    assert [areas[c]["overdue"] for c in ranked] == sorted(
        (areas[c]["overdue"] for c in ranked), reverse=True
    )

    # The font is embedded, the page is A4, the metadata says what it is.
    fonts = pdf_fonts(data)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    assert any("WenKaiTGH" in f["name"] for f in fonts)
    info = pdf_info(data)
    assert "A4" in info["Page size"]
    assert info["Title"] == f"枣庄市{year}年{int(number)}月案件办理情况通报"
    assert info["Author"] == "枣庄市人力资源和社会保障局"

    # The download is audited with the SHA-256 of the bytes handed out.
    event = AuditEvent.objects.get(verb="casework.stats.bulletin_downloaded")
    assert event.actor == viewer
    assert event.payload["sha256"] == hashlib.sha256(data).hexdigest()
    assert event.payload["period"] == month and event.payload["jurisdiction"] == "city"
    assert event.payload["channel"] == "api"
    assert event.payload["received"] == total["received"]


def test_district_officer_gets_its_district_only(seeded):
    client, officer = client_for("hrss.officer.xuecheng")
    month = busiest_month("city/xuecheng/")
    first, last = month_bounds(month)
    response = report(client, period=month)
    assert response.status_code == 200
    text = pdf_text(response.content)
    f = expected.count(officer, "city/xuecheng/", first, last, timezone.localdate())
    f = f["figures"]["all"]
    assert f["received"] > 0
    for phrase in headline_of(f, "薛城区"):
        assert phrase in text, phrase
    assert "薛城区人力资源和社会保障局" in text
    assert "薛城人社统〔" in text
    # No other district's name, and not the city's bureau.
    for name in [n for code, n in DISTRICTS.items() if code != "xuecheng"] + ["枣庄市"]:
        assert name not in text, name

    # A jurisdiction outside its reach is refused as the statistics refuse it; nothing is
    # rendered or audited for it.
    for code in ("shizhong", "city"):
        refused = report(client, jurisdiction=code, period=month)
        assert refused.status_code == 404, code
        assert list(refused.json()) == ["jurisdiction"]
    assert report(client, jurisdiction="atlantis").status_code == 400
    events = AuditEvent.objects.filter(verb="casework.stats.bulletin_downloaded")
    assert [e.payload["jurisdiction"] for e in events] == ["xuecheng"]


def test_a_city_viewer_drills_into_a_district(seeded):
    client, _viewer = client_for("hrss.viewer.city")
    month = busiest_month("city/shizhong/")
    text = pdf_text(report(client, jurisdiction="shizhong", period=month).content)
    assert f"市中区{month[:4]}年{int(month[5:])}月案件办理情况通报" in text
    # Issued by the city's bureau, the caller's seat that reaches the district.
    assert "枣庄人社统〔" in text
    assert "薛城区" not in text and "滕州市" not in text


@pytest.mark.parametrize(
    "period",
    [
        "2026-13",
        "2026-00",
        "1999-01",
        "2026",
        "2026-Q4",
        "2026-11-05",
        "2026-10-01..2026-10-31",
        "last month",
        "x" * 500,
        "2099-01",
    ],
)
def test_a_period_that_is_not_a_month_begun_is_400(city_viewer, client, period):
    client.force_login(city_viewer)
    response = report(client, period=period)
    assert response.status_code == 400
    assert list(response.json()) == ["period"]
    assert not AuditEvent.objects.filter(verb="casework.stats.bulletin_downloaded").exists()


def test_default_month_strangers_and_the_page_route(city_viewer, other_district_officer, client):
    client.force_login(city_viewer)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    response = report(client)
    assert response.status_code == 200
    assert f"tongbao-city-{last_month}.pdf" in response["Content-Disposition"]
    # The current month may be asked for: its figures run to the moment they are read.
    assert report(client, period=today.strftime("%Y-%m")).status_code == 200
    # Whatever the client accepts, an error is JSON and the file is a PDF.
    assert report(client, period="2026-13", HTTP_ACCEPT="application/pdf").status_code == 400

    # The page route answers with error pages.
    page = client.get("/dashboard/report.pdf", {"period": "2026-Q4"})
    assert page.status_code == 400 and "按月出具" in page.content.decode()
    client.force_login(other_district_officer)
    assert client.get("/dashboard/report.pdf", {"jurisdiction": "xuecheng"}).status_code == 404
    ok = client.get("/dashboard/report.pdf", {"period": last_month})
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")
    channel = AuditEvent.objects.filter(verb="casework.stats.bulletin_downloaded").last()
    assert channel.payload["channel"] == "page"
    assert channel.payload["jurisdiction"] == "shizhong"

    nobody = get_user_model().objects.create_user("nobody", password="pw-nobody-123")
    client.force_login(nobody)
    assert report(client).status_code == 404
    client.logout()
    assert report(client).status_code in (401, 403)
    assert client.get("/dashboard/report.pdf").status_code == 302


def test_the_dashboard_offers_the_report_of_the_month_it_shows(city_viewer, client):
    client.force_login(city_viewer)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    page = client.get("/dashboard/", {"period": last_month})
    link = page.context["bulletin"]["url"]
    assert link == f"/dashboard/report.pdf?jurisdiction=city&period={last_month}"
    assert f'id="dash-report" href="{link.replace("&", "&amp;")}"' in page.content.decode()
    # A year shown: the last complete month is offered.
    page = client.get("/dashboard/", {"period": str(today.year), "jurisdiction": "xuecheng"})
    assert page.context["bulletin"]["url"].endswith(f"jurisdiction=xuecheng&period={last_month}")
