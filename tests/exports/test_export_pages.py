"""The export links of the case list page and the page of a background export."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from casework.models import CaseExport
from tests.api.conftest import login

from .conftest import read_export


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed_numbers(client: Client, query: str) -> list[str]:
    html = client.get(f"/cases/?{query}").content.decode()
    return re.findall(r'data-case="([^"]+)"', html)


def export_links(client: Client, query: str) -> dict[str, str]:
    html = client.get(f"/cases/?{query}").content.decode()
    return {
        fmt: unescape(href)
        for fmt, href in re.findall(r'id="export-(csv|xlsx)" href="([^"]+)"', html)
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "query", ["", "overdue=on", "q=薛城用人单位3", "jurisdiction=xuecheng&page=1"]
)
def test_the_page_exports_what_it_lists(cases, hrss_officer, fmt, query):
    client = client_for(hrss_officer)
    numbers = listed_numbers(client, query)
    assert numbers
    href = export_links(client, query)[fmt]
    assert "page=" not in href and href.endswith(f"format={fmt}")
    r = client.get(href)
    assert r.status_code == 200
    assert [row[0] for row in read_export(fmt, r.content)[1:]] == numbers


def test_page_and_api_agree(cases, hrss_officer):
    page = client_for(hrss_officer).get("/cases/export/?overdue=on&format=csv")
    api = login(hrss_officer).get("/api/v1/cases/export/", {"overdue": "true", "format": "csv"})
    assert read_export("csv", page.content)[1:] == read_export("csv", api.content)[1:]


@pytest.mark.parametrize("fmt", ["", "pdf"])
def test_a_bad_format_is_400(cases, hrss_officer, fmt):
    r = client_for(hrss_officer).get(f"/cases/export/?format={fmt}")
    assert r.status_code == 400 and "format" in r.content.decode()


def test_anonymous_goes_to_login(cases):
    r = Client().get("/cases/export/?format=csv")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_a_large_export_leads_to_its_progress_page(
    cases, hrss_officer, hrss_officer2, settings, tmp_path
):
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_for(hrss_officer)
    r = client.get("/cases/export/?format=xlsx")
    job = CaseExport.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/exports/{job.pk}/"
    page = client.get(r["Location"]).content.decode()
    assert "导出进度" in page and 'id="export-progress"' in page
    progress = client.get(f"/exports/{job.pk}/progress/").json()
    assert progress["status"] == "pending" and progress["download_url"] is None
    assert client.get(f"/exports/{job.pk}/download/").status_code == 409

    from casework.actions.exports import export_job_run

    export_job_run(job.pk)
    progress = client.get(f"/exports/{job.pk}/progress/").json()
    assert progress["status"] == "finished" and progress["done"] == 4
    r = client.get(progress["download_url"])
    assert r.status_code == 200
    assert len(read_export("xlsx", b"".join(r.streaming_content))) == 5

    other = client_for(hrss_officer2)
    for url in (f"/exports/{job.pk}/", f"/exports/{job.pk}/progress/", progress["download_url"]):
        assert other.get(url).status_code == 404
