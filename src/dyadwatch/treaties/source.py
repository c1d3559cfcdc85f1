"""Reading a treaty file into the plain text that is split, coded and stored.

Treaties arrive as typed text, saved web pages, or PDFs run through a text extractor;
every offset stored later points into the text returned here, so it is normalised once
(line endings, form feeds from PDF page breaks, Unicode NFC) and never again.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import trafilatura

from dyadwatch.treaties.errors import TreatyError

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def read_treaty_file(path: str | Path) -> str:
    """The normalised text of a .txt (or PDF-extracted text) or .html treaty file."""
    p = Path(path)
    if not p.is_file():
        raise TreatyError(f"{p}: no such file")
    if p.suffix.lower() == ".pdf":
        raise TreatyError(
            f"{p}: PDF files must be converted to text first (e.g. `pdftotext -layout {p.name}`)"
        )
    try:
        raw = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TreatyError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    if p.suffix.lower() in _HTML_SUFFIXES or raw.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        extracted = trafilatura.extract(raw, favor_recall=True, include_tables=True)
        if not extracted:
            raise TreatyError(f"{p}: no text could be extracted from the HTML")
        raw = extracted
    text = normalise(raw)
    if not text.strip():
        raise TreatyError(f"{p}: file is empty")
    return text


def normalise(text: str) -> str:
    """One form for stored treaty text: NFC, '\\n' line ends, page breaks as blank lines,
    no soft hyphens, and plain spaces for no-break ones (which hide headings from the
    splitter)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\x00", "").replace("\u00ad", "").replace("\u00a0", " ")
    return unicodedata.normalize("NFC", text)
