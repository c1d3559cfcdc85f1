"""Scale: many processes on one machine, or a Dask cluster beyond it.

``run_ingest`` picks the engine; ``ingest_parallel`` (processes) and ``ingest_dask``
(Dask distributed) can be called directly. Heavy imports (Dask) happen on use.
"""

from dyadwatch.scale.errors import ScaleError
from dyadwatch.scale.processes import ingest_parallel
from dyadwatch.scale.runner import run_ingest
from dyadwatch.scale.sinks import ParquetSink

__all__ = ["ParquetSink", "ScaleError", "ingest_parallel", "run_ingest"]
