"""Shapes of path and query parameters, declared once so the OpenAPI spec says exactly
what the server accepts (a client or a fuzzer that follows the spec is never refused
for the form of a value, only for what it means, e.g. an actor that is not in the store)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Query

from dyadwatch.model import PLOVER_TYPES

CODE = r"[A-Za-z][A-Za-z0-9_.]{1,15}"
CODE_PATTERN = rf"^{CODE}$"
DYAD_PATTERN = rf"^{CODE}-{CODE}$"
TYPE_PATTERN = "^(" + "|".join(f"{t}|{t.lower()}" for t in PLOVER_TYPES) + ")$"

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def date_query(description: str) -> Any:
    """A YYYY-MM-DD query parameter (kept as text: FastAPI would also take ``0`` as 1970)."""
    return Query(None, pattern=DATE_PATTERN, description=description,
                 json_schema_extra={"format": "date"})


def parse_day(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a calendar date (YYYY-MM-DD)") from None


def parse_span(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """Both bounds, and a clear error when they are the wrong way round."""
    start, end = parse_day(since, "since"), parse_day(until, "until")
    if start and end and end < start:
        raise ValueError(f"until {end} is before since {start}")
    return start, end
