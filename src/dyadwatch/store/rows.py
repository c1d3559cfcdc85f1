"""The one place where an ``Event`` becomes a flat table row and back.

The store, the Parquet/TSV exports and anyone reading the tables directly share this
mapping: nested ``source``/``target``/``reporter`` actors become ``source_*`` columns,
``evidence``/``trigger`` spans become ``evidence_*``/``trigger_*`` columns. Reading
back gives exactly the contract JSON shape (``dyadwatch.model.event_to_dict``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec
import pyarrow as pa

from dyadwatch.model import ActorRef, CodedDocument, Event, Evidence

ACTOR_ROLES = ("source", "target", "reporter")
# ActorRef field -> column suffix (``person_id`` is ``*_person`` in the schema).
ACTOR_FIELDS: dict[str, str] = {
    "code": "code",
    "sector": "sector",
    "name": "name",
    "text": "text",
    "start": "start",
    "end": "end",
    "person_id": "person",
    "role": "role",
    "kind": "kind",
}
_ACTOR_TYPES: dict[str, pa.DataType] = {
    "code": pa.string(),
    "sector": pa.string(),
    "name": pa.string(),
    "text": pa.string(),
    "start": pa.int32(),
    "end": pa.int32(),
    "person": pa.string(),
    "role": pa.string(),
    "kind": pa.string(),
}
_SPAN_TYPES = {"text": pa.string(), "start": pa.int32(), "end": pa.int32()}
_COLUMN_FIELD = {col: field for field, col in ACTOR_FIELDS.items()}


def _schema() -> pa.Schema:
    fields: list[tuple[str, pa.DataType]] = [
        ("event_id", pa.string()),
        ("doc_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("date_source", pa.string()),
    ]
    for role in ("source", "target"):
        fields += [(f"{role}_{col}", typ) for col, typ in _ACTOR_TYPES.items()]
    fields += [
        ("type", pa.string()),
        ("mode", pa.string()),
        ("context", pa.string()),
        ("cameo", pa.string()),
        ("quad_class", pa.int32()),
        ("intensity", pa.float64()),
        ("negated", pa.bool_()),
        ("hypothetical", pa.bool_()),
        ("confidence", pa.float64()),
    ]
    for span in ("evidence", "trigger"):
        fields += [(f"{span}_{col}", typ) for col, typ in _SPAN_TYPES.items()]
    fields += [(f"reporter_{col}", typ) for col, typ in _ACTOR_TYPES.items()]
    fields += [("coder", pa.string())]
    return pa.schema(fields)


EVENT_SCHEMA: pa.Schema = _schema()
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA.names)


def _put_actor(row: dict[str, Any], role: str, actor: ActorRef | None) -> None:
    for field, col in ACTOR_FIELDS.items():
        row[f"{role}_{col}"] = getattr(actor, field) if actor is not None else None


def _put_span(row: dict[str, Any], name: str, span: Evidence | None) -> None:
    row[f"{name}_text"] = span.text if span is not None else None
    row[f"{name}_start"] = span.start if span is not None else None
    row[f"{name}_end"] = span.end if span is not None else None


def event_row(event: Event) -> dict[str, Any]:
    """Flat row (``EVENT_COLUMNS``) of an event; dates stay ``datetime.date``."""
    row: dict[str, Any] = {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "sentence_index": event.sentence_index,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_source": event.date_source,
    }
    _put_actor(row, "source", event.source)
    _put_actor(row, "target", event.target)
    row["type"] = event.type
    row["mode"] = event.mode
    row["context"] = event.context
    row["cameo"] = event.cameo
    row["quad_class"] = event.quad_class
    row["intensity"] = event.intensity
    row["negated"] = event.negated
    row["hypothetical"] = event.hypothetical
    row["confidence"] = event.confidence
    _put_span(row, "evidence", event.evidence)
    _put_span(row, "trigger", event.trigger)
    _put_actor(row, "reporter", event.reporter)
    row["coder"] = event.coder
    return row


def flat_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """Flat row (``EVENT_COLUMNS``) of a contract-shaped event dict (as ``Store.events``
    returns), e.g. for CSV output; dates stay as they are in the dict."""
    row: dict[str, Any] = {}
    for col in EVENT_COLUMNS:
        head, _, rest = col.partition("_")
        if head in ACTOR_ROLES and rest in _COLUMN_FIELD:
            actor = event.get(head)
            row[col] = actor.get(_COLUMN_FIELD[rest]) if actor else None
        elif head in ("evidence", "trigger") and rest in _SPAN_TYPES:
            span = event.get(head)
            row[col] = span.get(rest) if span else None
        else:
            row[col] = event.get(col)
    return row


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with text that a spreadsheet would run as a formula made inert.

    Evidence sentences come from arbitrary web pages; a cell such as "=HYPERLINK(...)"
    opened in Excel or LibreOffice would execute. A leading apostrophe is the usual
    guard: the sheet shows the text as written. Only for CSV meant for people; JSONL,
    Parquet and TSV keep the text exactly.
    """
    return {
        key: "'" + value if isinstance(value, str) and value.startswith(_FORMULA_STARTS)
        else value
        for key, value in row.items()
    }


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _actor(row: Mapping[str, Any], role: str) -> dict[str, Any]:
    return {field: row.get(f"{role}_{col}") for field, col in ACTOR_FIELDS.items()}


