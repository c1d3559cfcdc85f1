"""Watch conditions: when does a watched dyad deserve an alert, and with which evidence.

Four conditions, each optional per watched dyad:

* **events** -- a newly watched article reports an event of the given PLOVER types /
  modes between the two (one alert per article, with its matching events);
* **index_shift** -- the alignment index (``analysis.alignment.index_with_band`` over
  merged events, so twenty reports of one summit count once) of the latest ``window``
  differs from that of the window before by at least the threshold. The latest window
  ends at the dyad's newest dated event (or today, whichever is earlier), so replaying
  an archive and following a live feed behave alike. The alert fires when the shift
  appears and again only after it has gone away or turned round (edge-triggered),
  not on every poll while it lasts;
* **change_points** -- ``analysis.changes`` finds a break whose first period lies in
  the latest window;
* **treaty_links** -- a newly watched article reports an event that matches a clause
  of a treaty both parties signed (``treaties.links``).

Negated and hypothetical events never count. Every alert carries a stable dedup key;
whether it was already sent is decided by the caller against the stored keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

from dyadwatch.watch.config import WatchRule

EVIDENCE_LIMIT = 5

_ASSERTED = "NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false)"
_DYAD = (
    "((e.source_code = $a AND e.target_code = $b) OR (e.source_code = $b AND e.target_code = $a))"
)
_WATCHED_DOCS = "(SELECT doc_id FROM watch_urls WHERE status = 'coded')"
_EVIDENCE_COLUMNS = (
    "e.event_id, e.doc_id, e.date, e.date_precision, e.type, e.mode, e.source_code, "
    "e.target_code, e.quad_class, e.intensity, e.evidence_text, d.url, d.title, d.publisher"
)


@dataclass
class Alert:
    """One alert as logged and posted: what happened, for which dyad, and the evidence."""

    key: str
    kind: str
    dyad: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    fired_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "dyad": self.dyad,
            "message": self.message,
            "fired_at": self.fired_at,
            "details": self.details,
            "evidence": self.evidence,
        }


def _evidence_rows(
    con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any], order: str
) -> list[dict[str, Any]]:
    cur = con.execute(
        f"SELECT {_EVIDENCE_COLUMNS} FROM events e LEFT JOIN documents d ON d.id = e.doc_id "
        f"WHERE {_ASSERTED} AND {_DYAD} AND {where} ORDER BY {order}",
        params,
    )
    cols = [c[0] for c in cur.description]
    out = []
    for row in cur.fetchall():
        r = dict(zip(cols, row, strict=True))
        out.append(
            {
                "event_id": r["event_id"],
                "date": r["date"].isoformat() if r["date"] else None,
                "date_precision": r["date_precision"],
                "type": r["type"],
                "mode": r["mode"],
                "source": r["source_code"],
                "target": r["target_code"],
                "quad_class": r["quad_class"],
                "intensity": r["intensity"],
                "sentence": r["evidence_text"],
                "doc_id": r["doc_id"],
                "url": r["url"],
                "title": r["title"],
                "publisher": r["publisher"],
            }
        )
    return out


def _short(text: str | None, n: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- events of given types / modes ------------------------------------------------


def event_alerts(con: duckdb.DuckDBPyConnection, rule: WatchRule) -> list[Alert]:
    """One alert per watched article reporting a matching event between the two."""
    clauses = [f"e.doc_id IN {_WATCHED_DOCS}"]
    params: dict[str, Any] = {"a": rule.a, "b": rule.b}
    if rule.types:
        clauses.append("upper(e.type) IN (SELECT unnest($types::VARCHAR[]))")
        params["types"] = sorted(rule.types)
    if rule.modes:
        clauses.append(
            "(lower(e.mode) IN (SELECT unnest($modes::VARCHAR[])) "
            "OR lower(e.context) IN (SELECT unnest($modes::VARCHAR[])))"
        )
        params["modes"] = sorted(rule.modes)
    rows = _evidence_rows(con, " AND ".join(clauses), params, "e.date NULLS LAST, e.doc_id, "
                          "e.sentence_index, e.event_id")
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(row)
    what = "/".join(
        p for p in ("|".join(sorted(rule.types)), "|".join(sorted(rule.modes))) if p
    )
    out = []
    for doc_id, events in by_doc.items():
        first = events[0]
        kind = first["type"] + (f"/{first['mode']}" if first["mode"] else "")
        more = f" (+{len(events) - 1} more)" if len(events) > 1 else ""
        out.append(
            Alert(
                key=f"{rule.dyad}|event|{what}|{doc_id}",
                kind="event",
                dyad=rule.dyad,
                message=(
                    f"{rule.dyad}: {kind} {first['source']}→{first['target']} "
                    f"({first['date'] or 'undated'}){more}: {_short(first['sentence'])}"
                ),
                details={"types": sorted(rule.types), "modes": sorted(rule.modes),
                         "doc_id": doc_id, "url": first["url"]},
                evidence=events[:EVIDENCE_LIMIT],
            )
        )
    return out


# -- alignment index shift --------------------------------------------------------


@dataclass(frozen=True)
class Shift:
    end: dt.date
    recent_start: dt.date
    before_start: dt.date
    index_before: float
    index_after: float
    events_before: int
    events_after: int

    @property
    def change(self) -> float:
        return self.index_after - self.index_before


def measure_shift(
    con: duckdb.DuckDBPyConnection, a: str, b: str, window: dt.timedelta, today: dt.date
) -> Shift | None:
    """Alignment index of the latest ``window`` and of the one before (None: no events)."""
    from dyadwatch.analysis.alignment import index_with_band
    from dyadwatch.analysis.facts import facts_in_scope

    dyad = (
        "((source_code = $a AND target_code = $b) OR (source_code = $b AND target_code = $a))"
    )
    row = con.execute(
        f"SELECT max(e.date) FROM events e WHERE {_ASSERTED} AND {_DYAD} AND e.date <= $today",
        {"a": a, "b": b, "today": today},
    ).fetchone()
    if row is None or row[0] is None:
        return None
    end: dt.date = row[0]
    recent_start = end - window + dt.timedelta(days=1)
    before_start = recent_start - window
    with facts_in_scope(con, None, "events", [a, b], before_start, end) as facts:
        counts = con.execute(
            f"SELECT date >= $mid AS recent, "
            f"count(*) FILTER (WHERE quad_class IN (1, 2)), "
            f"count(*) FILTER (WHERE quad_class IN (3, 4)) "
            f"FROM {facts.relation} WHERE {dyad} AND date BETWEEN $lo AND $hi GROUP BY ALL",
            {"a": a, "b": b, "mid": recent_start, "lo": before_start, "hi": end},
        ).fetchall()
    tally = {bool(r[0]): (int(r[1]), int(r[2])) for r in counts}
    coop_b, host_b = tally.get(False, (0, 0))
    coop_a, host_a = tally.get(True, (0, 0))
    idx_b = float(index_with_band(coop_b, host_b)[0])
    idx_a = float(index_with_band(coop_a, host_a)[0])
    return Shift(
        end=end,
        recent_start=recent_start,
        before_start=before_start,
        index_before=round(idx_b, 4),
        index_after=round(idx_a, 4),
        events_before=coop_b + host_b,
        events_after=coop_a + host_a,
    )


def shift_condition_id(rule: WatchRule) -> str:
    return f"{rule.dyad}|index_shift|{rule.index_shift:g}|{rule.window.days}d"


def shift_alert(
    con: duckdb.DuckDBPyConnection, rule: WatchRule, today: dt.date, armed_state: str | None
) -> tuple[Alert | None, str | None]:
    """The alert (if the shift just appeared or turned round) and the condition's new state.

    ``armed_state`` is the direction already alerted on ("warmer"/"cooler"), or None.
    """
    assert rule.index_shift is not None
    shift = measure_shift(con, rule.a, rule.b, rule.window, today)
    if shift is None or shift.events_after < rule.min_events:
        return None, armed_state
    if abs(shift.change) < rule.index_shift:
        return None, None
    direction = "warmer" if shift.change > 0 else "cooler"
    if armed_state == direction:
        return None, armed_state
    quads = "(1, 2)" if direction == "warmer" else "(3, 4)"
    evidence = _evidence_rows(
        con,
        f"e.date BETWEEN $lo AND $hi AND e.quad_class IN {quads}",
        {"a": rule.a, "b": rule.b, "lo": shift.recent_start, "hi": shift.end},
        "abs(e.intensity) DESC NULLS LAST, e.date DESC, e.event_id",
    )[:EVIDENCE_LIMIT]
    days = rule.window.days
    alert = Alert(
        key=f"{shift_condition_id(rule)}|{direction}|{shift.end.isoformat()}",
        kind="index_shift",
        dyad=rule.dyad,
        message=(
            f"{rule.dyad}: alignment index {shift.index_before:+.2f} → "
            f"{shift.index_after:+.2f} ({direction}, {shift.change:+.2f} over {days}d; "
            f"{shift.events_before} → {shift.events_after} events, to {shift.end})"
        ),
        details={
            "threshold": rule.index_shift,
            "window_days": days,
            "direction": direction,
            "change": round(shift.change, 4),
            "index_before": shift.index_before,
            "index_after": shift.index_after,
            "events_before": shift.events_before,
            "events_after": shift.events_after,
            "before": [shift.before_start.isoformat(),
                       (shift.recent_start - dt.timedelta(days=1)).isoformat()],
            "after": [shift.recent_start.isoformat(), shift.end.isoformat()],
        },
        evidence=evidence,
    )
    return alert, direction


# -- change points ----------------------------------------------------------------


def change_alerts(con: duckdb.DuckDBPyConnection, rule: WatchRule, today: dt.date) -> list[Alert]:
    """Breaks whose first period falls in the latest window, each with its events."""
    from dyadwatch.analysis.changes import change_points
    from dyadwatch.analysis.series import next_period

    by = "month" if rule.window.days >= 60 else "week"
    row = con.execute(
        f"SELECT max(e.date) FROM events e WHERE {_ASSERTED} AND {_DYAD} AND e.date <= $today",
        {"a": rule.a, "b": rule.b, "today": today},
    ).fetchone()
    if row is None or row[0] is None:
        return []
    latest: dt.date = row[0]
    # The series ends at the newest event: a current, half-empty period is no "quieter" break.
    points = change_points(con, rule.a, rule.b, by=by, until=latest)
    out = []
    for cp in points:
        if cp.period < latest - rule.window:
            continue
        until = next_period(cp.period, by) - dt.timedelta(days=1)
        evidence = _evidence_rows(
            con,
            "e.date BETWEEN $lo AND $hi",
            {"a": rule.a, "b": rule.b, "lo": cp.period, "hi": until},
            "abs(e.intensity) DESC NULLS LAST, e.date, e.event_id",
        )[:EVIDENCE_LIMIT]
        out.append(
            Alert(
                key=f"{rule.dyad}|change_point|{by}|{cp.period.isoformat()}|{cp.direction}",
                kind="change_point",
                dyad=rule.dyad,
                message=(
                    f"{rule.dyad}: change point in {cp.label} ({cp.direction}; index "
                    f"{cp.index_before:+.2f} → {cp.index_after:+.2f})"
                ),
                details={
                    "period": cp.period.isoformat(),
                    "label": cp.label,
                    "direction": cp.direction,
                    "index_before": cp.index_before,
                    "index_after": cp.index_after,
                },
                evidence=evidence,
            )
        )
    return out


# -- treaty links -----------------------------------------------------------------


def treaty_alerts(con: duckdb.DuckDBPyConnection, rule: WatchRule) -> list[Alert]:
    """Watched events that look like a treaty clause between the two being acted on."""
    from dyadwatch.treaties.links import treaty_links_for_dyad

    links = treaty_links_for_dyad(con, rule.a, rule.b)
    if not links:
        return []
    watched = {r[0] for r in con.execute(f"SELECT * FROM {_WATCHED_DOCS}").fetchall()}
    out = []
    for link in links:
        if link.doc_id not in watched:
            continue
        evidence = _evidence_rows(
            con, "e.event_id = $id", {"a": rule.a, "b": rule.b, "id": link.event_id}, "e.event_id"
        )
        out.append(
            Alert(
                key=f"{rule.dyad}|treaty|{link.treaty}|{link.article}|{link.event_id}",
                kind="treaty_link",
                dyad=rule.dyad,
                message=(
                    f"{rule.dyad}: {link.type}{'/' + link.mode if link.mode else ''} on "
                    f"{link.date} may act on {link.treaty} art. {link.article} ({link.label})"
                ),
                details={
                    "treaty": link.treaty,
                    "article": link.article,
                    "label": link.label,
                    "why": link.why,
                    "clause": _short(link.clause_text, 300),
                },
                evidence=evidence,
            )
        )
    return out
