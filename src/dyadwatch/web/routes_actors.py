"""Actors: ``/api/actors`` (typeahead) and ``/api/actors/{A}/partners`` (diversification)."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Path, Query, Request

from dyadwatch.web.actor_index import all_actors, matching
from dyadwatch.web.context import cursor, reading, snapshot_header
from dyadwatch.web.errors import ERROR_RESPONSES
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.params import CODE_PATTERN, date_query, parse_span
from dyadwatch.web.payloads import partners_payload
from dyadwatch.web.routes_dyads import UNIT_HELP, Period, Unit

router = APIRouter(tags=["actors"], responses=ERROR_RESPONSES)


class Kind(StrEnum):
    coop = "coop"
    hostile = "hostile"
    all = "all"


@router.get("/api/actors")
def list_actors(
    request: Request,
    q: str = Query("", max_length=60, description="Start of a code or part of a name"),
    limit: int = Query(20, ge=1, le=200),
):
    """Actor codes present in the store with a display name and event count."""
    with reading(request) as snap:
        def compute():
            with cursor(snap) as cur:
                return all_actors(cur)
        actors = snap.cached(("actors",), compute)
    return MsgspecJSON({"actors": matching(actors, q, limit)}, headers=snapshot_header(snap))


@router.get("/api/actors/{actor}/partners")
def actor_partners(
    request: Request,
    actor: str = Path(..., pattern=CODE_PATTERN, description="Actor code, e.g. PRK"),
    by: Period = Query(Period.year),
    kind: Kind = Query(Kind.coop, description="Which events: cooperative, hostile or all"),
    unit: Unit = Query(Unit.events, description=UNIT_HELP),
    since: str | None = date_query("From this date (YYYY-MM-DD)"),
    until: str | None = date_query("Up to this date (YYYY-MM-DD)"),
    top: int = Query(5, ge=1, le=50, description="Partners shown; the rest pooled as OTHER"),
):
    """Each partner's share of the actor's events per period, and how concentrated they are
    (HHI; ``effective`` = number of equally important partners)."""
    code = actor.upper()
    since, until = parse_span(since, until)
    key = ("partners", code, by.value, kind.value, unit.value, since, until, top)
    with reading(request) as snap:
        def compute():
            with cursor(snap) as cur:
                return partners_payload(
                    cur, code, by=by.value, kind=kind.value, unit=unit.value,
                    since=since, until=until, top=top,
                )
        body = snap.cached(key, compute)
    return MsgspecJSON(body, headers=snapshot_header(snap))
