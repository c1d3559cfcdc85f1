"""Event filters shared by queries and exports, always as SQL placeholders.

User values never become SQL text: ``EventFilter.where()`` returns a fixed fragment with
``?`` placeholders and the list of values to bind. Invalid values (a dyad that is not
two codes, an unknown PLOVER type) raise ``ValueError`` with a one-line message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from dyadwatch.ingest.dates import parse_date
from dyadwatch.model import PLOVER_TYPES

_DYAD_SPLIT = re.compile(r"\s*[-–—/:,\s]\s*")
_CODE = re.compile(r"^[A-Z][A-Z0-9_.]{1,15}$")


def parse_dyad(dyad: str) -> tuple[str, str]:
    """``"PRK-RUS"`` (or ``PRK–RUS``, ``prk/rus``, ``PRK RUS``) -> ``("PRK", "RUS")``."""
    parts = [p for p in _DYAD_SPLIT.split(dyad.strip().upper()) if p]
    if len(parts) != 2 or not all(_CODE.match(p) for p in parts):
        raise ValueError(f"dyad {dyad!r} should be two actor codes like PRK-RUS")
    return parts[0], parts[1]


def _code(value: str, what: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"{what} {value!r} is not an actor code like RUS or NATO")
    return code


def _as_date(value: dt.date | str | None, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


@dataclass(frozen=True, kw_only=True)
class EventFilter:
    """Which events a query or export covers; every field optional (``None`` = any).

    ``dyad`` is undirected unless ``directed`` (then ``A-B`` means source A, target B).
    ``since``/``until`` are inclusive bounds on the event date (undated events are left
    out when either is set). ``type`` is a PLOVER type, ``mode`` its mode
    (case-insensitive).
    """

    dyad: str | None = None
    actor: str | None = None
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    type: str | None = None
    mode: str | None = None
    doc_id: str | None = None
    directed: bool = False
    negated: bool | None = None
    hypothetical: bool | None = None

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """``(sql, params)``: a WHERE body (``TRUE`` when unfiltered) and its bound values."""
        a = f"{alias}." if alias else ""
        clauses: list[str] = []
        params: list[Any] = []
        if self.dyad is not None:
            first, second = parse_dyad(self.dyad)
            if self.directed:
                clauses.append(f"({a}source_code = ? AND {a}target_code = ?)")
                params += [first, second]
            else:
                clauses.append(
                    f"(({a}source_code = ? AND {a}target_code = ?)"
                    f" OR ({a}source_code = ? AND {a}target_code = ?))"
                )
                params += [first, second, second, first]
        if self.actor is not None:
            code = _code(self.actor, "actor")
            clauses.append(f"({a}source_code = ? OR {a}target_code = ?)")
            params += [code, code]
        since = _as_date(self.since, "since")
        until = _as_date(self.until, "until")
        if since is not None:
            clauses.append(f"{a}date >= ?")
            params.append(since)
        if until is not None:
            clauses.append(f"{a}date <= ?")
            params.append(until)
        if self.type is not None:
            kind = self.type.strip().upper()
            if kind not in PLOVER_TYPES:
                raise ValueError(
                    f"unknown event type {self.type!r}; one of {', '.join(PLOVER_TYPES)}"
                )
            clauses.append(f"{a}type = ?")
            params.append(kind)
        if self.mode is not None:
            clauses.append(f"lower({a}mode) = ?")
            params.append(self.mode.strip().lower())
        if self.doc_id is not None:
            clauses.append(f"{a}doc_id = ?")
            params.append(self.doc_id)
        if self.negated is not None:
            clauses.append(f"{a}negated = ?")
            params.append(self.negated)
        if self.hypothetical is not None:
            clauses.append(f"{a}hypothetical = ?")
            params.append(self.hypothetical)
        return (" AND ".join(clauses) or "TRUE"), params


ORDER_BY = "{a}date NULLS LAST, {a}doc_id, {a}sentence_index, {a}event_id"


def order_by(alias: str = "e") -> str:
    """Stable event order: by date (undated last), then document position."""
    return ORDER_BY.format(a=f"{alias}." if alias else "")
