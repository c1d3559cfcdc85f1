"""Treaties: ``/api/treaties`` and ``/api/treaties/{name}`` (empty when none are stored)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request

from dyadwatch.treaties.export import links_list, plain, treaty_dict
from dyadwatch.treaties.links import links
from dyadwatch.treaties.registry import list_treaties, load_treaty
from dyadwatch.web.context import cursor, reading, snapshot_header
from dyadwatch.web.errors import ERROR_RESPONSES
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.params import date_query, parse_day

router = APIRouter(tags=["treaties"], responses=ERROR_RESPONSES)


@router.get("/api/treaties")
def treaties(request: Request):
    """Stored treaties: parties, dates, number of articles and provision labels."""
    with reading(request) as snap, cursor(snap) as cur:
        found = plain(list_treaties(cur))
    return MsgspecJSON({"treaties": found}, headers=snapshot_header(snap))


@router.get("/api/treaties/{name}")
def treaty(
    request: Request,
    name: str = Path(..., max_length=200, description="Treaty name as stored"),
    with_links: bool = Query(True, description="Include candidate invocations"),
    since: str | None = date_query("Invocations on or after this date (YYYY-MM-DD)"),
):
    """The treaty text, its articles and coded provisions (offsets index ``text``), and
    the events between parties that may act on a provision."""
    with reading(request) as snap, cursor(snap) as cur:
        body = treaty_dict(load_treaty(cur, name))
        start = parse_day(since, "since")
        body["links"] = links_list(links(cur, name, start)) if with_links else []
    return MsgspecJSON(body, headers=snapshot_header(snap))
