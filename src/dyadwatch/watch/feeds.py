"""What a source lists: article links from RSS/Atom feeds and from URL lists.

Feeds are parsed by feedparser, which copes with the many dialects of RSS and Atom in
the wild. It is handed a byte stream, never a string: given a string, feedparser
would treat it as a URL or a file name and go and fetch it. A feed with recoverable
damage still yields its entries (with a warning); one that yields nothing is an error.
URL lists are either sitemaps (``<loc>`` elements) or plain text, one URL a line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree


class FeedError(Exception):
    """A feed or list that yields no links; the message is one line."""


@dataclass(frozen=True)
class Item:
    """One article a source points to, with what the source says about it."""

    url: str
    title: str | None = None
    published: dt.date | None = None
    author: str | None = None


@dataclass(frozen=True)
class Listing:
    items: list[Item]
    title: str | None = None
    warning: str | None = None


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _entry_date(entry: dict) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
            except (OverflowError, ValueError, TypeError):
                continue
    return None


# Complaints about the HTTP headers rather than the feed: not worth a warning.
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(content: bytes, base_url: str, content_type: str | None = None) -> Listing:
    """Entries of an RSS 2.0 / Atom / RDF feed, in feed order, with absolute links."""
    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    items: list[Item] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not isinstance(link, str):
            continue
        url = urljoin(base_url, link.strip())
        if not _is_http(url) or url in seen:
            continue
        seen.add(url)
        items.append(
            Item(
                url=url,
                title=(entry.get("title") or "").strip() or None,
                published=_entry_date(entry),
                author=(entry.get("author") or "").strip() or None,
            )
        )
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _BENIGN) and items:
        problem = None
    reason = str(problem).strip().splitlines()[0] if problem else None
    if not items:
        if reason:
            raise FeedError(f"{base_url}: not a well-formed feed ({reason})")
        if not parsed.get("version"):
            raise FeedError(f"{base_url}: not an RSS or Atom feed")
    title = (parsed.feed.get("title") or "").strip() or None
    warning = f"feed has errors, {len(items)} entries recovered ({reason})" if reason else None
    return Listing(items=items, title=title, warning=warning)


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)


def _list_entry(raw: str, base_url: str | None) -> str | None:
    """An absolute http(s) URL, or a root-relative path (``/news/a.html``) joined to the base."""
    if not raw or any(c.isspace() for c in raw):
        return None
    if raw.startswith("/") and not raw.startswith("//") and base_url:
        raw = urljoin(base_url, raw)
    return raw if _is_http(raw) else None


def parse_url_list(content: bytes, base_url: str | None = None) -> Listing:
    """URLs of a sitemap (``<urlset>`` ``<loc>``s) or a text list.

    Text lists take one URL a line; blank lines and lines starting with ``#`` are skipped.
    A sitemap index (a list of sitemaps) is refused with a hint: each child sitemap is
    a source of its own, polled and reported on its own.
    """
    head = content.lstrip()[:200].lower()
    urls: list[str] = []
    where = base_url or "list"
    if head.startswith(b"<"):
        try:
            root = etree.fromstring(content, _XML_PARSER)
        except etree.XMLSyntaxError as exc:
            raise FeedError(f"{where}: not well-formed XML ({exc})") from None
        if etree.QName(root).localname == "sitemapindex":
            raise FeedError(f"{where}: a sitemap index; list its child sitemaps as sources")
        urls = [
            (el.text or "").strip()
            for el in root.iter()
            if isinstance(el.tag, str) and etree.QName(el).localname == "loc"
        ]
    else:
        text = content.decode("utf-8", "replace")
        urls = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    items: list[Item] = []
    seen: set[str] = set()
    bad = 0
    for raw in urls:
        url = _list_entry(raw, base_url)
        if url is None:
            bad += 1
        elif url not in seen:
            seen.add(url)
            items.append(Item(url=url))
    if not items and urls:
        raise FeedError(f"{where}: no http(s) URLs in the list")
    warning = f"{bad} entries are not http(s) URLs and were skipped" if bad else None
    return Listing(items=items, warning=warning)
