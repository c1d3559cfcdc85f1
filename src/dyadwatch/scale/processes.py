"""Ingest on N processes of one machine: workers code, the parent reads and stores.

The parent streams documents from the readers, drops those already stored, and hands
batches to worker processes; each worker builds the pipeline once (in its initializer)
and codes whole batches. Results come back in submission order and the parent writes
each batch in one transaction, so the store has a single writer (as DuckDB requires)
and the stored rows are those of a single-process run, batch for batch.

Memory is bounded: at most ``2 × workers`` batches are in flight, and nothing holds
the corpus. Batches travel as msgpack (msgspec), which encodes and decodes these
structs several times faster than pickle; results do not carry the document text
back, since the parent still holds each batch it sent.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import msgspec

from dyadwatch.batch import IngestSummary, Progress
from dyadwatch.config import Settings
from dyadwatch.ingest import read_paths
from dyadwatch.model import CodedDocument, Document, Event, InputError, Uncoded
from dyadwatch.scale.errors import ScaleError
from dyadwatch.scale.inputs import expand_globs
from dyadwatch.scale.worker_pipeline import PipelineLoadError, worker_pipeline


class _Coded(msgspec.Struct, array_like=True):
    """A ``CodedDocument`` without its document (the parent has it)."""

    sentences: int
    events: list[Event]
    uncoded: list[Uncoded]
    unknown_actors: list[str]


_batch_encoder = msgspec.msgpack.Encoder()
_documents_decoder = msgspec.msgpack.Decoder(list[Document])
_results_decoder = msgspec.msgpack.Decoder(list[_Coded])

# -- worker side ------------------------------------------------------------------------

_worker_settings: Settings | None = None
_worker_error: str | None = None


def _exit_with_parent(parent: int) -> None:
    """A worker whose parent was killed (SIGKILL leaves no chance to stop the pool) would
    hold its model in memory for ever; it checks once a second and leaves."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _init_worker(settings_json: bytes) -> None:
    """Build the pipeline once per worker; remember a load failure to report it."""
    global _worker_settings, _worker_error
    threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), daemon=True, name="parent-watch"
    ).start()
    _worker_settings = msgspec.json.decode(settings_json, type=Settings)
    try:
        worker_pipeline(_worker_settings)
    except PipelineLoadError as exc:
        _worker_error = str(exc)


def _code_batch(payload: bytes) -> bytes:
    if _worker_error is not None or _worker_settings is None:
        raise PipelineLoadError(_worker_error or "worker was not initialised")
    documents = _documents_decoder.decode(payload)
    pipeline = worker_pipeline(_worker_settings)
    return _batch_encoder.encode(
        [
            _Coded(c.sentences, c.events, c.uncoded, c.unknown_actors)
            for c in pipeline.code_documents(documents)
        ]
    )


# -- parent side ------------------------------------------------------------------------


def _context() -> mp.context.BaseContext:
    """``spawn``: a clean interpreter per worker (no inherited locks or DuckDB handles),
    and workers stay direct children, so their memory shows in the parent's rusage."""
    return mp.get_context("spawn")


def _documents(
    paths: Sequence[str | Path],
    published: dt.date | None,
    summary: IngestSummary,
    on_error: Callable[[str], None],
) -> Iterator[Document]:
    for item in expand_globs(paths):
        items = [item] if isinstance(item, InputError) else read_paths([item], published)
        for doc in items:
            if isinstance(doc, InputError):
                summary.failures += 1
                summary.errors.append(str(doc))
                on_error(str(doc))
            else:
                yield doc


# Each worker is one process meant for one core: a BLAS thread pool per worker (numpy's
# OpenBLAS starts one thread per core) made N workers fight over the cores and cost a
# third of the throughput on 2 cores. Dask's nanny sets the same variables for its workers.
_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Spawned workers read these at start; a value the user set is left alone."""
    added = [v for v in _BLAS_THREAD_VARIABLES if v not in os.environ]
    for name in added:
        os.environ[name] = "1"
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


class _InFlight:
    __slots__ = ("chars", "documents", "future", "skipped")

    def __init__(self, chars: int, skipped: int, documents: list[Document], future: Future | None):
        self.chars = chars
        self.skipped = skipped
        self.documents = documents
        self.future = future


def ingest_parallel(
    paths: Sequence[str | Path],
    store,
    workers: int,
    *,
    settings: Settings | None = None,
    published: dt.date | None = None,
    batch_size: int = 64,
    on_batch: Progress | None = None,
    on_error: Callable[[str], None] = lambda msg: None,
    max_in_flight: int | None = None,
) -> IngestSummary:
    """Ingest ``paths`` into ``store`` with ``workers`` coding processes.

    ``store`` is a ``dyadwatch.store.Store`` (or anything with ``has_documents`` and
    ``write``, such as a ``ParquetSink``). Same results and counts as
    ``dyadwatch.batch.ingest``; raises ``ScaleError`` if the workers cannot code.
    """
    settings = settings or Settings()
    summary = IngestSummary()
    limit = max_in_flight or 2 * workers
    documents = _documents(paths, published, summary, on_error)
    queue: deque[_InFlight] = deque()
    pending_ids: set[str] = set()  # submitted, not yet stored: skipped like stored ones

    def finish(item: _InFlight) -> None:
        if item.future is not None:
            try:
                results = _results_decoder.decode(item.future.result())
            except PipelineLoadError as exc:
                raise ScaleError(str(exc)) from None
            except BrokenProcessPool:
                raise ScaleError(
                    "a coding process died (out of memory?); stored batches are kept, "
                    "re-run to continue"
                ) from None
            coded = [
                CodedDocument(
                    document=doc,
                    sentences=r.sentences,
                    events=r.events,
                    uncoded=r.uncoded,
                    unknown_actors=r.unknown_actors,
                )
                for doc, r in zip(item.documents, results, strict=True)
            ]
            store.write(coded)
            for c in coded:
                summary.add(c)
                pending_ids.discard(c.document.id)
        summary.skipped += item.skipped
        if on_batch:
            on_batch(item.chars, summary)

    with _single_threaded_blas(), ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(msgspec.json.encode(settings),),
    ) as pool:
        try:
            while batch := list(islice(documents, batch_size)):
                chars = sum(len(d.text) for d in batch)
                unique: dict[str, Document] = {}
                for d in batch:
                    unique.setdefault(d.id, d)
                stored = store.has_documents(list(unique))
                todo = [d for i, d in unique.items() if i not in stored and i not in pending_ids]
                future = None
                if todo:
                    pending_ids.update(d.id for d in todo)
                    future = pool.submit(_code_batch, _batch_encoder.encode(todo))
                queue.append(_InFlight(chars, len(batch) - len(todo), todo, future))
                while len(queue) >= limit or (queue and queue[0].future is None):
                    finish(queue.popleft())
            while queue:
                finish(queue.popleft())
        except BaseException:
            for item in queue:
                if item.future is not None:
                    item.future.cancel()
            raise
    return summary
