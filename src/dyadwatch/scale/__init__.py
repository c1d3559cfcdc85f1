"""Scale: many processes on one machine, or a Dask cluster beyond it.

``run_ingest`` picks the engine; ``ingest_parallel`` (processes) and ``ingest_dask``
(Dask distributed) can be called directly. Names are imported on first use: a worker
process imports this package on its way to its task function and should not pay for
the Parquet and Dask machinery it never touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyadwatch.scale.errors import ScaleError
    from dyadwatch.scale.processes import ingest_parallel
    from dyadwatch.scale.runner import run_ingest
    from dyadwatch.scale.sinks import ParquetSink

_WHERE = {
    "ParquetSink": "dyadwatch.scale.sinks",
    "ScaleError": "dyadwatch.scale.errors",
    "ingest_parallel": "dyadwatch.scale.processes",
    "run_ingest": "dyadwatch.scale.runner",
}

__all__ = ["ParquetSink", "ScaleError", "ingest_parallel", "run_ingest"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
