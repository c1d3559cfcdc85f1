"""A coded part as Arrow tables: built on the worker, loaded into the store or kept as Parquet.

Workers turn their ``CodedDocument``s into the store's own column layout (documents,
events, uncoded, unknown_actors), so the client only has to filter and append: no
per-row Python work where all results meet. The same tables, written as Parquet with
events partitioned by month (``events/year_month=YYYY-MM/part-KEY.parquet``), form a
dataset that DuckDB, Polars and Spark read directly::

    SELECT * FROM read_parquet('DIR/events/**/*.parquet', hive_partitioning = true)

Part files are named by the part's stable key and written to a temporary name then
renamed, so re-running a job rewrites the same files instead of adding duplicates,
and a crash never leaves a half-written file under the final name.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dyadwatch.batch import IngestSummary
from dyadwatch.store.rows import (
    DOCUMENT_SCHEMA,
    EVENT_SCHEMA,
    UNCODED_SCHEMA,
    UNKNOWN_SCHEMA,
)

TABLES: tuple[str, ...] = ("documents", "events", "uncoded", "unknown_actors")
SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENT_SCHEMA,
    "events": EVENT_SCHEMA,
    "uncoded": UNCODED_SCHEMA,
    "unknown_actors": UNKNOWN_SCHEMA,
}
_DOC_KEY = {"documents": "id", "events": "doc_id", "uncoded": "doc_id", "unknown_actors": "doc_id"}
PartTables = dict[str, pa.Table]




def empty_tables() -> PartTables:
    return {name: schema.empty_table() for name, schema in SCHEMAS.items()}


def concat_tables(parts: Sequence[PartTables]) -> PartTables:
    if not parts:
        return empty_tables()
    return {name: pa.concat_tables([p[name] for p in parts]) for name in TABLES}


def document_ids(tables: PartTables) -> list[str]:
    return tables["documents"].column("id").to_pylist()


def keep_documents(tables: PartTables, ids: Collection[str]) -> PartTables:
    """Only the rows that belong to the documents ``ids``."""
    wanted = pa.array(list(ids), pa.string())
    return {
        name: table.filter(pc.is_in(table.column(_DOC_KEY[name]), value_set=wanted))
        for name, table in tables.items()
    }


def add_counts(summary: IngestSummary, tables: PartTables) -> None:
    """Count a part's stored rows the way ``IngestSummary.add`` counts documents."""
    docs, events, uncoded = tables["documents"], tables["events"], tables["uncoded"]
    summary.documents += docs.num_rows
    summary.sentences += int(pc.sum(docs.column("n_sentences")).as_py() or 0)
    flagged = pc.or_(events.column("negated"), events.column("hypothetical"))
    n_flagged = int(pc.sum(pc.cast(pc.fill_null(flagged, False), pa.int64())).as_py() or 0)
    summary.events += events.num_rows - n_flagged
    summary.flagged += n_flagged
    summary.uncoded += uncoded.num_rows
    if uncoded.num_rows:
        reasons = Counter(summary.uncoded_reasons)
        reasons.update(
            {
                row["values"]: row["counts"]
                for row in pc.value_counts(uncoded.column("reason")).to_pylist()
            }
        )
        summary.uncoded_reasons = dict(reasons)


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def write_part(tables: PartTables, out_dir: str | Path, key: str) -> int:
    """Write one part's tables under ``out_dir``; returns the number of files written.

    Empty tables write no file; events go to one file per month they fall in.
    """
    root = Path(out_dir)
    name = f"part-{key}.parquet"
    files = 0
    for table_name in ("documents", "uncoded", "unknown_actors"):
        table = tables[table_name]
        if table.num_rows:
            _write(table, root / table_name / name)
            files += 1
    for stale in root.glob(f"events/*/{name}"):  # months an earlier run put this part in
        stale.unlink()
    events = tables["events"]
    if events.num_rows:
        month = pc.fill_null(pc.strftime(events.column("date"), format="%Y-%m"), "undated")
        for value in pc.unique(month).to_pylist():
            where = root / "events" / f"year_month={value}" / name
            _write(events.filter(pc.equal(month, value)), where)
            files += 1
    return files
