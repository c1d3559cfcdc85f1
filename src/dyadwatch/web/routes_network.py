"""``GET /api/network``: cooperative and hostile ties between all actors in a period."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request

from dyadwatch.web.context import cursor, reading, snapshot_header
from dyadwatch.web.errors import ERROR_RESPONSES
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.payloads import network_payload
from dyadwatch.web.routes_dyads import UNIT_HELP, Unit, check_span

router = APIRouter(tags=["network"], responses=ERROR_RESPONSES)


@router.get("/api/network")
def network(
    request: Request,
    since: dt.date | None = Query(None),
    until: dt.date | None = Query(None),
    unit: Unit = Query(Unit.events, description=UNIT_HELP),
    min_events: int = Query(1, ge=1, le=100_000, description="Leave out thinner ties"),
):
    """Nodes (with their bloc: communities of friendly ties) and edges with cooperative
    and hostile counts and the pair's alignment index."""
    check_span(since, until)
    key = ("network", since, until, unit.value, min_events)
    with reading(request) as snap:
        def compute():
            with cursor(snap) as cur:
                return network_payload(
                    cur, since=since, until=until, unit=unit.value, min_events=min_events
                )
        body = snap.cached(key, compute)
    return MsgspecJSON(body, headers=snapshot_header(snap))
