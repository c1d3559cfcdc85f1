"""The watcher's memory, kept in the store next to the events it produced.

Keeping it in the same DuckDB file means one thing to back up, and a restarted watcher
resumes where it stopped: URLs already handled are not fetched again, feeds are asked
only for what changed since their ETag / Last-Modified, and alerts already sent are
not sent again (their dedup keys are here). Tables are created on first use and are
prefixed ``watch_`` so they never collide with the store's own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import duckdb

from dyadwatch.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_sources (
    name VARCHAR PRIMARY KEY,
    kind VARCHAR,
    location VARCHAR,
    last_poll TIMESTAMP,
    last_ok TIMESTAMP,
    status VARCHAR,            -- ok | partial | error | not_modified
    last_new INTEGER DEFAULT 0,
    total_new INTEGER DEFAULT 0,
    polls INTEGER DEFAULT 0,
    errors INTEGER DEFAULT 0,  -- failures over all polls (source or article)
    last_error VARCHAR
);
CREATE TABLE IF NOT EXISTS watch_urls (
    url VARCHAR PRIMARY KEY,
    source VARCHAR,
    status VARCHAR,            -- coded | duplicate | error | too_large | disallowed | no_text
    doc_id VARCHAR,
    attempts INTEGER DEFAULT 0,
    error VARCHAR,
    first_seen TIMESTAMP,
    last_try TIMESTAMP
);
CREATE TABLE IF NOT EXISTS watch_http (
    url VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    checked_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS watch_errors (
    logged_at TIMESTAMP,
    source VARCHAR,
    url VARCHAR,
    message VARCHAR
);
CREATE TABLE IF NOT EXISTS watch_alerts (
    key VARCHAR PRIMARY KEY,
    kind VARCHAR,
    dyad VARCHAR,
    fired_at TIMESTAMP,
    payload VARCHAR,           -- the alert as sent (JSON)
    logged BOOLEAN DEFAULT false,
    webhook VARCHAR            -- none | sent | failed: <reason>
);
CREATE TABLE IF NOT EXISTS watch_conditions (
    id VARCHAR PRIMARY KEY,
    state VARCHAR,             -- e.g. the direction of an index shift that is under way
    updated_at TIMESTAMP
);
"""

# URL outcomes that are final: such a URL is never fetched again.
FINAL = ("coded", "duplicate", "too_large", "disallowed", "no_text")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def has_watch_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'watch_sources'"
    ).fetchone()
    return bool(row and row[0])


