"""Store: idempotent batched writes, filters, exports, and the errors users will hit."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.dataset as pads
import pytest

from dyadwatch.model import (
    ActorRef,
    CodedDocument,
    Document,
    Event,
    Evidence,
    Uncoded,
    event_to_dict,
)
from dyadwatch.store import (
    EventFilter,
    ExportError,
    Store,
    StoreError,
    event_row,
    export,
    flat_event,
    row_event,
)
from dyadwatch.store.export import TSV_COLUMNS


def _event(
    doc_id: str,
    n: int,
    src: str,
    tgt: str,
    day: dt.date | None,
    kind: str = "CONSULT",
    mode: str | None = "visit",
    *,
    trigger: bool = True,
    reporter: bool = False,
) -> Event:
    sentence = f"{src} officials met {tgt} officials (item {n})."
    return Event(
        event_id=f"{doc_id}-{n}",
        doc_id=doc_id,
        sentence_index=n,
        date=day,
        date_precision="day" if day else None,
        date_source="sentence" if day else "none",
        source=ActorRef(code=src, sector="GOV", name=f"{src} government", text=src, start=0, end=3),
        target=ActorRef(
            code=tgt,
            sector=None,
            name=tgt,
            text=tgt,
            start=18,
            end=21,
            person_id=None,
            kind="igo" if tgt == "UNO" else "country",
        ),
        type=kind,
        mode=mode,
        context=None,
        cameo="040",
        quad_class=1,
        intensity=1.0,
        negated=False,
        hypothetical=False,
        confidence=0.8,
        evidence=Evidence(text=sentence, start=0, end=len(sentence)),
        trigger=Evidence(text="met", start=14, end=17) if trigger else None,
        reporter=ActorRef(code="KOR", name="Yonhap", kind="country") if reporter else None,
        coder="test",
    )


def _coded(doc_id: str, events: list[Event], uncoded: int = 1, url: str | None = None):
    doc = Document(
        id=doc_id,
        text=f"Text of {doc_id}.\tSecond line\nwith a break.",
        external_id=f"ext-{doc_id}",
        url=url,
        published=dt.date(2024, 6, 20),
    )
    unc = [
        Uncoded(
            doc_id=doc_id, sentence_index=100 + i, start=0, end=4, text="Noise.", reason="no_actor"
        )
        for i in range(uncoded)
    ]
    return CodedDocument(
        document=doc,
        sentences=len(events) + uncoded,
        events=events,
        uncoded=unc,
        unknown_actors=["Mystery Front", "Mystery Front"],
    )


def _corpus() -> list[CodedDocument]:
    return [
        _coded(
            "d1",
            [
                _event("d1", 0, "PRK", "RUS", dt.date(2024, 6, 19), trigger=False, reporter=True),
                _event("d1", 1, "RUS", "PRK", dt.date(2024, 6, 19), "AGREE", None),
            ],
            url="https://example.org/a",
        ),
        _coded("d2", [_event("d2", 0, "PRK", "CHN", dt.date(2023, 9, 13), "AID", "military")]),
        _coded("d3", [_event("d3", 0, "USA", "PRK", None, "THREATEN", None)], uncoded=2),
    ]


def _table_counts(store: Store) -> tuple[int, ...]:
    with store.cursor() as cur:
        return tuple(
            cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "events", "uncoded", "unknown_actors")
        )


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "events.duckdb") as s:
        s.write(_corpus())
        yield s


def test_event_row_round_trip_is_lossless():
    for ev in _corpus()[0].events:
        assert row_event(event_row(ev)) == ev


def test_events_come_back_in_contract_shape(store):
    stored = {e["event_id"]: e for e in store.events()}
    for coded in _corpus():
        for ev in coded.events:
            assert stored[ev.event_id] == event_to_dict(ev)


def test_writing_same_batch_twice_adds_no_rows(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        first = s.write(_corpus())
        before = _table_counts(s)
        second = s.write(_corpus())
        assert _table_counts(s) == before == (3, 4, 4, 3)
    assert (first.documents, first.events, first.uncoded) == (3, 4, 4)
    assert (second.documents, second.skipped, second.events) == (0, 3, 0)


def test_duplicate_documents_within_a_batch_are_stored_once(tmp_path):
    corpus = _corpus()
    with Store(tmp_path / "s.duckdb") as s:
        summary = s.write([corpus[0], corpus[0], corpus[1]])
        assert (summary.documents, summary.skipped) == (2, 1)
        assert s.counts()["events"] == 3


def test_bad_document_fails_alone_and_leaves_stored_ones_intact(tmp_path):
    corpus = _corpus()
    with Store(tmp_path / "s.duckdb") as s:
        s.write(corpus[:1])
        clash = _event("d4", 0, "RUS", "CHN", dt.date(2024, 1, 1))
        # Two events with one id in one document violate the key: that document must fail whole.
        bad = _coded("d4", [clash, clash])
        summary = s.write([bad, corpus[1]])
        assert [doc_id for doc_id, _ in summary.failed] == ["d4"]
        assert summary.documents == 1
        assert s.document("d4") is None
        assert s.events(doc_id="d4") == [] and s.uncoded(doc_id="d4") == []
        assert s.has_documents(["d1", "d2", "d4"]) == {"d1", "d2"}


def test_dyad_filter_is_undirected_unless_asked(store):
    undirected = store.events(dyad="PRK-RUS")
    assert {(e["source"]["code"], e["target"]["code"]) for e in undirected} == {
        ("PRK", "RUS"),
        ("RUS", "PRK"),
    }
    directed = store.events(dyad="rus–prk", directed=True)
    assert [(e["source"]["code"], e["target"]["code"]) for e in directed] == [("RUS", "PRK")]


def test_date_type_mode_and_actor_filters(store):
    assert {e["doc_id"] for e in store.events(since=dt.date(2024, 1, 1))} == {"d1"}
    assert {e["doc_id"] for e in store.events(until="2023-12-31")} == {"d2"}
    assert [e["type"] for e in store.events(type="aid", mode="MILITARY")] == ["AID"]
    assert {e["doc_id"] for e in store.events(actor="USA")} == {"d3"}
    # undated events sort last; limit/offset page through the stable order
    everything = store.events()
    assert everything[-1]["date"] is None
    assert store.events(limit=2, offset=1) == everything[1:3]


@pytest.mark.parametrize(
    "kwargs", [{"dyad": "PRK"}, {"dyad": "PRK-RUS-CHN"}, {"type": "HUG"}, {"since": "last June"}]
)
def test_invalid_filters_say_what_is_wrong(store, kwargs):
    with pytest.raises(ValueError, match=r"dyad|type|since"):
        store.events(**kwargs)


def test_filter_values_are_bound_not_spliced(store):
    sneaky = "PRK'); DROP TABLE events; --"
    assert store.events(doc_id=sneaky) == []
    assert store.counts()["events"] == 4


def test_counts_uncoded_and_document(store):
    counts = store.counts()
    assert counts["documents"] == 3 and counts["events"] == 4
    assert counts["uncoded"] == 4 and counts["uncoded_by_reason"] == {"no_actor": 4}
    assert counts["sentences"] == 8
    assert [u["sentence_index"] for u in store.uncoded(doc_id="d3")] == [100, 101]
    doc = store.document("d1")
    assert doc["url"] == "https://example.org/a" and doc["n_events"] == 2
    assert doc["published"] == "2024-06-20"
    assert store.unknown_actors()[0] == {"text": "Mystery Front", "mentions": 6, "documents": 3}


def test_reopening_read_only_sees_the_data(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.write(_corpus())
    with Store(path, read_only=True) as s:
        assert s.counts()["events"] == 4
        with pytest.raises(StoreError, match="read-only"):
            s.write(_corpus())


def test_newer_schema_version_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.set_meta("schema_version", "99")
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


def test_non_store_files_are_refused_clearly(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database")
    with pytest.raises(StoreError, match="cannot open store"):
        Store(junk)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a dyadwatch store"):
        Store(other)


def test_store_held_by_another_process_gives_one_line_error(tmp_path):
    path = tmp_path / "busy.duckdb"
    script = (
        "import sys\n"
        "from dyadwatch.store import Store, StoreError\n"
        "try:\n"
        f"    Store({str(path)!r})\n"
        "except StoreError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(3)\n"
    )
    with Store(path):
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 3, done.stderr
    message = done.stdout.strip()
    assert "in use by another process" in message and str(path) in message
    assert "\n" not in message


def test_parquet_export_is_partitioned_by_month_and_reads_back(store, tmp_path):
    out = tmp_path / "pq"
    summary = export(store, "parquet", out)
    assert summary.rows == 4
    parts = sorted(p.parent.name for p in out.rglob("*.parquet"))
    assert parts == ["year_month=2023-09", "year_month=2024-06", "year_month=undated"]
    table = pads.dataset(out, partitioning="hive").to_table()
    assert table.num_rows == 4
    rows = {r["event_id"]: r for r in table.to_pylist()}
    assert rows["d1-1"]["year_month"] == "2024-06"
    assert rows["d1-1"]["doc_url"] == "https://example.org/a"
    assert (
        row_event({k: rows["d2-0"][k] for k in event_row(_corpus()[1].events[0])})
        == (_corpus()[1].events[0])
    )
    # and DuckDB reads the same dataset
    files = [str(p) for p in out.rglob("*.parquet")]
    n = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [files]).fetchall()
    assert n == [(4,)]
    with pytest.raises(ExportError, match="not empty"):
        export(store, "parquet", out)
    assert export(store, "parquet", out, overwrite=True).rows == 4


def test_jsonl_export_matches_the_event_contract(store, tmp_path):
    out = tmp_path / "events.jsonl"
    summary = export(store, "jsonl", out, EventFilter(dyad="PRK-RUS"))
    lines = out.read_text().splitlines()
    assert summary.rows == len(lines) == 2
    expected = {e.event_id: event_to_dict(e) for e in _corpus()[0].events}
    for line in lines:
        got = json.loads(line)
        assert got == expected[got["event_id"]]
    with pytest.raises(ExportError, match="already exists"):
        export(store, "jsonl", out)


def test_tsv_export_has_gdelt_columns(store, tmp_path):
    out = tmp_path / "events.tsv"
    export(store, "tsv", out)
    header, *rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert header == [name for name, _ in TSV_COLUMNS]
    for col in (
        "GLOBALEVENTID",
        "SQLDATE",
        "Actor1Code",
        "Actor2CountryCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "PloverType",
        "DATEADDED",
        "SOURCEURL",
    ):
        assert col in header
    assert len(rows) == 4 and all(len(r) == len(header) for r in rows)
    first = dict(zip(header, rows[0], strict=True))
    assert first["SQLDATE"] == "20230913" and first["Actor1Code"] == "PRKGOV"
    assert first["PloverMode"] == "military" and first["EventRootCode"] == "04"
    assert first["SOURCEURL"] == "ext-d2"
    assert len(first["DATEADDED"]) == 14


def test_unknown_export_format_is_refused(store, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export(store, "xlsx", tmp_path / "x.xlsx")


def test_killed_write_leaves_no_partial_document(tmp_path):
    path = tmp_path / "crash.duckdb"
    with Store(path) as s:
        s.write(_corpus()[:1])
    # A process that dies after inserting rows but before COMMIT, as a kill -9 would.
    script = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_store import _corpus\n"
        "from dyadwatch.store import Store\n"
        "original = Store._insert\n"
        "def insert_then_die(self, *args):\n"
        "    original(self, *args)\n"
        "    os._exit(9)\n"
        "Store._insert = insert_then_die\n"
        f"Store({str(path)!r}).write(_corpus()[1:])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr
    with Store(path) as s:
        assert _table_counts(s) == (1, 2, 1, 1)
        summary = s.write(_corpus())  # resuming stores the rest, once
        assert (summary.documents, summary.skipped) == (2, 1)
        assert _table_counts(s) == (3, 4, 4, 3)


def test_documents_listing_without_text(store):
    docs = store.documents(limit=2)
    assert len(docs) == 2 and "text" not in docs[0]
    assert {d["id"] for d in store.documents()} == {"d1", "d2", "d3"}
    assert store.documents(limit=1, with_text=True)[0]["text"].startswith("Text of")


def test_flat_event_matches_event_row(store):
    by_id = {e.event_id: e for c in _corpus() for e in c.events}
    for got in store.events():
        flat = flat_event(got)
        expected = event_row(by_id[got["event_id"]])
        expected["date"] = expected["date"].isoformat() if expected["date"] else None
        assert flat == expected


def test_flagged_events_can_be_left_out(tmp_path):
    negated = _event("d9", 0, "RUS", "PRK", dt.date(2024, 5, 1), "AID", "military")
    negated.negated = True
    with Store(tmp_path / "s.duckdb") as s:
        s.write(_corpus() + [_coded("d9", [negated])])
        assert len(s.events(dyad="PRK-RUS")) == 3
        kept = s.events(dyad="PRK-RUS", include_flagged=False)
        assert [e["event_id"] for e in kept] == ["d1-0", "d1-1"]


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert():
    from dyadwatch.store.rows import spreadsheet_safe

    row = {"evidence_text": '=HYPERLINK("http://x.example","click")', "trigger_text": "@SUM(A1)",
           "type": "ASSAULT", "confidence": 0.8, "source_text": "Russia"}
    safe = spreadsheet_safe(row)
    assert safe["evidence_text"].startswith("'=HYPERLINK")
    assert safe["trigger_text"] == "'@SUM(A1)"
    assert safe["type"] == "ASSAULT" and safe["confidence"] == 0.8
    assert safe["source_text"] == "Russia"
