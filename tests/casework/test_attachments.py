"""Evidence files: type by content, size limit, SHA-256, immutability, audited downloads."""

from __future__ import annotations

import hashlib
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.actions import case_attach, case_transition, record_download
from casework.errors import CaseNotFound, InvalidInput, NotPermitted
from casework.models import Attachment, AuditEvent, TimelineEntry


def png_bytes(pad: int = 0) -> bytes:
    """A real 1×1 PNG (optionally padded with an ancillary text chunk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    if pad:
        body += chunk(b"tEXt", b"c\x00" + b"x" * pad)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _rows(case) -> tuple[int, int, int]:
    return (
        Attachment.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
        TimelineEntry.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("工资表.pdf", PDF, "application/pdf"),
        ("现场照片.jpg", JPEG, "image/jpeg"),
        ("截图.png", png_bytes(), "image/png"),
        # Named as a PDF, a PNG by content: stored as what it is.
        ("欠条.pdf", png_bytes(), "image/png"),
        ("no-extension", PDF, "application/pdf"),
    ],
)
def test_type_is_taken_from_the_content(name, content, mime, wage_case, hrss_officer):
    att = case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=_upload(name, content))
    assert att.content_type == mime
    assert att.original_name == name
    assert att.size == len(content)
    assert att.sha256 == hashlib.sha256(content).hexdigest()
    with att.file.open("rb") as fh:
        assert fh.read() == content
    assert att.sha256 in att.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("证据.jpg", "这是一段文字，不是图片。".encode()),
        ("证据.pdf", b"MZ\x90\x00" + b"\x00" * 64),  # a Windows executable
        ("证据.png", b"PK\x03\x04" + b"\x00" * 64),  # a zip archive
        ("空.pdf", b""),
    ],
)
def test_other_content_is_refused_naming_file(name, content, wage_case, hrss_officer):
    before = _rows(wage_case)
    with pytest.raises(InvalidInput) as exc:
        case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=_upload(name, content))
    assert "file" in exc.value.errors
    assert exc.value.status_code == 400
    assert _rows(wage_case) == before


def test_size_limit(wage_case, hrss_officer, settings):
    content = png_bytes(pad=2000)
    settings.ATTACHMENT_MAX_BYTES = len(content)
    att = case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=_upload("a.png", content))
    assert att.size == settings.ATTACHMENT_MAX_BYTES
    before = _rows(wage_case)
    with pytest.raises(InvalidInput) as exc:
        case_attach(
            actor=hrss_officer,
            case_id=wage_case.pk,
            upload=_upload("b.png", png_bytes(pad=2001)),
        )
    assert "file" in exc.value.errors
    assert _rows(wage_case) == before


def test_missing_file_and_long_description(wage_case, hrss_officer):
    before = _rows(wage_case)
    with pytest.raises(InvalidInput) as exc:
        case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=None)
    assert "file" in exc.value.errors
    with pytest.raises(InvalidInput) as exc:
        case_attach(
            actor=hrss_officer,
            case_id=wage_case.pk,
            upload=_upload("a.pdf", PDF),
            description="很" * 201,
        )
    assert "description" in exc.value.errors
    assert _rows(wage_case) == before


def test_upload_is_audited_and_on_the_timeline(wage_case, hrss_officer):
    att = case_attach(
        actor=hrss_officer,
        case_id=wage_case.pk,
        upload=_upload("工资表.pdf", PDF),
        description="2025年9月工资表",
    )
    ev = AuditEvent.objects.order_by("-id").first()
    assert ev.verb == "casework.attachment.added"
    assert (ev.object_type, ev.object_id, ev.case_id) == (
        "casework.attachment",
        str(att.pk),
        wage_case.pk,
    )
    assert ev.payload == {
        "name": "工资表.pdf",
        "sha256": att.sha256,
        "size": len(PDF),
        "type": "application/pdf",
    }
    entry = TimelineEntry.objects.filter(case=wage_case).last()
    assert entry.verb == "attachment" and "工资表.pdf" in entry.text
    assert entry.public_text == ""  # evidence is not announced to the complainant


def test_attachments_are_immutable(wage_case, hrss_officer):
    att = case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=_upload("a.pdf", PDF))
    att.description = "改过"
    with pytest.raises(PermissionError):
        att.save()
    stored = Attachment.objects.get(pk=att.pk)
    assert stored.description == ""
    with pytest.raises(PermissionError):
        stored.save(update_fields=["description"])


def test_download_is_audited(wage_case, hrss_officer, city_viewer):
    att = case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=_upload("a.pdf", PDF))
    for user in (hrss_officer, city_viewer):
        record_download(actor=user, attachment=att)
        ev = AuditEvent.objects.order_by("-id").first()
        assert ev.verb == "casework.attachment.downloaded"
        assert ev.actor_id == user.pk
        assert (ev.object_type, ev.object_id) == ("casework.attachment", str(att.pk))
        assert ev.payload == {"sha256": att.sha256}


def test_invisible_case_is_not_found(
    wage_case, hrss_officer, other_district_officer, market_officer, police_officer
):
    att = case_attach(actor=hrss_officer, case_id=wage_case.pk, upload=_upload("a.pdf", PDF))
    before = _rows(wage_case)
    for outsider in (other_district_officer, market_officer, police_officer):
        with pytest.raises(CaseNotFound) as exc:
            case_attach(actor=outsider, case_id=wage_case.pk, upload=_upload("b.pdf", PDF))
        assert exc.value.status_code == 404
        with pytest.raises(CaseNotFound):
            record_download(actor=outsider, attachment=att)
    with pytest.raises(CaseNotFound):
        case_attach(actor=hrss_officer, case_id=wage_case.pk + 999, upload=_upload("b.pdf", PDF))
    assert _rows(wage_case) == before


def test_who_may_attach(wage_case, hrss_officer, hrss_supervisor, city_viewer, police_officer):
    before = _rows(wage_case)
    with pytest.raises(NotPermitted):
        case_attach(actor=city_viewer, case_id=wage_case.pk, upload=_upload("a.pdf", PDF))
    assert _rows(wage_case) == before
    case_attach(actor=hrss_supervisor, case_id=wage_case.pk, upload=_upload("a.pdf", PDF))
    # The police unit may add evidence once the case was transferred to it.
    case_transition(actor=hrss_officer, case_id=wage_case.pk, name="accept")
    case_transition(
        actor=hrss_supervisor,
        case_id=wage_case.pk,
        name="transfer_to_police",
        data={"reason": "涉嫌拒不支付劳动报酬罪"},
    )
    att = case_attach(actor=police_officer, case_id=wage_case.pk, upload=_upload("笔录.pdf", PDF))
    assert att.uploaded_by_id == police_officer.pk
