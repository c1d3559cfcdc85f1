"""Exports of stored events: Parquet by month, contract JSONL, GDELT-like TSV.

Parquet is the exchange format for DuckDB/Spark/Polars/pandas users: a hive-partitioned
dataset ``year_month=YYYY-MM/part-N.parquet`` (undated events under
``year_month=undated``) with the flat event columns plus a few document columns
(``doc_url``, ``doc_title``, ``doc_publisher``, ``doc_published``, ``doc_external_id``).
JSONL has exactly the event contract shape, one event per line. TSV speaks GDELT 2.0
column names where one exists, so existing GDELT scripts need few changes (see
``TSV_COLUMNS``). All three stream: memory does not grow with the number of events.

Existing outputs are never replaced unless ``overwrite=True``; JSONL and TSV are written to
a temporary file and renamed, so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import msgspec
import pyarrow as pa
import pyarrow.dataset as pads

from dyadwatch.store.database import Store
from dyadwatch.store.filters import EventFilter, order_by
from dyadwatch.store.rows import EVENT_COLUMNS, flat_event

__all__ = ["FORMATS", "TSV_COLUMNS", "ExportError", "ExportSummary", "export", "flat_event"]

ExportFormat = Literal["parquet", "jsonl", "tsv"]
FORMATS: tuple[str, ...] = ("parquet", "jsonl", "tsv")
_BATCH = 50_000
_DOC_COLUMNS = {
    "doc_url": "d.url",
    "doc_title": "d.title",
    "doc_publisher": "d.publisher",
    "doc_published": "d.published",
    "doc_external_id": "d.external_id",
    "doc_source_path": "d.source_path",
    "doc_ingested_at": "d.ingested_at",
}


class ExportError(Exception):
    """An export that cannot be written; the message is one line for the user."""


@dataclass
class ExportSummary:
    format: str
    path: str
    rows: int
    files: int


def _flat_query(flt: EventFilter, *, parquet: bool) -> tuple[str, list[Any]]:
    where, params = flt.where("e")
    cols = [f"e.{c}" for c in EVENT_COLUMNS]
    cols += [f"{expr} AS {name}" for name, expr in _DOC_COLUMNS.items()]
    if parquet:
        cols.append("coalesce(strftime(e.date, '%Y-%m'), 'undated') AS year_month")
    sql = (
        f"SELECT {', '.join(cols)} FROM events e LEFT JOIN documents d ON d.id = e.doc_id "
        f"WHERE {where} ORDER BY {order_by('e')}"
    )
    return sql, params


def _flat_rows(store: Store, flt: EventFilter) -> Iterator[dict[str, Any]]:
    sql, params = _flat_query(flt, parquet=False)
    with store.cursor() as cur:
        cur.execute(sql, params)
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(_BATCH):
            for values in rows:
                yield dict(zip(names, values, strict=True))


# -- TSV ---------------------------------------------------------------------------


def _ymd(value: dt.date | None, fmt: str) -> str:
    return value.strftime(fmt) if value is not None else ""


def _actor_code(row: dict[str, Any], role: str) -> str:
    return (row[f"{role}_code"] or "") + (row[f"{role}_sector"] or "")


def _country(row: dict[str, Any], role: str) -> str:
    kind = row[f"{role}_kind"]
    return row[f"{role}_code"] or "" if kind not in ("igo", "ngo") else ""


def _group(row: dict[str, Any], role: str) -> str:
    kind = row[f"{role}_kind"]
    return row[f"{role}_code"] or "" if kind in ("igo", "ngo") else ""


def _flag(value: bool | None) -> str:
    return "" if value is None else str(int(value))


def _actor_columns(n: int, role: str) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    return [
        (f"Actor{n}Code", lambda r: _actor_code(r, role)),
        (f"Actor{n}Name", lambda r: r[f"{role}_name"]),
        (f"Actor{n}CountryCode", lambda r: _country(r, role)),
        (f"Actor{n}KnownGroupCode", lambda r: _group(r, role)),
        (f"Actor{n}Type1Code", lambda r: r[f"{role}_sector"]),
        (f"Actor{n}Person", lambda r: r[f"{role}_person"]),
        (f"Actor{n}Role", lambda r: r[f"{role}_role"]),
        (f"Actor{n}Text", lambda r: r[f"{role}_text"]),
    ]


TSV_COLUMNS: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    ("GLOBALEVENTID", lambda r: r["event_id"]),
    ("SQLDATE", lambda r: _ymd(r["date"], "%Y%m%d")),
    ("MonthYear", lambda r: _ymd(r["date"], "%Y%m")),
    ("Year", lambda r: _ymd(r["date"], "%Y")),
    ("DatePrecision", lambda r: r["date_precision"]),
    ("DateSource", lambda r: r["date_source"]),
    *_actor_columns(1, "source"),
    *_actor_columns(2, "target"),
    ("EventCode", lambda r: r["cameo"]),
    ("EventBaseCode", lambda r: (r["cameo"] or "")[:3]),
    ("EventRootCode", lambda r: (r["cameo"] or "")[:2]),
    ("QuadClass", lambda r: r["quad_class"]),
    ("GoldsteinScale", lambda r: r["intensity"]),
    ("PloverType", lambda r: r["type"]),
    ("PloverMode", lambda r: r["mode"]),
    ("PloverContext", lambda r: r["context"]),
    ("Negated", lambda r: _flag(r["negated"])),
    ("Hypothetical", lambda r: _flag(r["hypothetical"])),
    ("Confidence", lambda r: r["confidence"]),
    ("DATEADDED", lambda r: _ymd(r["doc_ingested_at"], "%Y%m%d%H%M%S")),
    ("SOURCEURL", lambda r: r["doc_url"] or r["doc_external_id"] or r["doc_source_path"]),
    ("DocId", lambda r: r["doc_id"]),
    ("SentenceIndex", lambda r: r["sentence_index"]),
    ("EvidenceText", lambda r: r["evidence_text"]),
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if "\t" in text or "\n" in text or "\r" in text:
        text = " ".join(text.split())
    return text


def tsv_lines(store: Store, flt: EventFilter) -> Iterator[str]:
    """TSV columns, one event per row (empty cell = unknown):

    GLOBALEVENTID      our stable event id (a hash string, not GDELT's integer)
    SQLDATE/MonthYear/Year  event date as YYYYMMDD / YYYYMM / YYYY (empty when undated)
    DatePrecision      day | month | year: how much of SQLDATE is known
    DateSource         sentence | discourse | publication | none: where the date came from
    Actor1Code         country/organisation code + sector, GDELT style (RUSGOV, PRKMIL, UNO)
    Actor1Name         canonical actor name
    Actor1CountryCode  ISO 3166 alpha-3 country (empty for organisations)
    Actor1KnownGroupCode  organisation code (UNO, NATO, BRICS …) for IGOs/NGOs
    Actor1Type1Code    sector (GOV, MIL, SPY …), empty for the state as a whole
    Actor1Person/Role  named person id and the office held on the event date
    Actor1Text         the words in the article that named the actor
    Actor2…            the same for the target
    EventCode / EventBaseCode / EventRootCode  CAMEO code, its 3- and 2-digit prefixes
    QuadClass          1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
    GoldsteinScale     intensity, -10 (most hostile) … +10, from dyadwatch's versioned table
    PloverType/Mode/Context  the PLOVER event type, mode and context
    Negated/Hypothetical  1 if the sentence negates / only supposes the event
    Confidence         coder confidence 0 … 1
    DATEADDED          when the document was ingested (UTC, YYYYMMDDHHMMSS)
    SOURCEURL          article URL, else the source's own id or file path
    DocId/SentenceIndex  where the evidence is in the stored document
    EvidenceText       the evidence sentence (tabs and newlines folded to spaces)
    """
    yield "\t".join(name for name, _ in TSV_COLUMNS) + "\n"
    getters = [get for _, get in TSV_COLUMNS]
    for row in _flat_rows(store, flt):
        yield "\t".join(_cell(get(row)) for get in getters) + "\n"


def _jsonl_lines(store: Store, flt: EventFilter) -> Iterator[str]:
    encoder = msgspec.json.Encoder()
    for event in store.iter_events(flt, batch_size=_BATCH):
        yield encoder.encode(event).decode("utf-8") + "\n"


# -- writers ---------------------------------------------------------------------


def _write_lines(lines: Iterator[str], out: str | Path | IO[str], overwrite: bool) -> int:
    """Write lines to a stream, or atomically to a file; returns the number of lines."""
    if hasattr(out, "write"):
        n = 0
        for line in lines:
            out.write(line)  # type: ignore[union-attr]
            n += 1
        return n
    path = Path(out)
    if path.exists() and not overwrite:
        raise ExportError(f"{path} already exists; choose another path or overwrite it")
    if path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for line in lines:
                fh.write(line)
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _write_parquet(store: Store, flt: EventFilter, out: Path, overwrite: bool) -> tuple[int, int]:
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise ExportError(f"{out} is not empty; choose another directory or overwrite it")
    out.mkdir(parents=True, exist_ok=True)
    sql, params = _flat_query(flt, parquet=True)
    rows = 0
    written: list[str] = []
    with store.cursor() as cur:
        relation = cur.sql(sql, params=params)
        # Newer DuckDB names it to_arrow_reader; older releases fetch_record_batch.
        to_reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
        reader = to_reader(_BATCH)

        def counted() -> Iterator[pa.RecordBatch]:
            nonlocal rows
            for batch in reader:
                rows += batch.num_rows
                yield batch

        pads.write_dataset(
            pa.RecordBatchReader.from_batches(reader.schema, counted()),
            out,
            format="parquet",
            partitioning=pads.partitioning(pa.schema([("year_month", pa.string())]), flavor="hive"),
            basename_template="part-{i}.parquet",
            existing_data_behavior="delete_matching" if overwrite else "overwrite_or_ignore",
            file_visitor=lambda f: written.append(f.path),
        )
    return rows, len(written)


def export(
    store: Store,
    fmt: ExportFormat | str,
    out: str | Path | IO[str],
    flt: EventFilter | None = None,
    *,
    overwrite: bool = False,
) -> ExportSummary:
    """Export the events matching ``flt`` (all by default) as ``parquet``, ``jsonl`` or ``tsv``.

    ``out`` is a directory for Parquet, a file (or an open text stream) for JSONL/TSV.
    Raises ``ExportError`` (one line) for an unknown format or an existing output, and
    ``ValueError`` for invalid filter values.
    """
    flt = flt or EventFilter()
    flt.where()  # validate filters before creating any output
    fmt = fmt.lower()
    if fmt == "parquet":
        if hasattr(out, "write"):
            raise ExportError("Parquet export needs a directory, not a stream")
        rows, files = _write_parquet(store, flt, Path(out), overwrite)  # type: ignore[arg-type]
        return ExportSummary(format=fmt, path=str(out), rows=rows, files=files)
    if fmt == "jsonl":
        n = _write_lines(_jsonl_lines(store, flt), out, overwrite)
        return ExportSummary(format=fmt, path=_label(out), rows=n, files=1)
    if fmt == "tsv":
        n = _write_lines(tsv_lines(store, flt), out, overwrite)
        return ExportSummary(format=fmt, path=_label(out), rows=n - 1, files=1)
    raise ExportError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def _label(out: str | Path | IO[str]) -> str:
    return getattr(out, "name", "<stream>") if hasattr(out, "write") else str(out)
