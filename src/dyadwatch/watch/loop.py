"""One poll, and polling forever: sources in, new articles coded and stored, alerts out.

A poll opens the store, and for each source lists its links, fetches the pages not
handled before, codes the new texts in one batch, stores them, and records what
happened; then it checks the watched dyads and sends alerts; then it closes the store,
so other commands (``dyadwatch sources``, ``events``, ``report``) can read it between
polls. A source that fails is recorded as failing and the next one goes on. Feed
validators (ETag / Last-Modified) are saved only after the feed's articles are stored,
so a crash mid-poll never turns into a 304 that hides unstored items.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dyadwatch.model import Document
from dyadwatch.store import Store, StoreError
from dyadwatch.watch.alerts import Dispatcher
from dyadwatch.watch.conditions import (
    Alert,
    change_alerts,
    event_alerts,
    shift_alert,
    shift_condition_id,
    treaty_alerts,
)
from dyadwatch.watch.config import Source, WatchConfig, WatchRule
from dyadwatch.watch.feeds import FeedError, Item, Listing, parse_feed, parse_url_list
from dyadwatch.watch.fetch import Disallowed, Fetcher, FetchError, TooLarge
from dyadwatch.watch.pages import PageError, page_document, text_document
from dyadwatch.watch.state import WatchState

if TYPE_CHECKING:  # the pipeline loads spaCy: imported only when first needed
    from dyadwatch.config import Settings
    from dyadwatch.pipeline import Pipeline

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


@dataclass
class SourceResult:
    """What one poll did with one source."""

    name: str
    status: str = "ok"  # ok | partial | error | not_modified
    listed: int = 0
    new: int = 0
    duplicates: int = 0
    events: int = 0
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    warning: str | None = None
    retry: bool = False  # articles left for the next poll (failed for now, or over max_items)


@dataclass
class PollReport:
    started: dt.datetime
    sources: list[SourceResult] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(s.status == "error" for s in self.sources)


class Watcher:
    """Polls the sources of a watch file into a store. Build once; call ``poll`` or ``run``.

    ``pipeline`` may be given (tests and long-lived processes share one); otherwise it
    is built from ``settings`` (default: ``dyadwatch.toml``) on the first poll that has
    something to code, so an idle poll never loads the language model.
    """

    def __init__(
        self,
        config: WatchConfig,
        db: str | Path,
        *,
        pipeline: Pipeline | None = None,
        settings: Settings | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.config = config
        self.db = Path(db)
        self.fetcher = Fetcher(config.fetch)
        self.dispatcher = Dispatcher(config.alerts, config.fetch)
        self._pipeline = pipeline
        self._settings = settings
        self._today = today

    def close(self) -> None:
        self.fetcher.close()
        self.dispatcher.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from dyadwatch.config import load_settings
            from dyadwatch.pipeline import Pipeline

            self._pipeline = Pipeline(self._settings or load_settings())
        return self._pipeline

    # -- polling -------------------------------------------------------------------

    def poll(self) -> PollReport:
        """Poll every source once, then check the watched dyads. Raises ``StoreError``."""
        report = PollReport(started=dt.datetime.now(dt.UTC).replace(microsecond=0))
        with Store(self.db) as store:
            state = WatchState(store)
            try:
                for source in self.config.sources:
                    report.sources.append(self._poll_source(source, store, state))
                alerts = self._check(state, report.problems)
                sent, problems = self.dispatcher.send(state, alerts)
                report.alerts = sent
                report.problems.extend(problems)
            finally:
                state.close()
        return report

    def run(
        self,
        every: float,
        on_poll: Callable[[PollReport], None],
        on_error: Callable[[str], None],
        stop: threading.Event | None = None,
    ) -> None:
        """Poll every ``every`` seconds until ``stop`` is set (or KeyboardInterrupt).

        A store that cannot be opened at poll time (another process holds it) is reported
        through ``on_error`` and tried again at the next interval.
        """
        stop = stop or threading.Event()
        while not stop.is_set():
            began = time.monotonic()
            try:
                on_poll(self.poll())
            except StoreError as exc:
                on_error(str(exc))
            stop.wait(max(0.0, every - (time.monotonic() - began)))

    # -- one source ----------------------------------------------------------------

    def _poll_source(self, source: Source, store: Store, state: WatchState) -> SourceResult:
        result = SourceResult(source.name)
        validators_to_save: tuple[str, str | None, str | None] | None = None
        try:
            listing, validators_to_save = self._list(source, state)
        except (FetchError, FeedError) as exc:
            result.status = "error"
            result.errors.append((source.location or None, str(exc)))
        except Exception as exc:  # keep polling the other sources whatever happens here
            result.status = "error"
            result.errors.append((source.location or None, f"internal error: {exc!r}"))
        else:
            if listing is None:
                result.status = "not_modified"
            else:
                result.warning = listing.warning
                result.listed = len(listing.items)
                try:
                    self._take(source, listing, store, state, result)
                except StoreError:
                    raise
                except Exception as exc:  # a coder or page failure: report, go on
                    result.errors.append((None, f"internal error: {exc!r}"))
                    validators_to_save = None
                if result.errors and result.status == "ok":
                    result.status = "partial"
                # Keep asking for the whole feed while an article waits for a retry:
                # a 304 would hide it.
                if validators_to_save is not None and not result.retry:
                    state.save_validators(*validators_to_save)
        kind = source.kind
        location = source.location or f"{len(source.urls)} URLs"
        state.record_poll(
            source.name, kind, location, status=result.status, new=result.new,
            errors=result.errors,
        )
        return result

    def _list(
        self, source: Source, state: WatchState
    ) -> tuple[Listing | None, tuple[str, str | None, str | None] | None]:
        """The source's items (None when unchanged since last poll) and validators to keep."""
        if source.kind == "urls":
            return Listing(items=[Item(url=u) for u in source.urls]), None
        if source.kind == "url_list" and not source.location.startswith(("http://", "https://")):
            path = Path(source.location)
            try:
                content = path.read_bytes()[: self.config.fetch.max_bytes]
            except OSError as exc:
                raise FeedError(f"{path}: cannot read ({exc.strerror or exc})") from None
            return parse_url_list(content), None
        etag, modified = state.validators(source.location)
        response = self.fetcher.get(source.location, etag=etag, last_modified=modified)
        if response.not_modified:
            return None, None
        if source.kind == "feed":
            listing = parse_feed(response.content, response.url, response.content_type)
        else:
            listing = parse_url_list(response.content, response.url)
        return listing, (source.location, response.etag, response.last_modified)

    def _take(
        self,
        source: Source,
        listing: Listing,
        store: Store,
        state: WatchState,
        result: SourceResult,
    ) -> None:
        done = state.done_urls((i.url for i in listing.items), self.config.fetch.max_attempts)
        pending = [i for i in listing.items if i.url not in done]
        if len(pending) > source.max_items:  # the rest next poll (so no 304 may hide them)
            pending = pending[: source.max_items]
            result.retry = True
        fresh: list[tuple[Item, Document]] = []
        for item in pending:
            doc = self._fetch_page(item, source, listing, state, result)
            if doc is not None:
                fresh.append((item, doc))
        if not fresh:
            return
        stored = store.has_documents(doc.id for _, doc in fresh)
        to_code: dict[str, tuple[Item, Document]] = {}
        for item, doc in fresh:
            if doc.id in stored or doc.id in to_code:
                state.record_url(item.url, source.name, "duplicate", doc_id=doc.id)
                result.duplicates += 1
            else:
                to_code[doc.id] = (item, doc)
        if not to_code:
            return
        coded = list(self.pipeline.code_documents(doc for _, doc in to_code.values()))
        summary = store.write(coded)
        failed = dict(summary.failed)
        for c in coded:
            item, doc = to_code[c.document.id]
            if doc.id in failed:
                message = f"{item.url}: not stored ({failed[doc.id]})"
                state.record_url(item.url, source.name, "error", doc_id=doc.id, error=message)
                result.errors.append((item.url, message))
                continue
            state.record_url(item.url, source.name, "coded", doc_id=doc.id)
            result.new += 1
            result.events += len(c.events)

    def _fetch_page(
        self,
        item: Item,
        source: Source,
        listing: Listing,
        state: WatchState,
        result: SourceResult,
    ) -> Document | None:
        status = "error"
        try:
            response = self.fetcher.get(item.url)
            ctype = response.content_type.split(";", 1)[0].strip().lower()
            if ctype == "text/plain":
                text = response.content.decode("utf-8", "replace")
                return text_document(text, response.url, item, listing.title or source.name)
            if ctype and ctype not in _HTML_TYPES:
                status = "no_text"
                raise PageError(f"{item.url}: not an HTML page ({ctype})")
            return page_document(
                response.content, response.url, item, listing.title or source.name
            )
        except TooLarge as exc:
            status, message = "too_large", str(exc)
        except Disallowed as exc:
            status, message = "disallowed", str(exc)
        except PageError as exc:
            status = "no_text" if status == "error" else status
            message = str(exc)
        except FetchError as exc:
            message = str(exc)
        state.record_url(item.url, source.name, status, error=message)
        result.errors.append((item.url, message))
        result.retry = result.retry or status == "error"
        return None

    # -- conditions ----------------------------------------------------------------

    def _check(self, state: WatchState, problems: list[str]) -> list[Alert]:
        today = self._today()
        alerts: list[Alert] = []
        for rule in self.config.rules:
            checks: list[tuple[str, Callable[[], list[Alert]]]] = []
            if rule.watches_events:
                checks.append(("events", lambda r=rule: event_alerts(state.con, r)))
            if rule.index_shift is not None:
                checks.append(("index_shift", lambda r=rule: self._shift(state, r, today)))
            if rule.change_points:
                checks.append(("change_points", lambda r=rule: change_alerts(state.con, r, today)))
            if rule.treaty_links:
                checks.append(("treaty_links", lambda r=rule: treaty_alerts(state.con, r)))
            for name, check in checks:
                try:
                    alerts.extend(check())
                except Exception as exc:  # one broken condition must not stop the others
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                    problems.append(f"watch {rule.dyad} {name}: {reason}")
        return alerts

    def _shift(self, state: WatchState, rule: WatchRule, today: dt.date) -> list[Alert]:
        cid = shift_condition_id(rule)
        before = state.condition(cid) or None
        alert, after = shift_alert(state.con, rule, today, before)
        if after != before:
            state.set_condition(cid, after or "")
        return [alert] if alert is not None else []
