"""One process vs. N processes vs. a Dask LocalCluster, on the same corpus, in one run.

    python bench/engines.py CORPUS.jsonl [--limit N] [--workers 2]

Each engine ingests into a fresh DuckDB store; times are wall-clock and include
starting the workers and loading the model in each (what a user waits for), except
for the single process, whose model is loaded before timing (as in throughput.py).
CPU seconds of the parent and of the worker processes are reported too: on a machine
shared with other jobs, wall-clock rates say little, CPU seconds say what the work
costs. Checks that every engine stored the same event ids, then prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from itertools import islice
from pathlib import Path


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _event_ids(store) -> set[str]:
    with store.cursor() as cur:
        return {r[0] for r in cur.execute("SELECT event_id FROM events").fetchall()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from dyadwatch.batch import ingest
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.scale.dask_runner import ingest_dask
    from dyadwatch.scale.processes import ingest_parallel
    from dyadwatch.store import Store

    figures: dict = {"corpus": str(args.corpus), "workers": args.workers}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if args.limit:
            corpus = Path(tmp) / "corpus.jsonl"
            with args.corpus.open(encoding="utf-8") as src, corpus.open("w") as dst:
                dst.writelines(islice(src, args.limit))
        pipeline = Pipeline()
        runs = {
            "one_process": lambda store: ingest([corpus], store, pipeline),
            "processes": lambda store: ingest_parallel([corpus], store, args.workers),
            "dask_local": lambda store: ingest_dask(
                [corpus], store, scheduler="local", workers=args.workers
            ),
        }
        ids: dict[str, set[str]] = {}
        for name, run in runs.items():
            with Store(Path(tmp) / f"{name}.duckdb") as store:
                own0, kids0 = _cpu()
                t0 = time.perf_counter()
                summary = run(store)
                seconds = time.perf_counter() - t0
                ids[name] = _event_ids(store)
            own1, kids1 = _cpu()  # workers are reaped by now, so their CPU is counted
            rate = summary.sentences / seconds
            figures[name] = {
                "seconds": round(seconds, 1),
                "sentences_per_s": round(rate, 1),
                "cpu_s_parent": round(own1 - own0, 1),
                "cpu_s_workers": round(kids1 - kids0, 1),
            }
            print(
                f"{name}: {rate:.0f} sentences/s ({summary.sentences} sentences, "
                f"{len(ids[name])} events, {seconds:.1f} s; CPU s parent {own1 - own0:.1f}, "
                f"workers {kids1 - kids0:.1f})",
                flush=True,
            )
    figures["sentences"] = summary.sentences
    figures["same_event_ids"] = len({frozenset(v) for v in ids.values()}) == 1
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
