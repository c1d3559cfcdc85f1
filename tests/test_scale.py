"""Parallel ingest (processes, Dask LocalCluster) stores exactly what one process stores.

One LocalCluster (2 workers) serves the whole module; the in-test pipeline is built once.
"""

from __future__ import annotations

import json
import logging

import duckdb
import pytest
from typer.testing import CliRunner

from dyadwatch.batch import ingest
from dyadwatch.config import Settings
from dyadwatch.pipeline import Pipeline
from dyadwatch.scale import ParquetSink, ScaleError, ingest_parallel
from dyadwatch.scale.dask_runner import ingest_dask
from dyadwatch.store import Store

# Short articles written for this test; several dated, one repeated, one broken line.
ARTICLES = [
    {
        "id": "w-1",
        "text": "Russia sent troops to Belarus on Monday. Moscow said the drills would last "
        "two weeks.",
        "date": "2024-02-12",
    },
    {
        "text": "North Korea and Russia signed a mutual defence treaty in Pyongyang. "
        "Kim Jong Un praised the agreement.",
        "date": "2024-06-19",
    },
    {
        "id": "w-3",
        "text": "China criticised the United States over new tariffs. Beijing accused "
        "Washington of bullying.",
        "date": "2023-11-02",
    },
    "{this line is not json",
    {
        "text": "South Korea protested after North Korea fired a ballistic missile into the sea. "
        "Japan condemned the launch.",
        "date": "2024-01-14",
    },
    {
        "id": "w-5",
        "text": "Iran and Saudi Arabia agreed to restore diplomatic relations. "
        "China hosted the talks.",
        "date": "2023-03-10",
    },
    {
        "text": "Russia sent troops to Belarus on Monday. Moscow said the drills would last "
        "two weeks.",
        "date": "2024-02-12",
    },
    {"id": "w-7", "text": "Ukraine asked Germany for more air defence systems."},
    {
        "text": "The United States imposed sanctions on Russian banks. Russia rejected "
        "the measures as illegal.",
        "date": "2024-03-01",
    },
]
NOTES = [
    "India and Pakistan exchanged fire across the border on Tuesday.",
    "Vladimir Putin met Kim Jong Un in Vladivostok in September 2023. The two leaders "
    "discussed military cooperation.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "shards").mkdir()
    lines = [a if isinstance(a, str) else json.dumps(a) for a in ARTICLES]
    (root / "shards" / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "notes").mkdir()
    for i, text in enumerate(NOTES):
        (root / "notes" / f"2024-05-0{i + 1}-note.txt").write_text(text, encoding="utf-8")
    return root


def _paths(corpus):
    return [str(corpus / "shards" / "*.jsonl"), str(corpus / "notes")]


def _contents(store: Store) -> dict[str, list[tuple]]:
    with store.cursor() as cur:
        return {
            "events": cur.execute(
                "SELECT event_id, doc_id, date, type, cameo, source_code, target_code "
                "FROM events ORDER BY event_id"
            ).fetchall(),
            "documents": cur.execute(
                "SELECT id, external_id, published, n_sentences, n_events FROM documents "
                "ORDER BY id"
            ).fetchall(),
            "uncoded": cur.execute(
                "SELECT doc_id, sentence_index, reason FROM uncoded ORDER BY 1, 2"
            ).fetchall(),
        }


def _counts(summary) -> tuple:
    return (
        summary.documents,
        summary.skipped,
        summary.sentences,
        summary.events,
        summary.flagged,
        summary.uncoded,
        summary.failures,
        summary.errors,
        summary.uncoded_reasons,
    )


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    """The reference: one process, the ordinary batch ingest."""
    from dyadwatch.scale.inputs import expand_globs

    path = tmp_path_factory.mktemp("single") / "one.duckdb"
    with Store(path) as store:
        paths = list(expand_globs(_paths(corpus)))
        summary = ingest(paths, store, Pipeline(Settings()), batch_size=3)
        contents = _contents(store)
    assert len(contents["events"]) >= 4, "corpus too weak to compare runs"
    assert summary.failures == 1 and summary.skipped == 1
    return summary, contents


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never clash with a running cluster
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def test_two_processes_store_what_one_process_stores(corpus, single, tmp_path):
    summary_1, contents_1 = single
    with Store(tmp_path / "two.duckdb") as store:
        summary = ingest_parallel(_paths(corpus), store, workers=2, batch_size=2)
        assert _contents(store) == contents_1
    assert _counts(summary) == _counts(summary_1)


def test_local_cluster_stores_what_one_process_stores(corpus, single, client, tmp_path):
    summary_1, contents_1 = single
    with Store(tmp_path / "dask.duckdb") as store:
        # Small parts: the JSONL shard is cut into byte ranges read by different workers.
        summary = ingest_dask(_paths(corpus), store, client=client, part_bytes=300)
        assert _contents(store) == contents_1
        assert _counts(summary) == _counts(summary_1)

        again = ingest_dask(_paths(corpus), store, client=client, part_bytes=300)
        assert _contents(store) == contents_1  # nothing stored twice
    assert again.documents == 0 and again.events == 0
    assert again.skipped == summary.documents + summary.skipped


def test_parquet_dataset_holds_the_same_events_by_month(corpus, single, client, tmp_path):
    _, contents_1 = single
    out = tmp_path / "dataset"
    sink = ParquetSink(out)
    summary = ingest_dask(_paths(corpus), sink, client=client, part_bytes=300)
    con = duckdb.connect()
    rows = con.execute(
        "SELECT event_id, doc_id, date, type, cameo, source_code, target_code, year_month "
        f"FROM read_parquet('{out}/events/**/*.parquet', hive_partitioning = true) "
        "ORDER BY event_id"
    ).fetchall()
    assert [r[:7] for r in rows] == contents_1["events"]
    for row in rows:
        assert row[7] == (row[2].strftime("%Y-%m") if row[2] else "undated")
    docs = con.execute(
        f"SELECT count(*), count(DISTINCT id) FROM read_parquet('{out}/documents/*.parquet')"
    ).fetchone()
    assert docs == (summary.documents, summary.documents) == (len(contents_1["documents"]),) * 2


def test_cli_workers_flag_and_glob_match_one_process(corpus, single, tmp_path):
    from dyadwatch.cli import app

    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["ingest", *_paths(corpus), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 1, result.output  # one broken input line is reported
    assert "wire.jsonl:4" in result.output
    with Store(db) as store:
        assert _contents(store) == single[1]


def test_a_pipeline_that_cannot_load_is_one_clear_error(corpus, tmp_path):
    with Store(tmp_path / "bad.duckdb") as store, pytest.raises(ScaleError, match="nope"):
        ingest_parallel(_paths(corpus), store, workers=1, settings=Settings(coder="nope"))


def _die_once(marker: str) -> None:
    """Run on every worker: the first part any worker codes kills that worker's process,
    as an out-of-memory kill or a lost machine would. Its nanny starts a fresh worker."""
    import os

    from dyadwatch.scale import dask_tasks

    original = dask_tasks.worker_pipeline

    def dying(settings):
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL)  # atomic: exactly one worker dies
        except FileExistsError:
            return original(settings)
        os.close(fd)
        os._exit(1)

    dask_tasks.worker_pipeline = dying


def test_a_worker_killed_mid_task_is_replaced_and_nothing_is_stored_twice(
    corpus, single, client, tmp_path
):
    # last in the module: it leaves the surviving worker patched (harmlessly, once fired)
    import sys

    import cloudpickle

    _, contents_1 = single
    marker = tmp_path / "a-worker-died"
    module = sys.modules[__name__]
    cloudpickle.register_pickle_by_value(module)  # workers cannot import the test module
    try:
        client.run(_die_once, str(marker))
    finally:
        cloudpickle.unregister_pickle_by_value(module)
    with Store(tmp_path / "killed.duckdb") as store:
        ingest_dask(_paths(corpus), store, client=client, part_bytes=300)
        assert marker.exists()  # a worker really died during the run
        assert _contents(store) == contents_1
