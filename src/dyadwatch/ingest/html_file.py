"""HTML pages: the article's main text and the page's own metadata, via trafilatura.

Only metadata and structured markup are trusted for the date (no guessing from dates
mentioned in the body, which are usually event dates, not the publication date).
"""

from __future__ import annotations

import datetime as dt
import os

import trafilatura

from dyadwatch.ingest.dates import date_from_filename, parse_date
from dyadwatch.ingest.decoding import DEFAULT_MAX_BYTES, NotText, read_text_file
from dyadwatch.ingest.limits import MAX_DOCUMENT_CHARS, length_problem
from dyadwatch.ingest.normalize import clean_newlines, document_id
from dyadwatch.model import Document, InputError

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _main_text(html: str) -> tuple[str, object | None]:
    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = getattr(extracted, "text", None) or ""
    if not text.strip():
        # Very short pages fall under trafilatura's size threshold; take all visible text.
        _, text, _ = trafilatura.baseline(html)
    return text or "", extracted


def _meta_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def _meta_str(meta: object | None, name: str) -> str | None:
    value = getattr(meta, name, None) if meta is not None else None
    return (value.strip() or None) if isinstance(value, str) else None


def read_html(
    path: str,
    published: dt.date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_DOCUMENT_CHARS,
) -> Document | InputError:
    """One HTML page. Date: page metadata, else ``published``, else the file name's date."""
    try:
        html = read_text_file(path, max_bytes)
    except NotText as exc:
        return InputError(path=path, line=None, message=str(exc))
    except OSError as exc:
        return InputError(path=path, line=None, message=f"cannot read: {exc.strerror or exc}")
    if not html.strip():
        return InputError(path=path, line=None, message="empty file")
    try:
        text, meta = _main_text(html)
    except Exception as exc:  # trafilatura/lxml on hostile markup: report, never crash
        return InputError(path=path, line=None, message=f"cannot parse HTML: {exc}")
    text = clean_newlines(text).strip()
    if not text:
        return InputError(path=path, line=None, message="no article text found in HTML")
    if too_long := length_problem(text, max_chars):
        return InputError(path=path, line=None, message=too_long)
    return Document(
        id=document_id(text),
        text=text,
        external_id=path,
        title=_meta_str(meta, "title"),
        url=_meta_str(meta, "url"),
        publisher=_meta_str(meta, "sitename") or _meta_str(meta, "hostname"),
        author=_meta_str(meta, "author"),
        published=_meta_date(getattr(meta, "date", None))
        or published
        or date_from_filename(os.path.basename(path)),
        language=_meta_str(meta, "language") or "en",
        source_path=path,
    )
