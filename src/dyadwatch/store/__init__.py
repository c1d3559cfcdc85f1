"""Store: DuckDB file with documents, events, uncoded sentences; Parquet/JSONL/TSV export."""

from dyadwatch.store.database import DEFAULT_PATH, SCHEMA_VERSION, Store, StoreError, WriteSummary
from dyadwatch.store.export import (
    FORMATS,
    TSV_COLUMNS,
    ExportError,
    ExportFormat,
    ExportSummary,
    export,
)
from dyadwatch.store.filters import EventFilter, parse_dyad
from dyadwatch.store.rows import EVENT_COLUMNS, event_row, flat_event, row_event, row_event_dict

__all__ = [
    "DEFAULT_PATH",
    "EVENT_COLUMNS",
    "FORMATS",
    "SCHEMA_VERSION",
    "TSV_COLUMNS",
    "EventFilter",
    "ExportError",
    "ExportFormat",
    "ExportSummary",
    "Store",
    "StoreError",
    "WriteSummary",
    "event_row",
    "export",
    "flat_event",
    "parse_dyad",
    "row_event",
    "row_event_dict",
]
