"""Dev accuracy signals for the event coder on labelled JSONL sets (not a gold score).

Usage: python bench/accuracy.py PATH.jsonl [PATH.jsonl ...] [--limit N]

Two kinds of set are recognised by their labels:

- PLOVER document labels (``expected[0].code`` is a PLOVER type): per document, does
  the coder assert the expected type anywhere (coverage / recall per type), is the type
  of its most confident event the expected one (top-1 accuracy where it coded
  anything), and what share of the types it asserted are the expected one (precision).
- Five-way CAMEO classes (``expected[0].penta``: 0 statement, 1 verbal cooperation,
  2 material cooperation, 3 verbal conflict, 4 material conflict): the class of the
  most confident asserted event against the label, on the records where it coded
  anything, and abstention on "statement" records (no event is the right answer there
  unless it is an appeal).

Flagged (negated / hypothetical) events are not counted as coded. These sets are dev
signals only: the rules are written from the codebooks, never tuned to these texts.
The last line printed is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from dyadwatch.events import ontology
from dyadwatch.ingest.normalize import document_id
from dyadwatch.model import Document, Event
from dyadwatch.pipeline import Pipeline


def read(path: Path, limit: int | None) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def code_all(pipeline: Pipeline, records: list[dict]) -> list[list[Event]]:
    docs = [Document(id=document_id(r["text"]), text=r["text"]) for r in records]
    return [[e for e in c.events if not (e.negated or e.hypothetical)]
            for c in pipeline.code_documents(docs)]


def top(events: list[Event]) -> Event | None:
    return max(events, key=lambda e: e.confidence) if events else None


def plover_scores(records: list[dict], coded: list[list[Event]]) -> dict:
    total: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    top_ok = any_coded = asserted_types = asserted_right = 0
    for rec, events in zip(records, coded, strict=True):
        expected = rec["expected"][0]["code"]
        total[expected] += 1
        types = {e.type for e in events}
        if expected in types:
            covered[expected] += 1
        if events:
            any_coded += 1
            top_ok += top(events).type == expected
            asserted_types += len(types)
            asserted_right += expected in types
    n = sum(total.values())
    per_type = {t: round(covered[t] / total[t], 3) for t in sorted(total)}
    return {
        "records": n,
        "coverage": round(sum(covered.values()) / n, 4) if n else 0.0,
        "coded_any": round(any_coded / n, 4) if n else 0.0,
        "top1_accuracy_where_coded": round(top_ok / any_coded, 4) if any_coded else 0.0,
        "type_precision": round(asserted_right / asserted_types, 4) if asserted_types else 0.0,
        "coverage_macro": round(sum(per_type.values()) / len(per_type), 4) if per_type else 0.0,
        "coverage_per_type": per_type,
    }


def penta_scores(records: list[dict], coded: list[list[Event]]) -> dict:
    n = right = any_coded = 0
    statement = statement_quiet = 0
    confusion: Counter[str] = Counter()
    for rec, events in zip(records, coded, strict=True):
        gold = rec["expected"][0]["penta"]
        n += 1
        best = top(events)
        if gold == 0:
            statement += 1
            statement_quiet += best is None or ontology.lookup(best.cameo).penta_class == 0
        if best is None:
            confusion[f"{gold}->none"] += 1
            continue
        any_coded += 1
        pred = ontology.lookup(best.cameo).penta_class
        right += pred == gold
        confusion[f"{gold}->{pred}"] += 1
    return {
        "records": n,
        "coded_any": round(any_coded / n, 4) if n else 0.0,
        "penta_accuracy_where_coded": round(right / any_coded, 4) if any_coded else 0.0,
        "statement_records_left_uncoded": round(statement_quiet / statement, 4)
        if statement else None,
        "confusion": dict(sorted(confusion.items())),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="first N records of each file")
    args = ap.parse_args()
    pipeline = Pipeline()
    result: dict = {"coder": f"{pipeline.coder.name} {pipeline.coder.version}"}
    for path in args.paths:
        records = [r for r in read(path, args.limit) if r.get("expected")]
        t0 = time.perf_counter()
        coded = code_all(pipeline, records)
        seconds = round(time.perf_counter() - t0, 1)
        first = records[0]["expected"][0] if records else {}
        scores = penta_scores(records, coded) if "penta" in first else plover_scores(records, coded)
        scores["seconds"] = seconds
        print(f"{path.name}: " + ", ".join(f"{k}={v}" for k, v in scores.items()
                                          if not isinstance(v, dict)))
        result[path.name] = scores
    print(json.dumps(result))


if __name__ == "__main__":
    main()
