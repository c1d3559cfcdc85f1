"""Synthetic stores whose truth is known, for tests, benchmarks and demos of analysis.

Analysis claims (a shift found within one period, a summit counted once) can only be
checked against data where the answer is planted; these helpers create the store
schema in any DuckDB connection and insert rows with every unspecified column filled
with a neutral default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources

import duckdb
import pyarrow as pa

# Root-level quad class and a representative intensity per PLOVER type, for generated
# rows only (the coder's canonical table lives in dyadwatch.events.ontology).
TYPE_QUAD: dict[str, tuple[int, float]] = {
    "AGREE": (1, 3.0),
    "CONSULT": (1, 1.0),
    "SUPPORT": (1, 3.5),
    "CONCEDE": (2, 5.0),
    "COOPERATE": (2, 6.0),
    "AID": (2, 7.0),
    "RETREAT": (2, 5.0),
    "REQUEST": (1, 3.0),
    "ACCUSE": (3, -2.0),
    "REJECT": (3, -4.0),
    "THREATEN": (3, -6.0),
    "PROTEST": (3, -6.5),
    "SANCTION": (4, -5.0),
    "MOBILIZE": (4, -7.0),
    "COERCE": (4, -7.0),
    "ASSAULT": (4, -10.0),
}

_EVENT_COLUMNS: dict[str, pa.DataType] = {
    "event_id": pa.string(),
    "doc_id": pa.string(),
    "sentence_index": pa.int32(),
    "date": pa.date32(),
    "date_precision": pa.string(),
    "date_source": pa.string(),
    "source_code": pa.string(),
    "source_text": pa.string(),
    "target_code": pa.string(),
    "target_text": pa.string(),
    "type": pa.string(),
    "mode": pa.string(),
    "cameo": pa.string(),
    "quad_class": pa.int32(),
    "intensity": pa.float64(),
    "negated": pa.bool_(),
    "hypothetical": pa.bool_(),
    "confidence": pa.float64(),
    "evidence_text": pa.string(),
    "coder": pa.string(),
}


def schema_sql() -> str:
    return resources.files("dyadwatch.store").joinpath("schema.sql").read_text(encoding="utf-8")


def create_store(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Create the store tables (``store/schema.sql``) in ``con``, stamped with its version."""
    from dyadwatch.store import SCHEMA_VERSION

    con.execute(schema_sql())
    con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    return con


