"""Fetching and listing against a local server: politeness, limits, feed and list parsing."""

from __future__ import annotations

import time

import pytest

from dyadwatch.watch.config import FetchSettings
from dyadwatch.watch.feeds import FeedError, parse_feed, parse_url_list
from dyadwatch.watch.fetch import Disallowed, Fetcher, FetchError, TooLarge
from dyadwatch.watch.pages import page_document
from watch_site import Site

FAST = FetchSettings(timeout=0.3, retries=1, backoff=0.01, rate_limit=0, max_bytes=50_000)


@pytest.fixture()
def site():
    with Site() as s:
        yield s


def test_robots_txt_is_honoured_and_asked_once(site: Site) -> None:
    site.set("/robots.txt", "User-agent: dyadwatch\nDisallow: /private/\n", ctype="text/plain")
    site.set("/private/a.html", "<p>secret</p>")
    site.set("/public/a.html", "<p>open</p>")
    with Fetcher(FAST) as f:
        with pytest.raises(Disallowed, match="robots.txt"):
            f.get(site.url("/private/a.html"))
        assert f.get(site.url("/public/a.html")).content == b"<p>open</p>"
    assert site.hits["/private/a.html"] == 0
    assert site.hits["/robots.txt"] == 1
    assert site.headers["/public/a.html"][0]["User-Agent"].startswith("dyadwatch/")


def test_robots_can_be_switched_off(site: Site) -> None:
    site.set("/robots.txt", "User-agent: *\nDisallow: /\n", ctype="text/plain")
    site.set("/a.html", "<p>a</p>")
    with Fetcher(FetchSettings(**{**FAST.__dict__, "robots": False})) as f:
        assert f.get(site.url("/a.html")).status == 200
    assert site.hits["/robots.txt"] == 0


def test_conditional_get_returns_not_modified(site: Site) -> None:
    site.rss("/rss.xml", [("/a.html", "A", "2024-06-19")])
    with Fetcher(FAST) as f:
        first = f.get(site.url("/rss.xml"))
        assert first.etag and not first.not_modified
        second = f.get(site.url("/rss.xml"), etag=first.etag)
        assert second.not_modified and second.content == b""
    assert site.headers["/rss.xml"][1]["If-None-Match"] == first.etag


def test_server_errors_are_retried_then_reported_in_one_line(site: Site) -> None:
    site.set("/down.xml", "oops", status=500)
    with Fetcher(FAST) as f, pytest.raises(FetchError) as info:
        f.get(site.url("/down.xml"))
    assert site.hits["/down.xml"] == 2  # one try and one retry
    assert "HTTP 500" in str(info.value) and "\n" not in str(info.value)


def test_not_found_is_not_retried(site: Site) -> None:
    with Fetcher(FAST) as f, pytest.raises(FetchError, match="HTTP 404"):
        f.get(site.url("/gone.html"))
    assert site.hits["/gone.html"] == 1


def test_timeout_is_reported(site: Site) -> None:
    site.set("/slow.xml", "<rss/>", delay=1.0)
    with Fetcher(FAST) as f, pytest.raises(FetchError, match="timed out after 0.3s"):
        f.get(site.url("/slow.xml"))


def test_unreachable_host_is_one_clear_line() -> None:
    with Fetcher(FetchSettings(timeout=0.3, retries=0, rate_limit=0)) as f, \
            pytest.raises(FetchError) as info:
        f.get("http://127.0.0.1:9/rss.xml")
    assert "cannot connect" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("declared", [True, False])
def test_huge_page_stops_at_the_size_cap(site: Site, declared: bool) -> None:
    site.set("/huge.html", b"<p>" + b"x" * 400_000 + b"</p>", length=declared)
    with Fetcher(FAST) as f, pytest.raises(TooLarge, match="50,000-byte limit"):
        f.get(site.url("/huge.html"))
    assert site.hits["/huge.html"] == 1  # a page that is too big is not retried


def test_requests_to_one_host_are_paced(site: Site) -> None:
    site.set("/a.html", "<p>a</p>")
    with Fetcher(FetchSettings(**{**FAST.__dict__, "rate_limit": 0.25})) as f:
        f.get(site.url("/a.html"))  # robots.txt then the page: two paced requests
        began = time.monotonic()
        f.get(site.url("/a.html"))
        assert time.monotonic() - began >= 0.2


def test_rss_items_have_absolute_links_and_dates(site: Site) -> None:
    site.rss("/rss.xml", [("/a.html", "Troops cross", "2024-10-18"),
                          ("/b.html", "Talks", "2024-10-20")])
    listing = parse_feed(site.routes["/rss.xml"].body, site.url("/rss.xml"))
    assert [i.url for i in listing.items] == [site.url("/a.html"), site.url("/b.html")]
    assert str(listing.items[0].published) == "2024-10-18"
    assert listing.items[1].title == "Talks" and listing.title == "Test Wire"


def test_atom_feed_with_relative_links() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:x</id>
      <updated>2024-06-20T00:00:00Z</updated>
      <entry><title>Summit</title><id>urn:1</id><link href="/news/summit.html"/>
        <published>2024-06-19T10:00:00Z</published><updated>2024-06-19T10:00:00Z</updated>
        <author><name>Desk Writer</name></author></entry>
    </feed>"""
    listing = parse_feed(atom, "http://127.0.0.1:8000/atom.xml")
    (item,) = listing.items
    assert item.url == "http://127.0.0.1:8000/news/summit.html"
    assert str(item.published) == "2024-06-19" and item.author == "Desk Writer"


@pytest.mark.parametrize("body", [b"this is not xml <<<", b"<html><body>hello</body></html>",
                                  b"/etc/passwd"])
def test_malformed_feed_is_an_error_and_never_read_as_a_path(body: bytes) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(body, "http://127.0.0.1:8000/rss.xml")
    assert "rss.xml" in str(info.value) and "root:" not in str(info.value)


def test_sitemap_and_text_lists() -> None:
    sitemap = b"""<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>http://127.0.0.1:8000/a.html</loc></url>
      <url><loc>http://127.0.0.1:8000/b.html</loc></url>
    </urlset>"""
    assert [i.url for i in parse_url_list(sitemap).items] == [
        "http://127.0.0.1:8000/a.html", "http://127.0.0.1:8000/b.html"
    ]
    text = b"# picked by hand\nhttp://127.0.0.1:8000/c.html\n\nnot a url\n/d.html\n"
    listing = parse_url_list(text, "http://127.0.0.1:8000/list.txt")
    assert [i.url for i in listing.items] == [
        "http://127.0.0.1:8000/c.html", "http://127.0.0.1:8000/d.html"
    ]
    assert listing.warning and "1 entries" in listing.warning
    with pytest.raises(FeedError, match="sitemap index"):
        parse_url_list(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       b"<sitemap><loc>http://x/s1.xml</loc></sitemap></sitemapindex>")


def test_page_text_and_metadata(site: Site) -> None:
    site.article(
        "/a.html", "Soldiers moved by sea", "2024-10-18",
        "North Korea sent several thousand soldiers to Russia, officials in Seoul said.",
        "The soldiers travelled by ship from Wonsan to Vladivostok before moving west.",
    )
    doc = page_document(site.routes["/a.html"].body, site.url("/a.html"))
    assert "North Korea sent several thousand soldiers" in doc.text
    assert "all rights reserved" not in doc.text and "Home" not in doc.text
    assert doc.publisher == "Test Wire" and str(doc.published) == "2024-10-18"
    assert doc.title == "Soldiers moved by sea" and doc.url == site.url("/a.html")
