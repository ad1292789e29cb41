"""Reading PDFs back with poppler: the text (`pdftotext`) and the fonts (`pdffonts`)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def _run(tool: str, data: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(
            [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, str(path)],
            capture_output=True,
            check=True,
        )
    return out.stdout.decode("utf-8")


def pdftotext(data: bytes, *options: str) -> str:
    """pdftotext's output as is, in UTF-8, with `options` (`-layout`, `-bbox`, ...)."""
    return _run("pdftotext", data, *options, "-enc", "UTF-8")


def pdf_text(data: bytes) -> str:
    """The text, with the line breaks and layout spaces removed (a phrase may wrap)."""
    raw = _run("pdftotext", data, "-enc", "UTF-8")
    return "".join(raw.split())


def pdf_lines(data: bytes) -> list[str]:
    """The text's lines, each without its spaces, empty ones left out (reading order)."""
    raw = _run("pdftotext", data, "-enc", "UTF-8")
    return ["".join(line.split()) for line in raw.splitlines() if line.strip()]


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, with the line breaks and layout spaces removed."""
    raw = _run("pdftotext", data, "-enc", "UTF-8")
    return ["".join(page.split()) for page in raw.split("\f")]


def pdf_fonts(data: bytes) -> list[dict]:
    """pdffonts' table: one dict per font with its name, type and whether it is embedded."""
    lines = _run("pdffonts", data).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [type...] encoding emb sub uni object ID
        rows.append(
            {
                "name": parts[0],
                "type": " ".join(parts[1:-6]),
                "emb": parts[-5],
                "sub": parts[-4],
                "uni": parts[-3],
            }
        )
    # Every document sets text: a table of no fonts means the check read nothing, and a
    # caller's "every font is embedded" would hold over an empty table.
    assert rows, "pdffonts found no fonts"
    return rows


def pdf_info(data: bytes) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    info = {}
    for line in out.stdout.decode("utf-8").splitlines():
        key, _sep, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info
