"""Dyad analysis: ``/api/dyads/{A}-{B}/series``, ``/changes`` and ``/treaty-links``."""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Path, Query, Request

from dyadwatch.store import parse_dyad
from dyadwatch.treaties.export import links_list
from dyadwatch.treaties.links import treaty_links_for_dyad
from dyadwatch.web.context import cursor, reading, snapshot_header
from dyadwatch.web.errors import ERROR_RESPONSES, ApiError
from dyadwatch.web.formats import MsgspecJSON
from dyadwatch.web.params import DYAD_PATTERN, date_query, parse_day, parse_span
from dyadwatch.web.payloads import changes_payload, series_payload

router = APIRouter(tags=["dyads"], responses=ERROR_RESPONSES)


class Period(StrEnum):
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class Unit(StrEnum):
    events = "events"
    reports = "reports"


DyadPath = Path(..., pattern=DYAD_PATTERN, description="Two actor codes joined by '-': PRK-RUS")
UNIT_HELP = "events: many reports of one event count once; reports: every report counts"


def dyad_codes(dyad: str) -> tuple[str, str]:
    a, b = parse_dyad(dyad)
    if a == b:
        raise ApiError(400, f"dyad {dyad!r} needs two different actors")
    return a, b


@router.get("/api/dyads/{dyad}/series")
def dyad_series(
    request: Request,
    dyad: str = DyadPath,
    by: Period = Query(Period.month),
    unit: Unit = Query(Unit.events, description=UNIT_HELP),
    since: str | None = date_query("From this date (YYYY-MM-DD)"),
    until: str | None = date_query("Up to this date (YYYY-MM-DD)"),
    directed: bool = Query(False),
    level: float = Query(0.9, gt=0.5, lt=1.0, description="Width of the band"),
):
    """Counts per period (by QuadClass and PLOVER type), shares of each actor's events,
    and the alignment index (-1 hostile .. +1 cooperative) with its uncertainty band."""
    a, b = dyad_codes(dyad)
    since, until = parse_span(since, until)
    key = ("series", a, b, by.value, unit.value, since, until, directed, level)
    with reading(request) as snap:
        def compute():
            with cursor(snap) as cur:
                return series_payload(
                    cur, a, b, by=by.value, unit=unit.value, since=since, until=until,
                    directed=directed, level=level,
                )
        body = snap.cached(key, compute)
    return MsgspecJSON(body, headers=snapshot_header(snap))


@router.get("/api/dyads/{dyad}/changes")
def dyad_changes(
    request: Request,
    dyad: str = DyadPath,
    by: Period = Query(Period.month),
    unit: Unit = Query(Unit.events, description=UNIT_HELP),
    since: str | None = date_query("From this date (YYYY-MM-DD)"),
    until: str | None = date_query("Up to this date (YYYY-MM-DD)"),
    sensitivity: float = Query(1.0, gt=0.0, le=100.0, description="Higher: fewer breaks"),
):
    """Periods where the relationship moved to a new level, each with its key events."""
    a, b = dyad_codes(dyad)
    since, until = parse_span(since, until)
    key = ("changes", a, b, by.value, unit.value, since, until, sensitivity)
    with reading(request) as snap:
        def compute():
            with cursor(snap) as cur:
                return changes_payload(
                    cur, a, b, by=by.value, unit=unit.value, since=since, until=until,
                    sensitivity=sensitivity,
                )
        body = snap.cached(key, compute)
    return MsgspecJSON(body, headers=snapshot_header(snap))


@router.get("/api/dyads/{dyad}/treaty-links")
def dyad_treaty_links(
    request: Request,
    dyad: str = DyadPath,
    since: str | None = date_query("Events on or after this date (YYYY-MM-DD)"),
):
    """Events between the two that may act on a clause of a treaty both signed."""
    a, b = dyad_codes(dyad)
    start = parse_day(since, "since")
    with reading(request) as snap, cursor(snap) as cur:
        found = links_list(treaty_links_for_dyad(cur, a, b, start))
    return MsgspecJSON({"a": a, "b": b, "links": found}, headers=snapshot_header(snap))
