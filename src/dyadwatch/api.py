"""The small public API: ``dyadwatch.code(text)`` returns events.

The CLI, the API server and the Dask workers all come through here (or through
``Pipeline`` directly when they batch), so there is one path for the data.
"""

from __future__ import annotations

import datetime as dt
import functools

from dyadwatch.config import Settings
from dyadwatch.ingest.normalize import document_id
from dyadwatch.model import CodedDocument, Document, Event
from dyadwatch.pipeline import Pipeline


@functools.cache
def default_pipeline() -> Pipeline:
    """One pipeline per process: the model and dictionaries load once."""
    return Pipeline(Settings())


def code_document(document: Document, pipeline: Pipeline | None = None) -> CodedDocument:
    return (pipeline or default_pipeline()).code_document(document)


def code(
    text: str,
    published: dt.date | str | None = None,
    *,
    doc_id: str | None = None,
    pipeline: Pipeline | None = None,
) -> list[Event]:
    """Code one text and return its events (flagged negated/hypothetical ones included).

    ``published`` anchors relative dates ("last June"); without it events carry only
    the dates the text states.
    """
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    document = Document(
        id=document_id(text), text=text, external_id=doc_id, published=published
    )
    coded = code_document(document, pipeline)
    if doc_id is not None:
        for event in coded.events:
            event.doc_id = doc_id
    return coded.events
