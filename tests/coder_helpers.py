"""What the coder rule tests read off a coded text."""

from __future__ import annotations

import datetime as dt

from dyadwatch.model import Document
from dyadwatch.pipeline import Pipeline


def asserted(pipeline: Pipeline, text: str, published: dt.date | None = None) -> list:
    """The events of ``text`` asserted as facts (neither negated nor hypothetical)."""
    doc = pipeline.code_document(Document(id="t", text=text, published=published))
    return [e for e in doc.events if not (e.negated or e.hypothetical)]


def coded(pipeline: Pipeline, text: str) -> set[tuple[str, str | None, str | None]]:
    """(type, source, target) of the events asserted as facts."""
    return {(e.type, e.source.code, e.target.code) for e in asserted(pipeline, text)}


def with_sectors(pipeline: Pipeline, text: str) -> set[tuple[str, str, str]]:
    """(type, source code+sector, target code+sector) of the events asserted as facts;
    dated, so titles resolve to the people holding them."""
    return {(e.type, f"{e.source.code}{e.source.sector or ''}",
             f"{e.target.code}{e.target.sector or ''}")
            for e in asserted(pipeline, text, dt.date(2025, 5, 1))}
