"""Where a parallel run puts its results: the DuckDB store, or a Parquet dataset.

Both answer the same two questions a runner asks: which of these documents are not
stored yet, and store these. The store stays the only writer of its file (DuckDB allows
one writing process); workers never touch it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from dyadwatch.model import CodedDocument
from dyadwatch.scale.parquet_parts import (
    TABLES,
    PartTables,
    document_ids,
    keep_documents,
    write_part,
)
from dyadwatch.store.rows import coded_tables


class ParquetSink:
    """A Parquet dataset directory in the store's table layout (see ``parquet_parts``).

    It remembers the ids it wrote in this run (a set of 16-character strings: about
    100 MB per million documents), so a document met twice is written once.
    """

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._seen: set[str] = set()
        self.files = 0

    def has_documents(self, ids: Iterable[str]) -> set[str]:
        return {i for i in ids if i in self._seen}

    def write(self, batch: Sequence[CodedDocument]) -> None:
        """Write coded documents (the multi-process runner's result type) as one part."""
        fresh: dict[str, CodedDocument] = {}
        for coded in batch:
            if coded.document.id not in self._seen:
                fresh.setdefault(coded.document.id, coded)
        if not fresh:
            return
        key = hashlib.sha1("\n".join(fresh).encode("ascii")).hexdigest()[:16]
        self.write_tables(coded_tables(list(fresh.values())), key)

    def write_tables(self, tables: PartTables, key: str) -> None:
        self.files += write_part(tables, self.out_dir, key)
        self._seen.update(document_ids(tables))


def fresh_tables(sink, tables: PartTables) -> PartTables:
    """The rows of documents the sink does not hold yet (a retried or repeated part
    stores nothing twice)."""
    ids = document_ids(tables)
    stored = sink.has_documents(ids)
    if not stored:
        return tables
    return keep_documents(tables, [i for i in ids if i not in stored])


def load_into_store(store, tables: PartTables) -> None:
    """Append a part's tables to the DuckDB store in one transaction.

    The caller has dropped stored documents already (``fresh_tables``); the insert
    re-checks inside the transaction, so even a part loaded twice adds nothing.
    """
    if not tables["documents"].num_rows:
        return
    with store.cursor() as cur:
        cur.execute("BEGIN TRANSACTION")
        try:
            for name in TABLES:
                cur.register(f"_dw_part_{name}", tables[name])
            cur.execute(
                "CREATE TEMP TABLE _dw_fresh AS SELECT id FROM _dw_part_documents "
                "WHERE id NOT IN (SELECT id FROM documents)"
            )
            cur.execute(
                "INSERT INTO documents BY NAME SELECT * FROM _dw_part_documents "
                "WHERE id IN (SELECT id FROM _dw_fresh)"
            )
            for name in TABLES[1:]:
                cur.execute(
                    f"INSERT INTO {name} BY NAME SELECT * FROM _dw_part_{name} "
                    "WHERE doc_id IN (SELECT id FROM _dw_fresh)"
                )
            cur.execute("DROP TABLE _dw_fresh")
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            for name in TABLES:
                cur.unregister(f"_dw_part_{name}")
