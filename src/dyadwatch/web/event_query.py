"""Event listing for the API: the store's filters plus text search, counted and paged.

Filters come from ``dyadwatch.store.EventFilter`` (the same code the CLI and exports
use), so a filter means the same everywhere. Text search is added here as one more
placeholder: ``q`` is matched case-insensitively as a literal substring of the evidence
sentence (``%`` and ``_`` in the query are escaped, not wildcards).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from dyadwatch.store import EVENT_COLUMNS, EventFilter, row_event_dict
from dyadwatch.store.filters import order_by

_BATCH = 2000
_MAX_QUERY = 200


def like_pattern(text: str) -> str:
    """``text`` as a literal ILIKE substring pattern (escape character ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True, kw_only=True)
class EventQuery:
    filter: EventFilter
    text: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        sql, params = self.filter.where("e")
        if self.text:
            if len(self.text) > _MAX_QUERY:
                raise ValueError(f"q: text search is limited to {_MAX_QUERY} characters")
            sql += " AND e.evidence_text ILIKE ? ESCAPE '\\'"
            params.append(like_pattern(self.text))
        return sql, params

    def count(self, con: duckdb.DuckDBPyConnection) -> int:
        sql, params = self.where()
        row = con.execute(f"SELECT count(*) FROM events e WHERE {sql}", params).fetchone()
        return int(row[0]) if row else 0

    def rows(
        self, con: duckdb.DuckDBPyConnection, limit: int, offset: int
    ) -> Iterator[dict[str, Any]]:
        """Contract-shaped event dicts in the store's stable order, fetched in batches."""
        sql, params = self.where()
        cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
        con.execute(
            f"SELECT {cols} FROM events e WHERE {sql} ORDER BY {order_by('e')} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        while batch := con.fetchmany(_BATCH):
            for values in batch:
                yield row_event_dict(dict(zip(EVENT_COLUMNS, values, strict=True)))
