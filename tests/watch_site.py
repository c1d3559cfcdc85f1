"""A small web site on 127.0.0.1 for the watch tests: feeds, articles, a webhook.

Routes are set per test; every request is counted per path, so tests can check that a
restarted watcher does not fetch a page again. Feeds get an ETag from their content and
answer ``If-None-Match`` with 304, as real servers do.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    body: bytes
    status: int = 200
    ctype: str = "text/html; charset=utf-8"
    delay: float = 0.0
    etag: bool = False
    length: bool = True  # send Content-Length (False: body ends when the connection closes)


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter = field(default_factory=Counter)
    headers: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    posts: dict[str, list[dict]] = field(default_factory=dict)
    post_status: int = 200

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                site.hits[path] += 1
                site.headers.setdefault(path, []).append(dict(self.headers.items()))
                route = site.routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                tag = '"' + hashlib.sha1(route.body).hexdigest()[:12] + '"'
                if route.etag and self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                try:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.ctype)
                    if route.etag:
                        self.send_header("ETag", tag)
                    if route.length:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout or size cap): that is the point

            def do_POST(self) -> None:  # noqa: N802
                size = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(size)
                site.posts.setdefault(self.path, []).append(json.loads(body))
                self.send_response(site.post_status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def set(self, path: str, body: str | bytes, **kw: object) -> None:
        self.routes[path] = Route(body.encode() if isinstance(body, str) else body, **kw)

    def article(self, path: str, title: str, day: str, *paragraphs: str) -> None:
        """An article page with the metadata news sites carry (site name, date)."""
        paras = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        self.set(
            path,
            "<html><head>"
            f"<title>{escape(title)}</title>"
            '<meta property="og:site_name" content="Test Wire">'
            f'<meta property="article:published_time" content="{day}T08:00:00+00:00">'
            "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paras}</article>"
            "<footer>Test Wire, all rights reserved</footer></body></html>",
        )

    def rss(self, path: str, items: list[tuple[str, str, str]], title: str = "Test Wire") -> None:
        """An RSS 2.0 feed of (article path, title, ISO day) entries, with an ETag."""
        import datetime as dt

        entries = "".join(
            "<item>"
            f"<title>{escape(t)}</title><link>{self.url(p)}</link><guid>{self.url(p)}</guid>"
            "<pubDate>"
            + format_datetime(dt.datetime.fromisoformat(d).replace(tzinfo=dt.UTC))
            + "</pubDate></item>"
            for p, t, d in items
        )
        self.set(
            path,
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{self.url('/')}</link>"
            f"<description>test</description>{entries}</channel></rss>",
            ctype="application/rss+xml",
            etag=True,
        )
