"""``GET /api/events``: filtered, paged event lists as JSON, CSV or JSON Lines."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.responses import StreamingResponse

from dyadwatch.store import EventFilter
from dyadwatch.web.config import MAX_EXPORT_ROWS
from dyadwatch.web.context import config, cursor, reading, snapshot_header, snapshots
from dyadwatch.web.errors import ERROR_RESPONSES, ApiError
from dyadwatch.web.event_query import EventQuery
from dyadwatch.web.formats import MsgspecJSON, csv_chunks, jsonl_chunks
from dyadwatch.web.params import (
    CODE_PATTERN,
    DYAD_PATTERN,
    TYPE_PATTERN,
    date_query,
    parse_day,
)

router = APIRouter(tags=["events"], responses=ERROR_RESPONSES)


class EventFormat(StrEnum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    events: list[dict[str, Any]]


_MEDIA = {EventFormat.csv: "text/csv; charset=utf-8", EventFormat.jsonl: "application/x-ndjson"}


def _next_link(request: Request, total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    url = request.url.include_query_params(offset=offset + limit)
    return f"{url.path}?{url.query}"


@router.get(
    "/api/events",
    response_model=None,
    responses={
        200: {
            "model": EventPage,
            "description": "A page of events (JSON), or the rows as CSV / JSON Lines",
            "content": {"text/csv": {}, "application/x-ndjson": {}},
        }
    },
)
def list_events(
    request: Request,
    dyad: str | None = Query(
        None, pattern=DYAD_PATTERN, description="Two actor codes, e.g. PRK-RUS"
    ),
    actor: str | None = Query(None, pattern=CODE_PATTERN, description="Events of this actor"),
    type: str | None = Query(None, pattern=TYPE_PATTERN, description="PLOVER type, e.g. AID"),
    mode: str | None = Query(None, max_length=40, description="PLOVER mode, e.g. military"),
    since: str | None = date_query("Event date on or after (YYYY-MM-DD)"),
    until: str | None = date_query("Event date on or before (YYYY-MM-DD)"),
    q: str | None = Query(None, max_length=200, description="Text in the evidence sentence"),
    doc: str | None = Query(None, max_length=128, description="Events of one document id"),
    directed: bool = Query(False, description="dyad A-B means source A, target B"),
    include_flagged: bool = Query(False, description="Also negated / hypothetical events"),
    limit: int | None = Query(
        None, ge=1, le=MAX_EXPORT_ROWS, description="Page size (JSON: at most 1000)"
    ),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    format: EventFormat = Query(EventFormat.json),
):
    """Events in stable order (date, document, sentence), with the total for paging."""
    cfg = config(request)
    cap = cfg.max_page_size if format is EventFormat.json else cfg.max_export_rows
    size = limit if limit is not None else min(cfg.default_page_size, cap)
    if size > cap:
        hint = f" (csv and jsonl allow {cfg.max_export_rows})" if cap < cfg.max_export_rows else ""
        raise ApiError(400, f"limit: at most {cap} per page for format={format.value}{hint}")
    query = EventQuery(
        filter=EventFilter(
            dyad=dyad or None,
            actor=actor or None,
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            type=type or None,
            mode=mode or None,
            doc_id=doc or None,
            directed=directed,
            negated=None if include_flagged else False,
            hypothetical=None if include_flagged else False,
        ),
        text=q or None,
    )
    query.where()  # invalid filter values fail here, before any response starts
    if format is EventFormat.json:
        with reading(request) as snap, cursor(snap) as cur:
            total = query.count(cur)
            events = list(query.rows(cur, size, offset))
        body = {
            "total": total,
            "limit": size,
            "offset": offset,
            "next": _next_link(request, total, size, offset),
            "events": events,
        }
        return MsgspecJSON(body, headers=snapshot_header(snap) | {"X-Total-Count": str(total)})
    return _stream(request, query, format, size, offset)


def _stream(
    request: Request, query: EventQuery, format: EventFormat, size: int, offset: int
) -> StreamingResponse:
    store = snapshots(request)
    snap = store.acquire()
    try:
        with cursor(snap) as cur:
            total = query.count(cur)
    except BaseException:
        store.release(snap)
        raise
    headers = snapshot_header(snap) | {"X-Total-Count": str(total)}
    next_link = _next_link(request, total, size, offset)
    if next_link:
        headers["Link"] = f'<{next_link}>; rel="next"'
    if format is EventFormat.csv:
        headers["Content-Disposition"] = 'attachment; filename="events.csv"'

    def chunks():
        # The snapshot stays in use until the last row is sent.
        try:
            with cursor(snap) as cur:
                rows = query.rows(cur, size, offset)
                yield from (csv_chunks(rows) if format is EventFormat.csv else jsonl_chunks(rows))
        finally:
            store.release(snap)

    return StreamingResponse(chunks(), media_type=_MEDIA[format], headers=headers)
