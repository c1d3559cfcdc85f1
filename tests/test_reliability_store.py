"""Store integrity: the schema version is stored, older stores are upgraded (or the user
is told how), and a store another process is writing is refused at once, clearly."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from dyadwatch.model import ActorRef, CodedDocument, Document, Event, Evidence
from dyadwatch.store import SCHEMA_VERSION, Store, StoreError, migrations

CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]
REPORTER_COLUMNS = [name for name, _ in migrations._REPORTER_COLUMNS]


def coded(n: int, *, reporter: bool = False) -> CodedDocument:
    sentence = f"Russia sent envoys to North Korea (report {n})."
    doc = Document(id=f"doc{n:05d}", text=sentence, published=dt.date(2024, 6, 19))
    event = Event(
        event_id=f"ev{n:05d}",
        doc_id=doc.id,
        sentence_index=0,
        date=dt.date(2024, 6, 19),
        date_precision="day",
        date_source="publication",
        source=ActorRef(code="RUS", name="Russia", text="Russia", start=0, end=6),
        target=ActorRef(code="PRK", name="North Korea", text="North Korea", start=24, end=35),
        type="CONSULT",
        mode="visit",
        context=None,
        cameo="042",
        quad_class=1,
        intensity=1.9,
        negated=False,
        hypothetical=False,
        confidence=0.8,
        evidence=Evidence(text=sentence, start=0, end=len(sentence)),
        trigger=Evidence(text="sent", start=7, end=11),
        reporter=ActorRef(code="KOR", name="Yonhap", kind="country") if reporter else None,
        coder="test",
    )
    return CodedDocument(document=doc, sentences=1, events=[event], uncoded=[])


def version_1_store(path: Path) -> None:
    """A store laid out as schema version 1 was first released: events kept only
    ``reporter_code`` of the reporter actor."""
    with Store(path) as store:
        store.write([coded(1, reporter=True), coded(2)])
    con = duckdb.connect(str(path))
    for name in REPORTER_COLUMNS:
        con.execute(f"ALTER TABLE events DROP COLUMN {name}")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()


def test_a_new_store_records_its_schema_version(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        assert store.meta()["schema_version"] == str(SCHEMA_VERSION)
        assert store.migrated_from is None


def test_a_version_1_store_is_upgraded_in_place_keeping_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    version_1_store(path)
    with pytest.raises(StoreError, match="dyadwatch migrate --db"):
        Store(path, read_only=True)  # reading cannot upgrade: the message says how
    with Store(path) as store:
        assert store.migrated_from == 1
        assert store.meta()["schema_version"] == str(SCHEMA_VERSION)
        assert store.meta()["migrated_from"] == "1"
        old = {e["event_id"]: e for e in store.events()}
        assert old["ev00001"]["reporter"]["code"] == "KOR"  # kept, kind now unknown
        assert old["ev00001"]["reporter"]["kind"] == "unknown"
        assert old["ev00002"]["reporter"] is None
        summary = store.write([coded(3, reporter=True), coded(1)])  # writing works again
        assert (summary.documents, summary.skipped) == (1, 1)
        new = store.events(doc_id="doc00003")[0]
        assert new["reporter"] == {
            "code": "KOR",
            "sector": None,
            "name": "Yonhap",
            "text": "",
            "start": -1,
            "end": -1,
            "person_id": None,
            "role": None,
            "kind": "country",
        }
    with Store(path, read_only=True) as store:
        assert store.counts()["documents"] == 3


def test_the_migrate_command_upgrades_and_then_says_there_is_nothing_to_do(tmp_path):
    path = tmp_path / "old.duckdb"
    version_1_store(path)
    first = subprocess.run(
        [*CLI, "migrate", "--db", str(path)], capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    assert f"upgraded from schema version 1 to {SCHEMA_VERSION}" in first.stdout
    again = subprocess.run(
        [*CLI, "migrate", "--db", str(path)], capture_output=True, text=True, timeout=120
    )
    assert f"already at schema version {SCHEMA_VERSION}" in again.stdout
    events = subprocess.run(
        [*CLI, "events", "--db", str(path), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert events.returncode == 0 and events.stdout.count("\n") == 2


def test_a_failed_upgrade_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    version_1_store(path)

    def half_then_fail(con):
        con.execute("ALTER TABLE events ADD COLUMN reporter_sector VARCHAR")
        con.execute("SELECT * FROM no_such_table")

    monkeypatch.setitem(migrations.STEPS, 1, half_then_fail)
    with pytest.raises(StoreError, match="cannot upgrade .* unchanged"):
        Store(path)
    con = duckdb.connect(str(path), read_only=True)
    columns = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    con.close()
    assert "reporter_sector" not in columns and version == ("1",)


def test_a_store_missing_columns_is_refused_before_any_write(tmp_path):
    path = tmp_path / "hand-edited.duckdb"
    with Store(path) as store:
        store.write([coded(1)])
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events DROP COLUMN coder")
    con.close()
    with pytest.raises(StoreError, match=r"lacks events\.coder"):
        Store(path)


WRITER = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {tests!r})
    from test_reliability_store import coded
    from dyadwatch.store import Store
    stop = {stop!r}
    n = 0
    with Store({db!r}) as store:
        while not os.path.exists(stop):
            store.write([coded(n)])
            n += 1
            if n == 1:
                print("writing", flush=True)
    print(n, flush=True)
    """
)


def test_a_store_another_process_is_writing_is_refused_at_once(tmp_path):
    db, stop = tmp_path / "busy.duckdb", tmp_path / "stop"
    script = WRITER.format(tests=str(Path(__file__).parent), stop=str(stop), db=str(db))
    writer = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
        for read_only in (False, True):
            started = time.monotonic()
            with pytest.raises(StoreError) as refused:
                Store(db, read_only=read_only)
            assert time.monotonic() - started < 5  # no waiting on the lock
            message = str(refused.value)
            assert "in use by another process" in message and str(db) in message
            assert f"PID {writer.pid}" in message and "\n" not in message
        cli = subprocess.run(
            [*CLI, "events", "--db", str(db)], capture_output=True, text=True, timeout=120
        )
        assert cli.returncode == 2
        assert "in use by another process" in cli.stderr and "Traceback" not in cli.stderr
        assert len(cli.stderr.strip().splitlines()) == 1
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    written = int(out.split()[-1])
    with Store(db, read_only=True) as store:  # the writer's work is whole and readable
        counts = store.counts()
        assert counts["documents"] == counts["events"] == written
