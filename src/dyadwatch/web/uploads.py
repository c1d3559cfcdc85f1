"""Uploaded articles: read like a JSONL corpus, coded by the CLI's pipeline, then stored.

Records are checked by the same reader as ``dyadwatch ingest`` (``ingest.jsonl_file``),
so a field means the same in a file and in an upload, and a bad record gets the same
one-line message naming the field. A request is all or nothing: if any record is bad,
nothing is coded or stored and the reply lists the problems.

Coding happens before the write lock is taken (it is the slow part); the pipeline is
built once per server, on the first upload, and used by one request at a time.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import Any

import msgspec

from dyadwatch.ingest.jsonl_file import read_jsonl_stream
from dyadwatch.model import Document, InputError
from dyadwatch.web.errors import ApiError
from dyadwatch.web.snapshot import SnapshotStore

SOURCE_NAME = "upload"
_MAX_ERRORS = 5
_encoder = msgspec.json.Encoder()

# The request body schema, for the OpenAPI spec (the reader does the checking).
ARTICLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string", "minLength": 1},
        "id": {"type": ["string", "integer"], "description": "Your id for the article"},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "published": {"type": "string", "format": "date", "description": "YYYY-MM-DD"},
        "publisher": {"type": "string"},
        "author": {"type": "string"},
        "language": {"type": "string"},
    },
}
UPLOAD_SCHEMA: dict[str, Any] = {
    "oneOf": [ARTICLE_SCHEMA, {"type": "array", "items": ARTICLE_SCHEMA, "minItems": 1}]
}


def parse_body(body: bytes, content_type: str, max_documents: int) -> list[Document]:
    """Documents from a JSON object, a JSON list of objects, or JSON Lines."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/x-ndjson", "application/jsonl", "application/json-lines"):
        lines = body
    elif kind in ("application/json", ""):
        try:
            data = msgspec.json.decode(body)
        except msgspec.DecodeError as exc:
            raise ApiError(400, f"request body is not valid JSON: {exc}") from None
        items = [data] if isinstance(data, dict) else data
        if not isinstance(items, list) or not items:
            raise ApiError(400, "request body must be an article object or a non-empty list")
        if len(items) > max_documents:
            raise ApiError(413, f"at most {max_documents} articles per request")
        lines = b"".join(_encoder.encode(item) + b"\n" for item in items)
    else:
        raise ApiError(415, "send application/json (an article or a list) or application/x-ndjson")
    documents: list[Document] = []
    errors: list[str] = []
    for item in read_jsonl_stream(io.BytesIO(lines), SOURCE_NAME):
        if isinstance(item, InputError):
            errors.append(f"article {item.line}: {item.message}" if item.line else item.message)
        else:
            documents.append(item)
    if errors:
        more = f" (and {len(errors) - _MAX_ERRORS} more)" if len(errors) > _MAX_ERRORS else ""
        raise ApiError(400, "; ".join(errors[:_MAX_ERRORS]) + more + "; nothing was stored")
    if len(documents) > max_documents:
        raise ApiError(413, f"at most {max_documents} articles per request")
    return documents


class Uploader:
    """Codes and stores uploads; ``make_pipeline`` builds the coding pipeline once."""

    def __init__(self, snapshots: SnapshotStore, make_pipeline: Callable[[], Any]) -> None:
        self.snapshots = snapshots
        self._make_pipeline = make_pipeline
        self._pipeline: Any = None
        self._coding = threading.Lock()

    def _pipeline_once(self) -> Any:
        if self._pipeline is None:
            self._pipeline = self._make_pipeline()
        return self._pipeline

    def store(self, documents: list[Document]) -> dict[str, Any]:
        unique: dict[str, Document] = {}
        for d in documents:
            unique.setdefault(d.id, d)
        with self.snapshots.read() as snap:
            known = snap.store.has_documents(list(unique))
        todo = [d for d in unique.values() if d.id not in known]
        with self._coding:
            coded = list(self._pipeline_once().code_documents(todo)) if todo else []
        with self.snapshots.write() as store:
            summary = store.write(coded)
        failed = dict(summary.failed)
        return {
            "received": len(documents),
            "stored": summary.documents,
            "skipped": len(documents) - len(todo) + summary.skipped,
            "events": summary.events,
            "failed": [{"id": k, "reason": v} for k, v in summary.failed],
            "documents": [
                {
                    "id": c.document.id,
                    "external_id": c.document.external_id,
                    "title": c.document.title,
                    "events": len(c.events),
                    "stored": c.document.id not in failed,
                }
                for c in coded
            ],
        }
