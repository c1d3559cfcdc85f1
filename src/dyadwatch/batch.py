"""An ingest run: read -> skip what is stored -> code -> store, one batch at a time.

Memory stays bounded because documents stream from the readers and only one batch
is held at once; a killed run loses at most the batch in flight (each batch is one
transaction), and rerunning skips every document already stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

import msgspec

from dyadwatch.ingest import read_paths
from dyadwatch.model import CodedDocument, Document, InputError
from dyadwatch.pipeline import Pipeline


class IngestSummary(msgspec.Struct, kw_only=True):
    documents: int = 0
    skipped: int = 0
    sentences: int = 0
    events: int = 0
    flagged: int = 0
    uncoded: int = 0
    failures: int = 0
    errors: list[str] = msgspec.field(default_factory=list)
    uncoded_reasons: dict[str, int] = msgspec.field(default_factory=dict)

    def add(self, coded: CodedDocument) -> None:
        self.documents += 1
        self.sentences += coded.sentences
        self.events += sum(1 for e in coded.events if not (e.negated or e.hypothetical))
        self.flagged += sum(1 for e in coded.events if e.negated or e.hypothetical)
        self.uncoded += len(coded.uncoded)
        reasons = Counter(self.uncoded_reasons)
        reasons.update(u.reason for u in coded.uncoded)
        self.uncoded_reasons = dict(reasons)


def input_size(paths: Sequence[str | Path]) -> int:
    """Total bytes of the inputs, for a progress bar; a cheap walk, no reading."""
    total = 0
    for p in map(Path, paths):
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


Progress = Callable[[int, IngestSummary], None]


def _split_errors(
    items: Iterable[Document | InputError], summary: IngestSummary, on_error: Callable[[str], None]
) -> Iterator[Document]:
    for item in items:
        if isinstance(item, InputError):
            _failed(summary, on_error, str(item))
        else:
            yield item


def _failed(summary: IngestSummary, on_error: Callable[[str], None], message: str) -> None:
    summary.failures += 1
    summary.errors.append(message)
    on_error(message)


def _where(document: Document) -> str:
    return document.source_path or document.external_id or document.id


def _code_each_alone(
    pipeline: Pipeline,
    todo: list[Document],
    summary: IngestSummary,
    on_error: Callable[[str], None],
) -> list[CodedDocument]:
    """A batch the coder failed on, coded one document at a time: the document that
    breaks it is reported (and left out) instead of stopping every later run there."""
    coded: list[CodedDocument] = []
    for document in todo:
        try:
            coded.extend(pipeline.code_documents([document]))
        except Exception as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            _failed(
                summary,
                on_error,
                f"{_where(document)}: could not be coded ({type(exc).__name__}: {reason}); "
                "this is a dyadwatch bug, please report it with the file",
            )
    return coded


def ingest(
    paths: Sequence[str | Path],
    store,
    pipeline: Pipeline,
    *,
    published: dt.date | None = None,
    batch_size: int = 64,
    on_batch: Progress | None = None,
    on_error: Callable[[str], None] = lambda msg: None,
) -> IngestSummary:
    """Ingest ``paths`` into ``store``; returns counts. Never raises for bad input."""
    summary = IngestSummary()
    documents = _split_errors(read_paths(paths, published=published), summary, on_error)
    while batch := list(islice(documents, batch_size)):
        chars = sum(len(d.text) for d in batch)
        unique: dict[str, Document] = {}
        for d in batch:
            unique.setdefault(d.id, d)
        stored = store.has_documents(list(unique))
        todo = [d for d in unique.values() if d.id not in stored]
        summary.skipped += len(batch) - len(todo)
        try:
            coded = list(pipeline.code_documents(todo))
        except Exception:
            coded = _code_each_alone(pipeline, todo, summary, on_error)
        written = store.write(coded)
        # A Store names the documents it could not store (bad rows); they are failures,
        # not stored documents, or they would vanish without a word.
        failed = dict(getattr(written, "failed", None) or ())
        for c in coded:
            if c.document.id in failed:
                reason = failed[c.document.id]
                _failed(summary, on_error, f"{_where(c.document)}: not stored: {reason}")
            else:
                summary.add(c)
        if on_batch:
            on_batch(chars, summary)
    return summary


def refresh_rollups(store) -> None:
    """Rebuild the analysis summary tables so dyad queries stay fast on large stores.

    A full rebuild costs about 30 s of CPU per million events, far less than coding
    them took, so ``dyadwatch ingest`` does it after every run that stored something.
    """
    from dyadwatch.analysis.rollup import build_rollups

    cur = store.cursor()
    try:
        build_rollups(cur)
    finally:
        cur.close()
