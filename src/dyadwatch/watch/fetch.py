"""Polite HTTP: one client, timeouts, retries with backoff, a pause per host, robots.txt.

A watcher runs for weeks against servers it does not own, so it behaves: it names
itself, asks robots.txt first, waits between requests to the same host, sends
``If-None-Match`` / ``If-Modified-Since`` so an unchanged feed costs a 304, and stops
reading a response that grows past the size cap. Transient failures (timeouts,
refused connections, 5xx, 429) are retried with exponential backoff; everything else
fails at once. Every failure is a ``FetchError`` whose message is one line.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx
import tenacity

from dyadwatch.watch.config import FetchSettings

ROBOTS_TTL = 3600.0


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is one line for the user."""


class TooLarge(FetchError):
    """The response is bigger than ``max_bytes`` (not retried: it will not shrink)."""


class Disallowed(FetchError):
    """robots.txt asks crawlers like us to stay away from this URL."""


class _Transient(Exception):
    """A failure worth retrying; carries the message for when retries run out."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _transport_message(exc: httpx.TransportError, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {timeout:g}s"
    if isinstance(exc, httpx.ConnectError):
        reason = str(exc).strip() or "connection failed"
        return f"cannot connect ({reason.splitlines()[0]})"
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"


class Fetcher:
    """Fetches URLs for one watcher; reuse it across polls (robots and host pacing persist)."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._client = httpx.Client(
            timeout=self.settings.timeout,
            headers={"User-Agent": self.settings.user_agent},
            follow_redirects=True,
            max_redirects=5,
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}
        self._lock = threading.Lock()
        self._agent = self.settings.user_agent.split("/", 1)[0].split()[0]

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- public --------------------------------------------------------------------

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET ``url`` (conditionally when validators are given); 304 comes back as a Response."""
        if self.settings.robots and not self.allowed(url):
            raise Disallowed(f"{url}: disallowed by robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get_with_retries(url, headers)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (cached per host for an hour).

        A missing robots.txt (4xx) allows everything and 401/403 forbid everything, as
        ``urllib.robotparser`` does; an unreachable or failing one is treated as absent,
        since the page fetch that follows reports the real problem.
        """
        host = _host(url)
        now = time.monotonic()
        cached = self._robots.get(host)
        if cached is None or now - cached[0] > ROBOTS_TTL:
            cached = (now, self._load_robots(host))
            self._robots[host] = cached
        parser = cached[1]
        return parser is None or parser.can_fetch(self._agent, url)

    # -- internals -----------------------------------------------------------------

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | None:
        robots_url = f"{host}/robots.txt"
        try:
            response = self._request(robots_url, {}, max_bytes=512_000)
        except (_Transient, FetchError):
            return None
        parser = urllib.robotparser.RobotFileParser(robots_url)
        if response.status in (401, 403):
            parser.disallow_all = True
        elif response.status >= 400:
            parser.allow_all = True
        else:
            parser.parse(response.content.decode("utf-8", "replace").splitlines())
        return parser

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> Response:
        s = self.settings
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(s.retries + 1),
            wait=tenacity.wait_exponential(multiplier=s.backoff, max=60),
            retry=tenacity.retry_if_exception_type(_Transient),
            reraise=True,
        )
        try:
            response = retrying(self._request, url, headers, s.max_bytes)
        except _Transient as exc:
            attempts = s.retries + 1
            tries = f" ({attempts} attempts)" if attempts > 1 else ""
            raise FetchError(f"{url}: {exc}{tries}") from None
        if response.status >= 400:
            raise FetchError(f"{url}: HTTP {response.status}")
        return response

    def _pace(self, host: str) -> None:
        """Sleep until ``rate_limit`` seconds have passed since the last request to ``host``."""
        with self._lock:
            now = time.monotonic()
            due = self._last.get(host, 0.0) + self.settings.rate_limit
            wait = max(0.0, due - now)
            self._last[host] = now + wait
        if wait:
            time.sleep(wait)

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        self._pace(_host(url))
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code >= 500 or r.status_code == 429:
                    raise _Transient(f"HTTP {r.status_code} {r.reason_phrase}".strip())
                declared = r.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise TooLarge(f"{url}: response of {int(declared):,} bytes is over the "
                                   f"{max_bytes:,}-byte limit (fetch.max_bytes)")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(f"{url}: response is over the {max_bytes:,}-byte limit "
                                       "(fetch.max_bytes)")
                    chunks.append(chunk)
                return Response(
                    url=str(r.url),
                    status=r.status_code,
                    content=b"".join(chunks),
                    etag=r.headers.get("ETag"),
                    last_modified=r.headers.get("Last-Modified"),
                    content_type=r.headers.get("Content-Type", ""),
                )
        except httpx.TransportError as exc:
            raise _Transient(_transport_message(exc, self.settings.timeout)) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:  # too many redirects, bad URL
            raise FetchError(f"{url}: {str(exc).splitlines()[0] if str(exc) else exc}") from None
