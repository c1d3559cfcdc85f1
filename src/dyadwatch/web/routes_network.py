"""``GET /api/network``: cooperative and hostile ties between all actors in a period."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from dyadwatch.web.context import cursor, reading, snapshot_header
from dyadwatch.web.errors import ERROR_RESPONSES
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.params import date_query, parse_span
from dyadwatch.web.payloads import network_payload
from dyadwatch.web.routes_dyads import UNIT_HELP, Unit

router = APIRouter(tags=["network"], responses=ERROR_RESPONSES)


@router.get("/api/network")
def network(
    request: Request,
    since: str | None = date_query("From this date (YYYY-MM-DD)"),
    until: str | None = date_query("Up to this date (YYYY-MM-DD)"),
    unit: Unit = Query(Unit.events, description=UNIT_HELP),
    min_events: int = Query(1, ge=1, le=100_000, description="Leave out thinner ties"),
):
    """Nodes (with their bloc: communities of friendly ties) and edges with cooperative
    and hostile counts and the pair's alignment index."""
    since, until = parse_span(since, until)
    key = ("network", since, until, unit.value, min_events)
    with reading(request) as snap:
        def compute():
            with cursor(snap) as cur:
                return network_payload(
                    cur, since=since, until=until, unit=unit.value, min_events=min_events
                )
        body = snap.cached(key, compute)
    return MsgspecJSON(body, headers=snapshot_header(snap))
