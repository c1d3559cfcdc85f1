"""Peak memory of a large ingest: does it stay flat as the corpus grows?

    python bench/memory.py [--sentences 1000000] [--workers 1] [--keep DIR]

Writes a synthetic news corpus of about ``--sentences`` sentences (built from sentence
templates written for this benchmark: events between states, sentences with one actor
or none, dates) to a temporary JSONL file, streaming, then ingests it into a fresh
DuckDB store while a thread samples the resident memory of the whole process tree.
Prints progress lines, then one JSON line of figures; ``rss_timeline_mb`` shows the
tree's memory at each tenth of the run, so growth (or its absence) is visible.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import tempfile
import threading
import time
from pathlib import Path

import psutil

# (name, capital, leader, adjective) — facts, used to fill the templates.
STATES = [
    ("North Korea", "Pyongyang", "Kim Jong Un", "North Korean"),
    ("Russia", "Moscow", "Vladimir Putin", "Russian"),
    ("China", "Beijing", "Xi Jinping", "Chinese"),
    ("the United States", "Washington", "Joe Biden", "American"),
    ("South Korea", "Seoul", "Yoon Suk Yeol", "South Korean"),
    ("Japan", "Tokyo", "Fumio Kishida", "Japanese"),
    ("Iran", "Tehran", "Ebrahim Raisi", "Iranian"),
    ("Ukraine", "Kyiv", "Volodymyr Zelensky", "Ukrainian"),
    ("India", "New Delhi", "Narendra Modi", "Indian"),
    ("Turkey", "Ankara", "Recep Tayyip Erdogan", "Turkish"),
    ("France", "Paris", "Emmanuel Macron", "French"),
    ("Germany", "Berlin", "Olaf Scholz", "German"),
    ("Brazil", "Brasilia", "Luiz Inacio Lula da Silva", "Brazilian"),
    ("Israel", "Jerusalem", "Benjamin Netanyahu", "Israeli"),
    ("Belarus", "Minsk", "Alexander Lukashenko", "Belarusian"),
    ("Vietnam", "Hanoi", "To Lam", "Vietnamese"),
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Two actors: the sentences a coder should turn into events.
EVENT_TEMPLATES = [
    "{A} sent troops to {B} on {day}.",
    "{a_leader} met {b_leader} in {b_cap} to discuss trade and security.",
    "{A} accused {B} of violating the ceasefire along the border.",
    "{A} imposed new sanctions on {b_adj} banks and shipping firms.",
    "{A} and {B} signed an agreement on energy cooperation in {month}.",
    "{a_cap} condemned the missile launch carried out by {B} on {day}.",
    "{a_leader} promised {B} more economic aid during a phone call.",
    "{A} expelled two {b_adj} diplomats, the foreign ministry said.",
    "{a_adj} officials urged {B} to return to the negotiating table.",
    "{A} rejected a proposal from {B} to hold joint inspections.",
    "{a_adj} warships arrived in {b_cap} for a port visit last {month}.",
    "{A} threatened to cut off gas supplies to {B} if talks failed.",
]
# One actor or none: most sentences in real news.
BACKGROUND_TEMPLATES = [
    "{A} will hold parliamentary elections in the spring.",
    "Officials in {a_cap} declined to comment on the report.",
    "The weather was mild for the season and markets were calm.",
    "Analysts said the decision could take months to implement.",
    "{a_leader} is expected to address the nation on {day}.",
    "Prices for rice and fuel rose slightly over the past week.",
    "The ministry said {n} people attended the ceremony.",
    "A spokesperson for {A} said the situation remained under review.",
    "Local media described the mood in the capital as tense.",
    "The report did not say where the figures came from.",
]


def _fill(template: str, rng: random.Random, n: int) -> str:
    a, b = rng.sample(STATES, 2)
    text = template.format(
        A=a[0],
        B=b[0],
        a_cap=a[1],
        b_cap=b[1],
        a_leader=a[2],
        b_leader=b[2],
        a_adj=a[3],
        b_adj=b[3],
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        n=n,
    )
    return text[0].upper() + text[1:]


def write_corpus(path: Path, sentences: int, seed: int = 7) -> tuple[int, int]:
    """Stream a corpus of about ``sentences`` sentences to ``path``; returns
    (documents, sentences written). Each document carries a unique figure, so no two
    documents share a text (and none is skipped as a duplicate)."""
    rng = random.Random(seed)
    docs = written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < sentences:
            n = rng.randint(5, 12)
            body = [_fill("The ministry said {n} people attended the ceremony.", rng, docs)]
            for _ in range(n - 1):
                pool = EVENT_TEMPLATES if rng.random() < 0.35 else BACKGROUND_TEMPLATES
                body.append(_fill(rng.choice(pool), rng, rng.randint(10, 9000)))
            rng.shuffle(body)
            day = f"{rng.choice((2023, 2024))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.write(json.dumps({"id": f"syn-{docs}", "text": " ".join(body), "date": day}))
            out.write("\n")
            docs += 1
            written += n
    return docs, written


class TreeSampler(threading.Thread):
    """Samples the resident memory of this process and its children."""

    def __init__(self, interval: float = 0.25):
        super().__init__(daemon=True)
        self.interval = interval
        # (seconds, parent MB, largest child MB, whole tree MB)
        self.samples: list[tuple[float, float, float, float]] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        t0 = time.perf_counter()
        while not self._stop_event.is_set():
            try:
                parent = me.memory_info().rss
                kids = []
                for child in me.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        kids.append(child.memory_info().rss)
                mb = 2**20
                t = time.perf_counter() - t0
                self.samples.append(
                    (t, parent / mb, max(kids, default=0) / mb, (parent + sum(kids)) / mb)
                )
            except psutil.Error:
                pass
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=1, help="coding processes")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpus and store here")
    args = parser.parse_args()

    from dyadwatch.batch import ingest
    from dyadwatch.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        corpus = root / "synthetic.jsonl"
        t0 = time.perf_counter()
        n_docs, n_sents = write_corpus(corpus, args.sentences)
        print(
            f"corpus: {n_docs} documents, ~{n_sents} sentences, "
            f"{corpus.stat().st_size / 2**20:.0f} MB in {time.perf_counter() - t0:.0f} s",
            flush=True,
        )

        sampler = TreeSampler()
        sampler.start()
        last = [time.perf_counter()]

        def on_batch(_chars: int, s) -> None:
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                tree = sampler.samples[-1][3] if sampler.samples else 0
                print(
                    f"  {s.sentences} sentences, {s.events} events, tree RSS {tree:.0f} MB",
                    flush=True,
                )

        with Store(root / "memory.duckdb") as store:
            t1 = time.perf_counter()
            if args.workers > 1:
                from dyadwatch.scale.processes import ingest_parallel

                summary = ingest_parallel([corpus], store, args.workers, on_batch=on_batch)
            else:
                from dyadwatch.pipeline import Pipeline

                summary = ingest([corpus], store, Pipeline(), on_batch=on_batch)
            seconds = time.perf_counter() - t1
        sampler.stop()

    samples = sampler.samples
    tenth = [samples[min(len(samples) - 1, int(len(samples) * k / 10))] for k in range(1, 11)]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = max((s[2] for s in samples), default=0)
    figures = {
        "sentences": summary.sentences,
        "documents": summary.documents,
        "events": summary.events,
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "sentences_per_s": round(summary.sentences / seconds, 1),
        "peak_rss_parent_mb": round(own, 1),
        "peak_rss_worker_mb": round(kids, 1) if args.workers > 1 else None,
        "peak_rss_tree_mb": round(max(s[3] for s in samples), 1) if samples else None,
        "rss_timeline_mb": [round(s[3]) for s in tenth] if samples else [],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
