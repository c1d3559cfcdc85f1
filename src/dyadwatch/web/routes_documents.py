"""Documents: read one with its event spans, list them, and upload new ones (token)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request
from starlette.concurrency import run_in_threadpool

from dyadwatch.store import EventFilter
from dyadwatch.web.context import cursor, reading, snapshot_header
from dyadwatch.web.errors import ERROR_RESPONSES, ErrorBody, NotFound
from dyadwatch.web.event_query import EventQuery
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.security import require_writer
from dyadwatch.web.uploads import UPLOAD_SCHEMA, parse_body

router = APIRouter(tags=["documents"], responses=ERROR_RESPONSES)
_EVERY_EVENT_OF_A_DOCUMENT = 100_000


@router.get("/api/documents")
def list_documents(
    request: Request,
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000_000),
):
    """Stored documents (metadata only), newest publication first."""
    with reading(request) as snap:
        docs = snap.store.documents(limit=limit, offset=offset)
        total = snap.store.counts()["documents"]
    body = {"total": total, "limit": limit, "offset": offset, "documents": docs}
    return MsgspecJSON(body, headers=snapshot_header(snap))


@router.get("/api/documents/{doc_id}")
def get_document(
    request: Request,
    doc_id: str = Path(..., max_length=128, description="Document id (hash of its text)"),
):
    """The document's text and metadata, with every event coded from it (including
    negated and hypothetical ones): ``evidence``/``trigger`` offsets index ``text``."""
    with reading(request) as snap:
        doc = snap.store.document(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        query = EventQuery(filter=EventFilter(doc_id=doc_id))
        with cursor(snap) as cur:
            events = list(query.rows(cur, _EVERY_EVENT_OF_A_DOCUMENT, 0))
    events.sort(key=lambda e: (e["evidence"]["start"] or 0, e["event_id"]))
    doc["events"] = events
    return MsgspecJSON(doc, headers=snapshot_header(snap))


@router.post(
    "/api/documents",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": UPLOAD_SCHEMA},
                "application/x-ndjson": {"schema": {"type": "string"}},
            },
        }
    },
    responses={
        200: {"description": "Every article was already stored"},
        201: {"description": "Articles coded and stored; counts and ids"},
        401: {"model": ErrorBody, "description": "Missing or wrong token"},
        403: {"model": ErrorBody, "description": "Writes are disabled on this server"},
        413: {"model": ErrorBody, "description": "Body or article count over the limit"},
        415: {"model": ErrorBody, "description": "Not JSON"},
    },
)
async def upload_documents(request: Request):
    """Code and store one article or a list (``text`` required; ``title``, ``url``,
    ``published``, ``publisher``, ``author`` optional). Needs ``Authorization: Bearer``."""
    require_writer(request)
    config = request.app.state.config
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    documents = parse_body(body, content_type, config.max_upload_documents)
    result = await run_in_threadpool(request.app.state.uploader.store, documents)
    status = 201 if result["stored"] else 200
    return MsgspecJSON(result, status_code=status)
