"""The DuckDB store: one file, nothing to start, ingest idempotent and crash-safe.

Every batch is written in one transaction, so a killed ingest leaves either whole
documents or none of them, and re-running it skips what is already stored (documents are
keyed by the hash of their text). Rows go in through Arrow tables, not ``executemany``,
which is orders of magnitude slower in DuckDB.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from dyadwatch.model import CodedDocument
from dyadwatch.store.filters import EventFilter, order_by
from dyadwatch.store.migrations import SCHEMA_VERSION, migrate
from dyadwatch.store.rows import DOCUMENT_SCHEMA, EVENT_COLUMNS, coded_tables, row_event_dict

DEFAULT_PATH = "dyadwatch.duckdb"

_DOCUMENT_COLUMNS = tuple(DOCUMENT_SCHEMA.names)
_TABLES = ("documents", "events", "uncoded", "unknown_actors")
_PID = re.compile(r"\(PID (\d+)\)")
# Errors that mean "this document's data cannot be stored", as opposed to a broken store.
_ROW_ERRORS = (
    duckdb.ConstraintException,
    duckdb.ConversionException,
    pa.ArrowException,
    TypeError,
    ValueError,
    OverflowError,
    AttributeError,
)


def _paging(params: list, limit: int | None, offset: int = 0) -> str:
    """LIMIT/OFFSET as bound parameters (appended to ``params``), never formatted in."""
    sql = ""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    if offset:
        sql += " OFFSET ?"
        params.append(int(offset))
    return sql


class StoreError(Exception):
    """A store that cannot be opened or used; the message is one line for the user."""


@dataclass
class WriteSummary:
    """What one ``Store.write`` did. ``failed`` lists ``(doc_id, reason)`` not stored."""

    documents: int = 0
    skipped: int = 0
    events: int = 0
    uncoded: int = 0
    unknown_actors: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: WriteSummary) -> None:
        self.documents += other.documents
        self.skipped += other.skipped
        self.events += other.events
        self.uncoded += other.uncoded
        self.unknown_actors += other.unknown_actors
        self.failed.extend(other.failed)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _schema_sql() -> str:
    return resources.files("dyadwatch.store").joinpath("schema.sql").read_text("utf-8")


_COLUMNS_SQL = (
    "SELECT table_name, column_name FROM duckdb_columns() "
    "WHERE schema_name = 'main' AND database_name = current_database()"
)


@functools.cache
def _schema_columns() -> frozenset[tuple[str, str]]:
    """(table, column) pairs of ``schema.sql``, read from a throw-away in-memory store."""
    with duckdb.connect(":memory:") as con:
        con.execute(_schema_sql())
        return frozenset(con.execute(_COLUMNS_SQL).fetchall())


class Store:
    """An event store in one DuckDB file (``":memory:"`` for a throw-away one).

    Use as a context manager. Reads may run from several threads (each uses its own
    cursor); writes are serialised. Only one process may have the file open for writing;
    a second gets a ``StoreError`` at once rather than waiting.
    """

    def __init__(self, path: str | Path = DEFAULT_PATH, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.migrated_from: int | None = None  # the schema version this open upgraded
        self._lock = threading.Lock()
        self._con = self._connect()
        try:
            self._check_schema()
        except BaseException:
            self._con.close()
            raise

    # -- opening -------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        memory = self.path == ":memory:"
        if self.read_only and not memory and not Path(self.path).exists():
            raise StoreError(f"store {self.path} does not exist")
        try:
            return duckdb.connect(self.path, read_only=self.read_only and not memory)
        except duckdb.IOException as exc:
            message = _first_line(exc)
            if "lock" in message.lower():
                pid = _PID.search(message)
                holder = f"PID {pid.group(1)}" if pid else "lock held"
                raise StoreError(
                    f"store {self.path} is in use by another process ({holder}); "
                    "wait for it to finish or use another store file"
                ) from None
            raise StoreError(f"cannot open store {self.path}: {message}") from None
        except duckdb.ConnectionException as exc:
            raise StoreError(
                f"store {self.path} is already open in this process in another mode "
                f"({_first_line(exc)})"
            ) from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from None

    def _check_schema(self) -> None:
        tables = {
            r[0]
            for r in self._con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        if "meta" not in tables:
            if tables:
                raise StoreError(f"{self.path} is a DuckDB file but not a dyadwatch store")
            if self.read_only:
                raise StoreError(f"store {self.path} is empty (nothing ingested yet)")
            self._create_schema()
            return
        row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            version = int(row[0]) if row else None
        except (TypeError, ValueError):
            version = None
        if version is None:
            raise StoreError(f"store {self.path} has no readable schema version")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this dyadwatch "
                f"supports ({SCHEMA_VERSION}); upgrade dyadwatch"
            )
        if version < SCHEMA_VERSION:
            self._upgrade(version)
        if not self.read_only:
            self._con.execute(_schema_sql())  # CREATE ... IF NOT EXISTS: adds new tables only
        self._check_columns()

    def _upgrade(self, version: int) -> None:
        if self.read_only:
            raise StoreError(
                f"store {self.path} has schema version {version}, older than this dyadwatch's "
                f"({SCHEMA_VERSION}); upgrade it in place with `dyadwatch migrate --db {self.path}`"
            )
        try:
            migrate(self._con, version)
        except KeyError as exc:
            raise StoreError(
                f"store {self.path}: {exc.args[0]}; re-ingest into a new store"
            ) from None
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot upgrade store {self.path} from schema version {version}: "
                f"{_first_line(exc)} (the file is unchanged)"
            ) from None
        self.migrated_from = version

    def _check_columns(self) -> None:
        """A store whose tables lack columns would fail on the first write; say so now."""
        have = set(self._con.execute(_COLUMNS_SQL).fetchall())
        missing = sorted(f"{t}.{c}" for t, c in _schema_columns() - have)
        if missing:
            shown = ", ".join(missing[:5]) + (
                f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            )
            raise StoreError(
                f"store {self.path} lacks {shown}: it was not written by this version of "
                "dyadwatch; re-ingest into a new store"
            )

    def _create_schema(self) -> None:
        from dyadwatch import __version__

        self._con.execute("BEGIN TRANSACTION")
        self._con.execute(_schema_sql())
        self._con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [["schema_version", str(SCHEMA_VERSION)], ["created_by", f"dyadwatch {__version__}"]],
        )
        self._con.execute("COMMIT")

    # -- lifecycle -----------------------------------------------------------------

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"Store({self.path!r}, {mode})"

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (for analysis code and threads); close it when done."""
        return self._con.cursor()

    # -- meta ----------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        with self._con.cursor() as cur:
            return dict(cur.execute("SELECT key, value FROM meta ORDER BY key").fetchall())

    def set_meta(self, key: str, value: str) -> None:
        """Record a setting alongside the data (e.g. dictionary or ontology version)."""
        self._writable()
        with self._lock:
            self._con.execute(
                "INSERT INTO meta VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")

    # -- writing -------------------------------------------------------------------

    def has_documents(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are already stored (to skip coding them)."""
        wanted = list(ids)
        if not wanted:
            return set()
        with self._con.cursor() as cur:
            rows = cur.execute(
                "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
            ).fetchall()
        return {r[0] for r in rows}

    def write(self, batch: Sequence[CodedDocument]) -> WriteSummary:
        """Store a batch in one transaction; documents already stored are skipped.

        If the batch fails as a whole (one document with bad data), each document is
        retried on its own so only the bad ones are left out; they are listed in
        ``WriteSummary.failed`` with the reason. Nothing is ever half-written.
        """
        self._writable()
        unique: dict[str, CodedDocument] = {}
        for coded in batch:
            unique.setdefault(coded.document.id, coded)
        summary = WriteSummary(skipped=len(batch) - len(unique))
        if not unique:
            return summary
        with self._lock:
            try:
                summary.add(self._write_transaction(list(unique.values())))
            except duckdb.IOException as exc:  # disk full, file gone: the store, not the data
                raise StoreError(f"cannot write to store {self.path}: {_first_line(exc)}") from None
            except _ROW_ERRORS as exc:
                if len(unique) == 1:
                    doc_id = next(iter(unique))
                    summary.failed.append((doc_id, _first_line(exc)))
                    return summary
                for coded in unique.values():
                    try:
                        summary.add(self._write_transaction([coded]))
                    except _ROW_ERRORS as one_exc:
                        summary.failed.append((coded.document.id, _first_line(one_exc)))
        return summary

    def _write_transaction(self, batch: list[CodedDocument]) -> WriteSummary:
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            stored = {
                r[0]
                for r in con.execute(
                    "SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                    [[c.document.id for c in batch]],
                ).fetchall()
            }
            fresh = [c for c in batch if c.document.id not in stored]
            summary = WriteSummary(skipped=len(batch) - len(fresh))
            if fresh:
                self._insert(con, fresh, summary)
            con.execute("COMMIT")
            return summary
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            for name in _TABLES:
                con.unregister(f"_dw_{name}")

    def _insert(
        self, con: duckdb.DuckDBPyConnection, fresh: list[CodedDocument], summary: WriteSummary
    ) -> None:
        tables = coded_tables(fresh)
        for table_name, table in tables.items():
            if table.num_rows:
                # Registered views are dropped by _write_transaction after COMMIT/ROLLBACK
                # (DuckDB refuses to unregister inside an aborted transaction).
                con.register(f"_dw_{table_name}", table)
                con.execute(f"INSERT INTO {table_name} BY NAME SELECT * FROM _dw_{table_name}")
        summary.documents += tables["documents"].num_rows
        summary.events += tables["events"].num_rows
        summary.uncoded += tables["uncoded"].num_rows
        summary.unknown_actors += tables["unknown_actors"].num_rows

    # -- reading -------------------------------------------------------------------

    def iter_events(
        self,
        flt: EventFilter | None = None,
        *,
        limit: int | None = None,
        offset: int = 0,
        batch_size: int = 10_000,
    ) -> Iterator[dict[str, Any]]:
        """Contract-shaped event dicts, streamed in stable order (for exports)."""
        where, params = (flt or EventFilter()).where("e")
        sql = f"SELECT {', '.join('e.' + c for c in EVENT_COLUMNS)} FROM events e WHERE {where} "
        sql += f"ORDER BY {order_by('e')}"
        sql += _paging(params, limit, offset)
        with self._con.cursor() as cur:
            cur.execute(sql, params)
            while True:
                rows = cur.fetchmany(batch_size)
                if not rows:
                    return
                for values in rows:
                    yield row_event_dict(dict(zip(EVENT_COLUMNS, values, strict=True)))

    def events(
        self,
        dyad: str | None = None,
        actor: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        type: str | None = None,
        mode: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        *,
        directed: bool = False,
        include_flagged: bool = True,
    ) -> list[dict[str, Any]]:
        """Events as contract JSON dicts (``dyadwatch.model.event_to_dict`` shape).

        ``dyad`` ("PRK-RUS") is undirected unless ``directed``. ``include_flagged=False``
        leaves out negated and hypothetical events. Invalid filter values raise
        ``ValueError`` with a one-line message.
        """
        flt = EventFilter(
            dyad=dyad,
            actor=actor,
            since=since,
            until=until,
            type=type,
            mode=mode,
            doc_id=doc_id,
            directed=directed,
            negated=None if include_flagged else False,
            hypothetical=None if include_flagged else False,
        )
        return list(self.iter_events(flt, limit=limit, offset=offset))

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, params = (flt or EventFilter()).where("e")
        with self._con.cursor() as cur:
            return cur.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]

    def counts(self) -> dict[str, Any]:
        """Totals: documents, sentences, events, uncoded (and by reason), unknown actors."""
        with self._con.cursor() as cur:
            docs, sentences = cur.execute(
                "SELECT count(*), coalesce(sum(n_sentences), 0) FROM documents"
            ).fetchone()
            events = cur.execute("SELECT count(*) FROM events").fetchone()[0]
            by_reason = dict(
                cur.execute(
                    "SELECT reason, count(*) FROM uncoded GROUP BY reason ORDER BY 2 DESC, 1"
                ).fetchall()
            )
            unknown = cur.execute("SELECT count(DISTINCT text) FROM unknown_actors").fetchone()[0]
        return {
            "documents": docs,
            "sentences": int(sentences),
            "events": events,
            "uncoded": sum(by_reason.values()),
            "uncoded_by_reason": by_reason,
            "unknown_actors": unknown,
        }

    def uncoded(
        self,
        reason: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        *,
        doc_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Sentences that gave no event, with why (``Uncoded`` fields), in document order."""
        clauses, params = ["TRUE"], []
        if reason is not None:
            clauses.append("reason = ?")
            params.append(reason)
        if doc_id is not None:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        sql = (
            'SELECT doc_id, sentence_index, start, "end", text, reason, detail FROM uncoded '
            f"WHERE {' AND '.join(clauses)} ORDER BY doc_id, sentence_index"
        )
        sql += _paging(params, limit, offset)
        with self._con.cursor() as cur:
            cur.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def unknown_actors(self, limit: int | None = 50) -> list[dict[str, Any]]:
        """Actor-like phrases the dictionaries did not know, most frequent first."""
        sql = (
            "SELECT text, sum(n)::BIGINT AS mentions, count(DISTINCT doc_id) AS documents "
            "FROM unknown_actors GROUP BY text ORDER BY mentions DESC, text"
        )
        params: list[Any] = []
        sql += _paging(params, limit)
        with self._con.cursor() as cur:
            cur.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def documents(
        self, limit: int | None = 100, offset: int = 0, *, with_text: bool = False
    ) -> list[dict[str, Any]]:
        """Stored documents, newest publication first (text only when asked: it is large)."""
        cols = [c for c in _DOCUMENT_COLUMNS if with_text or c != "text"]
        sql = f"SELECT {', '.join(cols)} FROM documents ORDER BY published DESC NULLS LAST, id"
        params: list[Any] = []
        sql += _paging(params, limit, offset)
        with self._con.cursor() as cur:
            rows = cur.execute(sql, params).fetchall()
        return [_document_dict(dict(zip(cols, r, strict=True))) for r in rows]

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document (``Document`` fields plus counts and ingest time), or None."""
        with self._con.cursor() as cur:
            cur.execute(
                f"SELECT {', '.join(_DOCUMENT_COLUMNS)} FROM documents WHERE id = ?", [doc_id]
            )
            row = cur.fetchone()
        if row is None:
            return None
        return _document_dict(dict(zip(_DOCUMENT_COLUMNS, row, strict=True)))


def _document_dict(doc: dict[str, Any]) -> dict[str, Any]:
    doc["published"] = doc["published"].isoformat() if doc["published"] else None
    doc["ingested_at"] = doc["ingested_at"].isoformat() if doc["ingested_at"] else None
    return doc
