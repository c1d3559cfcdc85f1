"""The events behind a number: evidence sentences with the sources that reported them.

Every figure analysis shows must lead back to sentences in articles; this module picks
the events that matter most in a window (strongest intensity first, then the most
widely reported) and attaches publisher, URL, title and date of each source document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from dyadwatch.analysis.facts import FactSet

MAX_SOURCES = 5


@dataclass(frozen=True)
class Source:
    doc_id: str
    publisher: str | None
    url: str | None
    title: str | None
    published: dt.date | None


@dataclass(frozen=True)
class KeyEvent:
    fact_id: str
    date: dt.date
    date_precision: str
    source_code: str
    target_code: str
    type: str
    mode: str | None
    quad_class: int | None
    intensity: float | None
    n_reports: int
    evidence_text: str | None
    sources: list[Source] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        for s in d["sources"]:
            s["published"] = s["published"].isoformat() if s["published"] else None
        return d


def key_events(
    facts: FactSet,
    a: str,
    b: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 10,
    chronological: bool = True,
) -> list[KeyEvent]:
    """The ``limit`` weightiest events between ``a`` and ``b`` (either direction)."""
    conds = ["((source_code = $a AND target_code = $b) OR (source_code = $b AND target_code = $a))"]
    params: dict = {"a": a, "b": b, "limit": limit}
    if since is not None:
        conds.append("date >= $since")
        params["since"] = since
    if until is not None:
        conds.append("date <= $until")
        params["until"] = until
    rows = facts.con.execute(
        f"""
        SELECT fact_id, date, date_precision, source_code, target_code, type, mode,
               quad_class, intensity, n_reports, evidence_text, doc_ids
        FROM {facts.relation} WHERE {" AND ".join(conds)}
        ORDER BY abs(coalesce(intensity, 0)) DESC, n_reports DESC, date, fact_id
        LIMIT $limit
        """,
        params,
    ).fetchall()
    doc_ids = sorted({d for r in rows for d in (r[11] or [])[:MAX_SOURCES]})
    docs = _documents(facts, doc_ids)
    events = [
        KeyEvent(
            fact_id=r[0],
            date=r[1],
            date_precision=r[2],
            source_code=r[3],
            target_code=r[4],
            type=r[5],
            mode=r[6],
            quad_class=r[7],
            intensity=r[8],
            n_reports=int(r[9]),
            evidence_text=r[10],
            sources=[docs[d] for d in (r[11] or [])[:MAX_SOURCES] if d in docs],
        )
        for r in rows
    ]
    if chronological:
        events.sort(key=lambda e: (e.date, e.fact_id))
    return events


def _documents(facts: FactSet, doc_ids: list[str]) -> dict[str, Source]:
    if not doc_ids:
        return {}
    rows = facts.con.execute(
        "SELECT id, publisher, url, title, published FROM documents WHERE list_contains($ids, id)",
        {"ids": doc_ids},
    ).fetchall()
    found = {r[0]: Source(*r) for r in rows}
    # An event whose document row is missing still names its document.
    for d in doc_ids:
        found.setdefault(d, Source(d, None, None, None, None))
    return found
