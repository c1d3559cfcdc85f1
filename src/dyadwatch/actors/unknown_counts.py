"""Reading the store's unresolved actor phrases, most frequent first.

Kept here rather than in the store package so that `dyadwatch actors unknown` works on
any store file with the documented ``unknown_actors(doc_id, text, n)`` table, opened
read-only so it never competes with a running ingest for the write lock.
"""

from __future__ import annotations

from pathlib import Path

import duckdb


class UnknownActorsError(RuntimeError):
    """The store file is missing or has no unknown_actors table (message says which)."""


def unknown_counts(db_path: Path, limit: int | None = None) -> list[tuple[str, int, int]]:
    """(text, total mentions, documents) per unresolved phrase, by frequency."""
    path = Path(db_path)
    if not path.is_file():
        raise UnknownActorsError(f"{path}: no such store file")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise UnknownActorsError(f"{path}: cannot open as a DuckDB store ({exc})") from None
    try:
        sql = (
            "SELECT text, SUM(COALESCE(n, 1))::BIGINT AS total, COUNT(DISTINCT doc_id) AS docs "
            "FROM unknown_actors GROUP BY text ORDER BY total DESC, docs DESC, text"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [(str(t), int(n), int(d)) for t, n, d in con.execute(sql).fetchall()]
    except duckdb.CatalogException:
        raise UnknownActorsError(f"{path}: store has no unknown_actors table") from None
    finally:
        con.close()
