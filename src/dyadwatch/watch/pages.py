"""An article page as a ``Document``: main text and the page's own metadata (trafilatura).

Menus, footers and "read more" boxes are left out, because their sentences would be
coded as events of every article on the site. Publisher, author, title and date come
from the page's metadata when it has them, else from what the feed said about the
entry; the body text is never mined for a publication date (dates in the body are
usually event dates).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import trafilatura

from dyadwatch.ingest.dates import parse_date
from dyadwatch.ingest.normalize import clean_newlines, document_id
from dyadwatch.model import Document
from dyadwatch.watch.feeds import Item

_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class PageError(Exception):
    """A page with no article text; the message is one line."""


def _text(meta: object | None, name: str) -> str | None:
    value = getattr(meta, name, None) if meta is not None else None
    return (value.strip() or None) if isinstance(value, str) else None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def page_document(
    html: bytes, url: str, item: Item | None = None, publisher: str | None = None
) -> Document:
    """The article on ``html`` as a Document; ``publisher`` is the fallback (feed title)."""
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # lxml on hostile markup: report, never crash the watcher
        raise PageError(f"{url}: cannot parse HTML ({type(exc).__name__})") from None
    text = getattr(extracted, "text", None) or ""
    if not text.strip():
        # Short pages fall under trafilatura's size threshold; take the visible text.
        try:
            _, text, _ = trafilatura.baseline(html)
        except Exception:
            text = ""
    text = clean_newlines(text or "").strip()
    if not text:
        raise PageError(f"{url}: no article text found on the page")
    item = item or Item(url=url)
    return Document(
        id=document_id(text),
        text=text,
        external_id=url,
        title=_text(extracted, "title") or item.title,
        url=url,
        publisher=_text(extracted, "sitename") or publisher or urlsplit(url).hostname,
        author=_text(extracted, "author") or item.author,
        published=_date(_text(extracted, "date")) or item.published,
        language=_text(extracted, "language") or "en",
    )


def text_document(
    text: str, url: str, item: Item | None = None, publisher: str | None = None
) -> Document:
    """A plain-text article (``text/plain``) as a Document, dated by its feed entry."""
    text = clean_newlines(text).strip()
    if not text:
        raise PageError(f"{url}: the page is empty")
    item = item or Item(url=url)
    return Document(
        id=document_id(text),
        text=text,
        external_id=url,
        title=item.title,
        url=url,
        publisher=publisher or urlsplit(url).hostname,
        author=item.author,
        published=item.published,
    )
