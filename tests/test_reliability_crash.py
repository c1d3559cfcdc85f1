"""Crash safety: an ingest killed with SIGKILL loses nothing and duplicates nothing.

A real ``dyadwatch ingest`` runs in a subprocess over a few hundred generated articles
and is killed (SIGKILL, no chance to clean up) at random moments after it has stored
at least one batch. After every kill the store must hold whole documents only, each
exactly as a clean run stores it; rerunning the same command must finish the job, and
the result must equal the clean run row for row.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ACTORS = (
    "North Korea",
    "Russia",
    "China",
    "Japan",
    "South Korea",
    "Ukraine",
    "the United States",
    "Pyongyang",
    "Moscow",
    "Beijing",
    "Kim Jong Un",
    "Vladimir Putin",
)
FRAMES = (
    "{a} sent troops to {b}.",
    "{a} met {b} on Tuesday.",
    "{a} condemned {b}.",
    "{a} signed an agreement with {b}.",
    "{a} accused {b} of lying about the talks.",
    "{a} threatened {b} with new sanctions.",
    "{a} praised {b}.",
    "{a} imposed sanctions on {b}.",
    "{a} criticised {b} sharply.",
    "Officials said the weather in {a} was mild.",
    "Markets were calm on the day.",
)
DOCUMENTS = 240
BATCH = 4
KILLS = 5
CLI = [sys.executable, "-c", "from dyadwatch.cli import main; main()"]


def write_corpus(folder: Path, n: int, seed: int = 11) -> None:
    """Short dated articles made from templates: events, one-actor and no-actor sentences."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sentences = []
        for _ in range(rng.randint(2, 6)):
            a, b = rng.sample(ACTORS, 2)
            sentences.append(rng.choice(FRAMES).format(a=a, b=b))
        text = f"Dispatch {i}.\n" + " ".join(sentences) + "\n"
        (folder / f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}-dispatch-{i:04d}.txt").write_text(text)


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [
        *CLI,
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        str(BATCH),
        "--workers",
        "1",
    ]


def snapshot(db: Path) -> dict[str, object]:
    """Every row that identifies what was stored, checkpointing the WAL as it goes."""
    con = duckdb.connect(str(db))
    try:
        docs = con.execute("SELECT id, n_sentences, n_events FROM documents ORDER BY id").fetchall()
        events = con.execute("SELECT doc_id, event_id FROM events ORDER BY 1, 2").fetchall()
        uncoded = con.execute(
            "SELECT doc_id, sentence_index, reason FROM uncoded ORDER BY 1, 2"
        ).fetchall()
        unknown = con.execute("SELECT doc_id, text, n FROM unknown_actors ORDER BY 1, 2").fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM (SELECT doc_id FROM events UNION ALL "
            "SELECT doc_id FROM uncoded UNION ALL SELECT doc_id FROM unknown_actors) r "
            "WHERE r.doc_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        # n_sentences = sentences with an event or an uncoded row; n_events = its events
        incomplete = con.execute(
            """
            WITH covered AS (
                SELECT doc_id, sentence_index FROM events
                UNION SELECT doc_id, sentence_index FROM uncoded)
            SELECT count(*) FROM documents d
            WHERE d.n_sentences <> (SELECT count(*) FROM covered c WHERE c.doc_id = d.id)
               OR d.n_events <> (SELECT count(*) FROM events e WHERE e.doc_id = d.id)
            """
        ).fetchone()[0]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {
        "documents": docs,
        "events": events,
        "uncoded": uncoded,
        "unknown": unknown,
        "orphans": orphans,
        "incomplete": incomplete,
    }


def restricted(full: dict[str, object], doc_ids: set[str]) -> dict[str, object]:
    """The clean run's rows for the documents a killed run managed to store."""
    return {
        key: [row for row in rows if row[0] in doc_ids]
        for key, rows in full.items()
        if isinstance(rows, list)
    }


def run_and_kill(cmd: list[str], db: Path, delay: float, log: Path) -> bool:
    """Start the ingest; once a batch is committed (the WAL grows), wait ``delay`` seconds
    and SIGKILL it. Returns False if it finished before the kill landed."""
    wal = db.with_name(db.name + ".wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 120
        try:
            while proc.poll() is None:
                if wal.exists() and wal.stat().st_size > start_size + 8192:
                    time.sleep(delay)
                    break
                if time.monotonic() > deadline:
                    pytest.fail(f"ingest made no progress in 120 s: {log.read_text()[-2000:]}")
                time.sleep(0.01)
            if proc.poll() is not None:
                assert proc.returncode == 0, log.read_text()[-2000:]
                return False
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return proc.returncode == -signal.SIGKILL


def test_killed_ingests_leave_whole_documents_and_resume_to_the_clean_result(tmp_path):
    corpus = tmp_path / "articles"
    write_corpus(corpus, DOCUMENTS)

    clean_db = tmp_path / "clean.duckdb"
    done = subprocess.run(
        ingest_command(corpus, clean_db), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    clean = snapshot(clean_db)
    assert len(clean["documents"]) == DOCUMENTS
    assert len(clean["events"]) > DOCUMENTS  # the templates do produce events
    assert clean["orphans"] == 0 and clean["incomplete"] == 0

    db = tmp_path / "killed.duckdb"
    cmd = ingest_command(corpus, db)
    rng = random.Random()
    # short delays: a whole run codes these documents in about a second
    delays = [round(rng.uniform(0.0, 0.25), 3) for _ in range(KILLS)]
    mid_run = []
    for cycle, delay in enumerate(delays):
        killed = run_and_kill(cmd, db, delay, tmp_path / f"kill{cycle}.log")
        state = snapshot(db)
        stored = {row[0] for row in state["documents"]}
        where = f"kill {cycle} (delays {delays}, {len(stored)} documents stored)"
        assert state["orphans"] == 0, where
        assert state["incomplete"] == 0, where
        assert restricted(state, stored) == restricted(clean, stored), where
        if not killed:
            break
        if 0 < len(stored) < DOCUMENTS:
            mid_run.append(len(stored))
    assert len(mid_run) >= 3, f"kills did not land mid-run: {mid_run} (delays {delays})"
    assert mid_run == sorted(mid_run), "a resumed run lost documents an earlier run stored"

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    final = snapshot(db)
    assert final == clean  # same documents, event ids, uncoded rows; nothing twice

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert snapshot(db) == clean
