"""Ingest on a Dask cluster: a LocalCluster on this machine, or a scheduler's address.

The client only plans and collects. Inputs are cut into parts (byte ranges of large
JSONL shards, groups of small files; see ``shards``); workers read, code and tabulate
their part and return Arrow tables; the client drops documents that are already stored
and appends the rest to the store (one transaction per part) or writes them as a
month-partitioned Parquet dataset. Tasks are retried by Dask (``retries``) when they
fail; because every part is checked against what is stored before it is appended, a
retried or repeated part never stores a document twice.

Parts are collected in input order (a window of ``2 × workers`` tasks runs ahead), so
when the same text appears twice the first occurrence is kept, as in a single-process
run, and event ids (hashes of document and evidence) are identical to one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import msgspec

from dyadwatch.batch import IngestSummary, Progress
from dyadwatch.config import Settings
from dyadwatch.model import InputError
from dyadwatch.scale.dask_tasks import PartResult, code_part, part_document_ids
from dyadwatch.scale.errors import ScaleError
from dyadwatch.scale.inputs import list_files
from dyadwatch.scale.parquet_parts import add_counts, document_ids
from dyadwatch.scale.shards import Part, count_newlines, plan_parts, with_line_offsets
from dyadwatch.scale.sinks import ParquetSink, fresh_tables, load_into_store
from dyadwatch.scale.worker_pipeline import PipelineLoadError

MIN_PART_BYTES = 64 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024


@contextlib.contextmanager
def dask_client(scheduler: str, workers: int | None = None) -> Iterator:
    """A connected ``distributed.Client``: ``local`` starts a LocalCluster of ``workers``
    single-threaded processes (closed afterwards); anything else is a scheduler address."""
    from distributed import Client, LocalCluster

    if scheduler == "local":
        n = workers or os.cpu_count() or 1
        with (
            LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never clash with a running cluster
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(scheduler, timeout="15s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ScaleError(f"cannot reach Dask scheduler {scheduler}: {exc}") from None
    with client:
        yield client


def part_size(total_bytes: int, threads: int) -> int:
    """About four parts per worker thread, so the load evens out, within sane bounds."""
    return max(MIN_PART_BYTES, min(MAX_PART_BYTES, total_bytes // max(1, 4 * threads)))


def _count_lines(client, parts: list[Part], retries: int) -> list[Part]:
    """First pass: newline counts of the ranges, so every range knows its first line."""
    ranges = [i for i, p in enumerate(parts) if p.is_range and p.start > 0]
    if not ranges:
        return parts
    wanted = [i for i, p in enumerate(parts) if p.is_range]
    futures = client.map(
        count_newlines,
        [parts[i].files[0] for i in wanted],
        [parts[i].start for i in wanted],
        [parts[i].end for i in wanted],
        retries=retries,
        pure=False,
    )
    counts = dict(zip(wanted, client.gather(futures), strict=True))
    return with_line_offsets(parts, counts)


def _store_is_empty(sink) -> bool:
    if isinstance(sink, ParquetSink):
        return True
    with sink.cursor() as cur:
        return (
            cur.execute("SELECT count(*) FROM (SELECT 1 FROM documents LIMIT 1)").fetchone()[0] == 0
        )


def ingest_dask(
    paths: Sequence[str | Path],
    sink,
    *,
    client=None,
    scheduler: str = "local",
    workers: int | None = None,
    settings: Settings | None = None,
    published: dt.date | None = None,
    batch_size: int = 64,
    part_bytes: int | None = None,
    retries: int = 2,
    on_batch: Progress | None = None,
    on_error: Callable[[str], None] = lambda msg: None,
) -> IngestSummary:
    """Ingest ``paths`` on Dask into ``sink`` (a ``Store`` or a ``ParquetSink``).

    Pass a connected ``client`` to reuse a cluster, else one is made from ``scheduler``
    (``local`` or ``tcp://HOST:8786``) and ``workers``. Raises ``ScaleError`` when the
    scheduler cannot be reached or the workers cannot load the pipeline.
    """
    if client is None:
        with dask_client(scheduler, workers) as own:
            return ingest_dask(
                paths,
                sink,
                client=own,
                settings=settings,
                published=published,
                batch_size=batch_size,
                part_bytes=part_bytes,
                retries=retries,
                on_batch=on_batch,
                on_error=on_error,
            )
    settings_json = msgspec.json.encode(settings or Settings())
    summary = IngestSummary()
    files: list[str] = []
    for item in list_files(paths):
        if isinstance(item, InputError):
            summary.failures += 1
            summary.errors.append(str(item))
            on_error(str(item))
        else:
            files.append(item)
    threads = max(1, sum(client.nthreads().values()))
    if part_bytes is None:
        total = sum(os.path.getsize(f) for f in files if os.path.exists(f))
        part_bytes = part_size(total, threads)
    parts = _count_lines(client, plan_parts(files, part_bytes), retries)
    skip_ids = None
    if not _store_is_empty(sink):
        skip_ids = [
            client.submit(part_document_ids, p, published, retries=retries, pure=False)
            for p in parts
        ]

    def submit(i: int):
        part = parts[i]
        skip: frozenset[str] = frozenset()
        if skip_ids is not None:
            ids = skip_ids[i].result()
            skip_ids[i] = None
            skip = frozenset(sink.has_documents(ids))
        return client.submit(
            code_part,
            part,
            settings_json,
            published,
            skip,
            batch_size,
            key=f"dyadwatch-part-{part.key}-{uuid.uuid4().hex[:8]}",
            retries=retries,
        )

    def collect(part: Part, future) -> None:
        try:
            result: PartResult = future.result()
        except PipelineLoadError as exc:
            raise ScaleError(str(exc)) from None
        for message in result.errors:
            summary.failures += 1
            summary.errors.append(message)
            on_error(message)
        tables = fresh_tables(sink, result.tables)
        summary.skipped += result.read - len(document_ids(tables))
        if isinstance(sink, ParquetSink):
            sink.write_tables(tables, part.key)
        else:
            load_into_store(sink, tables)
        add_counts(summary, tables)
        if on_batch:
            on_batch(part.size, summary)

    queue: deque = deque()
    try:
        for i, part in enumerate(parts):
            queue.append((part, submit(i)))
            if i % 16 == 15:  # workers may join or leave a real cluster while it runs
                threads = max(1, sum(client.nthreads().values()))
            while len(queue) >= 2 * threads:
                collect(*queue.popleft())
        while queue:
            collect(*queue.popleft())
    finally:
        for _, future in queue:
            future.cancel()
    return summary
