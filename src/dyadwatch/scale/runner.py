"""Picks the engine for an ingest run from what the user asked for.

One process for small inputs (starting workers and loading the model in each costs
more than it saves), N processes on one machine, or a Dask cluster; results go to the
store or, with ``out_parquet``, to a Parquet dataset. All engines give the same
documents, events and counts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from dyadwatch.batch import IngestSummary, Progress, input_size
from dyadwatch.config import Settings
from dyadwatch.model import InputError
from dyadwatch.scale.errors import ScaleError
from dyadwatch.scale.inputs import expand_globs
from dyadwatch.scale.sinks import ParquetSink
from dyadwatch.scale.worker_pipeline import PipelineLoadError, build_pipeline

SMALL_INPUT_BYTES = 1024 * 1024


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def total_bytes(paths: Sequence[str | Path]) -> int:
    """Bytes of the inputs, globs expanded (for a progress bar)."""
    return input_size([p for p in expand_globs(paths) if not isinstance(p, InputError)])


def default_workers(size: int) -> int:
    """The number of cores, or 1 for inputs under 1 MB."""
    return 1 if size < SMALL_INPUT_BYTES else cores()


def run_ingest(
    paths: Sequence[str | Path],
    store,
    *,
    settings: Settings | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    out_parquet: str | Path | None = None,
    published: dt.date | None = None,
    batch_size: int = 64,
    on_batch: Progress | None = None,
    on_error: Callable[[str], None] = lambda msg: None,
) -> IngestSummary:
    """Ingest with the engine the options call for. ``store`` may be ``None`` when
    ``out_parquet`` is given. Raises ``ScaleError`` (one line) when the run cannot go on."""
    settings = settings or Settings()
    sink = ParquetSink(out_parquet) if out_parquet is not None else store
    n = workers or default_workers(total_bytes(paths))
    common = dict(published=published, batch_size=batch_size, on_batch=on_batch, on_error=on_error)
    if scheduler:
        from dyadwatch.scale.dask_runner import ingest_dask

        return ingest_dask(paths, sink, scheduler=scheduler, workers=n, settings=settings, **common)
    if n > 1:
        from dyadwatch.scale.processes import ingest_parallel

        return ingest_parallel(paths, sink, n, settings=settings, **common)
    from dyadwatch.batch import ingest

    try:
        pipeline = build_pipeline(settings)
    except PipelineLoadError as exc:
        raise ScaleError(str(exc)) from None
    expanded = [p for p in expand_globs(paths)]
    errors = [p for p in expanded if isinstance(p, InputError)]
    summary = ingest(
        [p for p in expanded if not isinstance(p, InputError)], sink, pipeline, **common
    )
    for error in errors:
        summary.failures += 1
        summary.errors.append(str(error))
        on_error(str(error))
    return summary
