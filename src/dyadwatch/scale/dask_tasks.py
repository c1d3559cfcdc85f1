"""The functions Dask workers run. Importable by reference, so workers need dyadwatch
installed (the same version as the client) and the input files at the same paths.

Each worker process keeps one pipeline (``worker_pipeline``'s module-level cache), so the
model loads once per worker, not once per task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import msgspec

from dyadwatch.config import Settings
from dyadwatch.model import Document, InputError
from dyadwatch.scale.parquet_parts import PartTables, concat_tables
from dyadwatch.scale.shards import Part, read_part
from dyadwatch.scale.worker_pipeline import worker_pipeline
from dyadwatch.store.rows import coded_tables


@dataclass
class PartResult:
    """What coding one part gave: the store tables, and the inputs that failed."""

    key: str
    tables: PartTables
    read: int = 0
    errors: list[str] = field(default_factory=list)


def part_document_ids(part: Part, published: dt.date | None) -> list[str]:
    """The ids of a part's documents (read and hashed, not coded), to skip stored ones."""
    return [d.id for d in read_part(part, published) if isinstance(d, Document)]


def code_part(
    part: Part,
    settings_json: bytes,
    published: dt.date | None,
    skip: frozenset[str] = frozenset(),
    batch_size: int = 64,
) -> PartResult:
    """Read, code and tabulate one part; documents in ``skip`` (already stored) and
    repeats within the part are read but not coded."""
    pipeline = worker_pipeline(msgspec.json.decode(settings_json, type=Settings))
    result = PartResult(key=part.key, tables={})
    seen = set(skip)
    tables: list[PartTables] = []
    batch: list[Document] = []

    def flush() -> None:
        if batch:
            tables.append(coded_tables(list(pipeline.code_documents(batch))))
            batch.clear()

    for item in read_part(part, published):
        if isinstance(item, InputError):
            result.errors.append(str(item))
            continue
        result.read += 1
        if item.id in seen:
            continue
        seen.add(item.id)
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    result.tables = concat_tables(tables)
    return result