def _fill(i: int, row: Mapping) -> dict:
    etype = row.get("type", "CONSULT")
    quad, intensity = TYPE_QUAD.get(etype, (1, 0.0))
    src, tgt = row.get("source_code", "PRK"), row.get("target_code", "RUS")
    date = row.get("date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    doc = row.get("doc_id") or f"doc{i:06d}"
    eid = row.get("event_id") or hashlib.sha1(f"{doc}|{i}".encode()).hexdigest()[:20]
    filled = {
        "event_id": eid,
        "doc_id": doc,
        "sentence_index": row.get("sentence_index", 0),
        "date": date,
        "date_precision": row.get("date_precision", "day"),
        "date_source": row.get("date_source", "sentence"),
        "source_code": src,
        "source_text": row.get("source_text", src),
        "target_code": tgt,
        "target_text": row.get("target_text", tgt),
        "type": etype,
        "mode": row.get("mode"),
        "cameo": row.get("cameo", ""),
        "quad_class": row.get("quad_class", quad),
        "intensity": row.get("intensity", intensity),
        "negated": row.get("negated", False),
        "hypothetical": row.get("hypothetical", False),
        "confidence": row.get("confidence", 0.9),
        "evidence_text": row.get("evidence_text", f"{src} and {tgt}: {etype.lower()} {i}"),
        "coder": "synthetic",
    }
    return filled


def insert_events(
    con: duckdb.DuckDBPyConnection,
    rows: Iterable[Mapping],
    documents: Iterable[Mapping] = (),
) -> int:
    """Insert events (and documents, auto-created for any doc_id not given) in bulk."""
    filled = [_fill(i, r) for i, r in enumerate(rows)]
    if not filled:
        return 0
    table = pa.table(
        {c: pa.array([r[c] for r in filled], type=t) for c, t in _EVENT_COLUMNS.items()}
    )
    cols = ", ".join(_EVENT_COLUMNS)
    con.register("dw_synthetic_rows", table)
    con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM dw_synthetic_rows")
    con.unregister("dw_synthetic_rows")
    docs = {d["id"]: d for d in documents}
    known = {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
    for r in filled:
        if r["doc_id"] not in docs and r["doc_id"] not in known:
            docs[r["doc_id"]] = {"id": r["doc_id"], "published": r["date"]}
    fresh = [d for d in docs.values() if d["id"] not in known]
    if fresh:
        dtable = pa.table(
            {
                "id": pa.array([d["id"] for d in fresh], pa.string()),
                "title": pa.array([d.get("title", f"Report {d['id']}") for d in fresh]),
                "url": pa.array(
                    [d.get("url", f"https://news.example.org/{d['id']}") for d in fresh],
                    pa.string(),
                ),
                "publisher": pa.array([d.get("publisher", "Example Wire") for d in fresh]),
                "published": pa.array([d.get("published") for d in fresh], pa.date32()),
            }
        )
        con.register("dw_synthetic_docs", dtable)
        con.execute(
            "INSERT INTO documents (id, title, url, publisher, published) "
            "SELECT id, title, url, publisher, published FROM dw_synthetic_docs"
        )
        con.unregister("dw_synthetic_docs")
    return len(filled)


COOP_TYPES: tuple[str, ...] = ("CONSULT", "AGREE", "COOPERATE", "AID", "SUPPORT")
HOSTILE_TYPES: tuple[str, ...] = ("ACCUSE", "THREATEN", "SANCTION", "PROTEST")
_PLACES: tuple[str, ...] = (
    "capital",
    "border",
    "summit",
    "port",
    "assembly",
    "forum",
    "embassy",
    "briefing",
    "council",
    "harbour",
)


def relationship_story(
    *,
    start: dt.date = dt.date(2022, 1, 1),
    months: int = 36,
    shift_month: int = 20,
    seed: int = 0,
) -> list[dict]:
    """Events with a planted turn: PRK-RUS warms sharply at ``start + shift_month``.

    Before the turn PRK-RUS has about 1 cooperative and 2 hostile events a month,
    after it about 8 and 0.3. PRK-CHN stays steady (3 and 1), PRK-USA hostile (4 a
    month), RUS-UKR hostile and busy (10), RUS-CHN cooperative (4). Every event has its
    own document, publisher and URL, and evidence naming the day, so no two merge.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    rows: list[dict] = []
    documents: list[dict] = []

    def add(a: str, b: str, month: dt.date, rate: float, types: Sequence[str]) -> None:
        for _ in range(int(rng.poisson(rate))):
            day = month + dt.timedelta(days=int(rng.integers(0, 28)))
            src, tgt = (a, b) if rng.random() < 0.5 else (b, a)
            etype = types[int(rng.integers(len(types)))]
            n = len(rows)
            place = _PLACES[int(rng.integers(len(_PLACES)))]
            tag = hashlib.md5(f"{seed}-{n}".encode()).hexdigest()
            rows.append(
                {
                    "event_id": f"ev{seed:02d}{n:06d}",
                    "doc_id": f"story{seed:02d}-{n:06d}",
                    "date": day,
                    "source_code": src,
                    "target_code": tgt,
                    "type": etype,
                    "evidence_text": f"{src} with {tgt} at the {place}: {tag[:6]} {tag[6:12]}",
                }
            )

    for k in range(months):
        y, m = divmod(start.month - 1 + k, 12)
        month = dt.date(start.year + y, m + 1, 1)
        warm = k >= shift_month
        add("PRK", "RUS", month, 8.0 if warm else 1.0, COOP_TYPES)
        add("PRK", "RUS", month, 0.3 if warm else 2.0, HOSTILE_TYPES)
        add("PRK", "CHN", month, 3.0, COOP_TYPES)
        add("PRK", "CHN", month, 1.0, HOSTILE_TYPES)
        add("PRK", "USA", month, 4.0, HOSTILE_TYPES)
        add("RUS", "UKR", month, 10.0, (*HOSTILE_TYPES, "ASSAULT"))
        add("RUS", "CHN", month, 4.0, COOP_TYPES)
    publishers = ("Example Wire", "Daily Example", "Example Herald")
    for i, r in enumerate(rows):
        documents.append(
            {
                "id": r["doc_id"],
                "publisher": publishers[i % len(publishers)],
                "url": f"https://news.example.org/{r['doc_id']}",
                "title": f"{r['source_code']} and {r['target_code']}: {r['type'].lower()}",
                "published": r["date"],
            }
        )
    for r, d in zip(rows, documents, strict=True):
        r["_document"] = d
    return rows


def insert_story(con: duckdb.DuckDBPyConnection, rows: Sequence[dict]) -> int:
    """Insert :func:`relationship_story` rows with their documents."""
    docs = [r["_document"] for r in rows if "_document" in r]
    clean = [{k: v for k, v in r.items() if k != "_document"} for r in rows]
    return insert_events(con, clean, docs)