def _span(row: Mapping[str, Any], name: str) -> dict[str, Any]:
    return {
        "text": row.get(f"{name}_text"),
        "start": row.get(f"{name}_start"),
        "end": row.get(f"{name}_end"),
    }


def row_event_dict(row: Mapping[str, Any], *, iso_dates: bool = True) -> dict[str, Any]:
    """Contract-shaped event dict from a flat row (keys as ``Event``, dates ISO strings)."""
    return {
        "event_id": row["event_id"],
        "doc_id": row["doc_id"],
        "sentence_index": row["sentence_index"],
        "date": _iso(row["date"]) if iso_dates else row["date"],
        "date_precision": row["date_precision"],
        "date_source": row["date_source"],
        "source": _actor(row, "source"),
        "target": _actor(row, "target"),
        "type": row["type"],
        "mode": row["mode"],
        "context": row["context"],
        "cameo": row["cameo"],
        "quad_class": row["quad_class"],
        "intensity": row["intensity"],
        "negated": row["negated"],
        "hypothetical": row["hypothetical"],
        "confidence": row["confidence"],
        "evidence": _span(row, "evidence"),
        "trigger": _span(row, "trigger") if row.get("trigger_text") is not None else None,
        "reporter": _actor(row, "reporter") if row.get("reporter_kind") is not None else None,
        "coder": row["coder"],
    }


def row_event(row: Mapping[str, Any]) -> Event:
    """The ``Event`` a flat row was made from (inverse of ``event_row``)."""
    return msgspec.convert(row_event_dict(row, iso_dates=False), Event)


def events_table(events: list[Event]) -> pa.Table:
    """Arrow table of events for one bulk insert."""
    return pa.Table.from_pylist([event_row(e) for e in events], schema=EVENT_SCHEMA)


DOCUMENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("external_id", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("publisher", pa.string()),
        ("author", pa.string()),
        ("published", pa.date32()),
        ("language", pa.string()),
        ("source_path", pa.string()),
        ("text", pa.string()),
        ("n_sentences", pa.int32()),
        ("n_events", pa.int32()),
        ("ingested_at", pa.timestamp("us")),
    ]
)
UNCODED_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sentence_index", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
    ]
)
UNKNOWN_SCHEMA = pa.schema([("doc_id", pa.string()), ("text", pa.string()), ("n", pa.int32())])


def coded_tables(
    coded: Sequence[CodedDocument], ingested_at: dt.datetime | None = None
) -> dict[str, pa.Table]:
    """The four store tables for a batch of coded documents.

    One builder for the store's own writes and for Dask workers' Parquet parts, so both
    produce the same rows and a part loads into a store without conversion.
    """
    now = ingested_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    documents = pa.Table.from_pylist(
        [
            {
                "id": c.document.id,
                "external_id": c.document.external_id,
                "title": c.document.title,
                "url": c.document.url,
                "publisher": c.document.publisher,
                "author": c.document.author,
                "published": c.document.published,
                "language": c.document.language,
                "source_path": c.document.source_path,
                "text": c.document.text,
                "n_sentences": c.sentences,
                "n_events": len(c.events),
                "ingested_at": now,
            }
            for c in coded
        ],
        schema=DOCUMENT_SCHEMA,
    )
    uncoded = pa.Table.from_pylist(
        [
            {
                "doc_id": u.doc_id,
                "sentence_index": u.sentence_index,
                "start": u.start,
                "end": u.end,
                "text": u.text,
                "reason": u.reason,
                "detail": u.detail,
            }
            for c in coded
            for u in c.uncoded
        ],
        schema=UNCODED_SCHEMA,
    )
    unknown = pa.Table.from_pylist(
        [
            {"doc_id": c.document.id, "text": text, "n": n}
            for c in coded
            for text, n in Counter(c.unknown_actors).items()
        ],
        schema=UNKNOWN_SCHEMA,
    )
    return {
        "documents": documents,
        "events": events_table([e for c in coded for e in c.events]),
        "uncoded": uncoded,
        "unknown_actors": unknown,
    }
