"""One coding pipeline per worker process, built on first use and kept.

Loading spaCy and the dictionaries takes seconds and hundreds of MB, so a process
(a ``multiprocessing`` worker or a Dask worker) must build it once and reuse it for
every batch it codes. The cache is keyed by the settings, so a long-lived Dask worker
serving two runs with different coders keeps the right pipeline for each.
"""

from __future__ import annotations

import threading

import msgspec

from dyadwatch.config import Settings
from dyadwatch.pipeline import Pipeline


class PipelineLoadError(RuntimeError):
    """The pipeline cannot be built in a worker (missing model, bad dictionary, unknown
    coder); the message is one line for the user."""


_pipelines: dict[bytes, Pipeline] = {}
_lock = threading.Lock()


def settings_key(settings: Settings) -> bytes:
    return msgspec.json.encode(settings)


def build_pipeline(settings: Settings) -> Pipeline:
    """A fresh pipeline, with load failures turned into one ``PipelineLoadError`` line."""
    try:
        return Pipeline(settings)
    except PipelineLoadError:
        raise
    except KeyError as exc:  # unknown coder name
        raise PipelineLoadError(str(exc).strip("'\"")) from None
    except Exception as exc:
        name = type(exc).__name__
        if name in ("ModelMissingError", "ActorDictionaryError", "ConfigError"):
            raise PipelineLoadError(str(exc)) from None
        raise


def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline for ``settings`` in this process (built once, thread-safe)."""
    key = settings_key(settings)
    pipeline = _pipelines.get(key)
    if pipeline is None:
        with _lock:
            pipeline = _pipelines.get(key)
            if pipeline is None:
                pipeline = build_pipeline(settings)
                _pipelines[key] = pipeline
    return pipeline
