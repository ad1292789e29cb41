"""The English locale: every message translated, Chinese stays the default."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from casework.kinds import get_kind
from casework.models import MarketKind, MarketStatus, Priority
from disputes.wage_arrears.models import WageStatus
from permissions.models import Role

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def read_po(path: Path) -> list[dict]:
    """Entries of a PO file: their flags and msgctxt/msgid/msgid_plural/msgstr[...] fields."""
    entries: list[dict] = []
    entry: dict | None = None
    field = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None or (
            line.startswith(("#", "msgid ", "msgctxt"))
            and any(k.startswith("msgstr") for k in entry["fields"])
        ):
            if entry:
                entries.append(entry)
            entry = {"flags": set(), "fields": {}}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#~"):
            entry["flags"].add("obsolete")
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry["fields"][field] += _unquote(line)
        else:
            field = line.split(" ", 1)[0]
            entry["fields"][field] = _unquote(line)
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    # Obsolete entries (#~, kept by makemessages without --no-obsolete) are not looked up.
    return [e for e in read_po(LOCALE / "django.po") if "obsolete" not in e["flags"]]


def test_every_message_is_translated(po_entries):
    header, *messages = po_entries
    assert header["fields"]["msgid"] == ""
    assert "Language: en" in header["fields"]["msgstr"]
    assert len(messages) > 300
    for entry in po_entries:
        assert "fuzzy" not in entry["flags"], entry["fields"]
    for entry in messages:
        fields = entry["fields"]
        strings = [v for k, v in fields.items() if k.startswith("msgstr")]
        assert strings and all(strings), f"untranslated: {fields['msgid']!r}"
        # Placeholders survive translation, or the English page would raise or lose data.
        placeholders = set(re.findall(r"%\(\w+\)s", fields["msgid"]))
        for s in strings:
            assert set(re.findall(r"%\(\w+\)s", s)) == placeholders, fields["msgid"]
            assert not re.search(r"[\u4e00-\u9fff]", s), f"Chinese left in {s!r}"


def test_compiled_catalogue_matches_the_po_file(po_entries):
    with (LOCALE / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    for entry in po_entries[1:]:
        fields = entry["fields"]
        msgid = fields["msgid"]
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        if "msgid_plural" in fields:
            assert catalogue.ngettext(msgid, fields["msgid_plural"], 1) == fields["msgstr[0]"]
        else:
            assert catalogue.gettext(msgid) == fields["msgstr"], msgid


def test_statuses_and_labels_switch_language():
    spec = get_kind("wage_arrears")
    with translation.override("en"):
        assert str(WageStatus.SUBMITTED.label) == "Awaiting acceptance"
        assert spec.status_label("closed") == "Closed"
        assert str(spec.label) == "Wage-arrears complaint"
        assert str(spec.transitions["order_payment"].label) == "Order payment"
        assert str(Role.SUPERVISOR.label) == "Supervisor"
        assert str(MarketStatus.BANNED.label) == "Banned"
        assert str(MarketKind.INFORMAL.label) == "Informal"
        assert str(Priority.HIGH.label) == "Urgent"
    with translation.override("zh-hans"):
        assert str(WageStatus.SUBMITTED.label) == "待受理"
        assert spec.status_label("closed") == "已结案"
        assert str(spec.transitions["order_payment"].label) == "下达限期支付指令"
        assert str(Role.SUPERVISOR.label) == "审批人"
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_pages_are_chinese_first_and_english_on_request(client, db):

    english_browser = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "登录" in english_browser and "Sign in" not in english_browser
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        chosen = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    finally:
        # The request activated English in this thread; later tests expect the default.
        translation.activate(settings.LANGUAGE_CODE)
    assert "Sign in" in chosen and "登录" not in chosen
