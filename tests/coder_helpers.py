"""What the coder rule tests read off a coded text."""

from __future__ import annotations

from dyadwatch.model import Document
from dyadwatch.pipeline import Pipeline


def coded(pipeline: Pipeline, text: str) -> set[tuple[str, str | None, str | None]]:
    """(type, source, target) of the events asserted as facts."""
    doc = pipeline.code_document(Document(id="t", text=text, published=None))
    return {(e.type, e.source.code, e.target.code) for e in doc.events
            if not (e.negated or e.hypothetical)}