class WatchState:
    """Reads and writes the ``watch_*`` tables through a cursor of the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.cursor()
        if not store.read_only:
            self.con.execute(SCHEMA)

    def close(self) -> None:
        self.con.close()

    # -- URLs ----------------------------------------------------------------------

    def done_urls(self, urls: Iterable[str], max_attempts: int) -> set[str]:
        """Which of ``urls`` need no fetch: handled for good, or out of attempts."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        rows = self.con.execute(
            "SELECT url FROM watch_urls WHERE url IN (SELECT unnest(?::VARCHAR[])) "
            "AND (status IN (SELECT unnest(?::VARCHAR[])) OR attempts >= ?)",
            [wanted, list(FINAL), max_attempts],
        ).fetchall()
        return {r[0] for r in rows}

    def record_url(
        self,
        url: str,
        source: str,
        status: str,
        doc_id: str | None = None,
        error: str | None = None,
    ) -> None:
        now = _now()
        self.con.execute(
            "INSERT INTO watch_urls VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (url) DO UPDATE "
            "SET status = excluded.status, doc_id = excluded.doc_id, error = excluded.error, "
            "attempts = watch_urls.attempts + 1, last_try = excluded.last_try",
            [url, source, status, doc_id, error, now, now],
        )

    def url_status(self, url: str) -> dict[str, Any] | None:
        cur = self.con.execute(
            "SELECT url, source, status, doc_id, attempts, error FROM watch_urls WHERE url = ?",
            [url],
        )
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    # -- conditional GET -----------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.con.execute(
            "SELECT etag, last_modified FROM watch_http WHERE url = ?", [url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.con.execute(
            "INSERT INTO watch_http VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE "
            "SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "checked_at = excluded.checked_at",
            [url, etag, last_modified, _now()],
        )

    # -- sources -------------------------------------------------------------------

    def record_poll(
        self,
        name: str,
        kind: str,
        location: str,
        *,
        status: str,
        new: int,
        errors: list[tuple[str | None, str]],
    ) -> None:
        """One poll of a source: its outcome, and each error (URL or None, message)."""
        now = _now()
        ok = status != "error"
        last_error = errors[-1][1] if errors else None
        self.con.execute(
            "INSERT INTO watch_sources (name, kind, location, last_poll, last_ok, status, "
            "last_new, total_new, polls, errors, last_error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (name) DO UPDATE SET "
            "kind = excluded.kind, location = excluded.location, last_poll = excluded.last_poll, "
            "last_ok = coalesce(excluded.last_ok, watch_sources.last_ok), "
            "status = excluded.status, last_new = excluded.last_new, "
            "total_new = watch_sources.total_new + excluded.total_new, "
            "polls = watch_sources.polls + 1, errors = watch_sources.errors + excluded.errors, "
            "last_error = CASE WHEN excluded.errors > 0 THEN excluded.last_error "
            "ELSE watch_sources.last_error END",
            [name, kind, location, now, now if ok else None, status, new, new, len(errors),
             last_error],
        )
        if errors:
            self.con.executemany(
                "INSERT INTO watch_errors VALUES (?, ?, ?, ?)",
                [[now, name, url, message] for url, message in errors],
            )

    def sources(self) -> list[dict[str, Any]]:
        """Every source polled so far, with counts of stored articles and of errors."""
        if not has_watch_tables(self.con):
            return []
        cur = self.con.execute(
            "SELECT s.name, s.kind, s.location, s.last_poll, s.last_ok, s.status, s.last_new, "
            "s.total_new, s.polls, s.errors, s.last_error, "
            "(SELECT count(*) FROM watch_urls u WHERE u.source = s.name "
            " AND u.status = 'coded') AS articles, "
            "(SELECT count(*) FROM watch_urls u WHERE u.source = s.name "
            " AND u.status NOT IN ('coded', 'duplicate')) AS failing_urls "
            "FROM watch_sources s ORDER BY s.name"
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def recent_errors(self, source: str, limit: int = 5) -> list[dict[str, Any]]:
        cur = self.con.execute(
            "SELECT logged_at AS at, url, message FROM watch_errors WHERE source = ? "
            "ORDER BY logged_at DESC LIMIT ?",
            [source, limit],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    # -- alerts --------------------------------------------------------------------

    def claim_alert(self, key: str, kind: str, dyad: str, payload: dict[str, Any]) -> bool:
        """Record an alert as fired; False when this key was fired before (do not resend)."""
        row = self.con.execute(
            "INSERT INTO watch_alerts (key, kind, dyad, fired_at, payload, webhook) "
            "VALUES (?, ?, ?, ?, ?, 'none') ON CONFLICT (key) DO NOTHING RETURNING key",
            [key, kind, dyad, _now(), json.dumps(payload, default=str)],
        ).fetchall()
        return bool(row)

    def mark_delivery(self, key: str, *, logged: bool, webhook: str) -> None:
        self.con.execute(
            "UPDATE watch_alerts SET logged = logged OR ?, webhook = ? WHERE key = ?",
            [logged, webhook, key],
        )

    def undelivered(self) -> list[dict[str, Any]]:
        """Alerts whose webhook POST failed before, to try again."""
        rows = self.con.execute(
            "SELECT payload FROM watch_alerts WHERE webhook LIKE 'failed%' ORDER BY fired_at"
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def alerts(self) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT payload FROM watch_alerts ORDER BY fired_at, key")
        return [json.loads(r[0]) for r in rows.fetchall()]

    # -- conditions ----------------------------------------------------------------

    def condition(self, cid: str) -> str | None:
        row = self.con.execute("SELECT state FROM watch_conditions WHERE id = ?", [cid]).fetchone()
        return row[0] if row else None

    def set_condition(self, cid: str, state: str | None) -> None:
        self.con.execute(
            "INSERT INTO watch_conditions VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE "
            "SET state = excluded.state, updated_at = excluded.updated_at",
            [cid, state, _now()],
        )
