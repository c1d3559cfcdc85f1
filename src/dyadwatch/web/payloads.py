"""Analysis results (Arrow tables, graphs, dataclasses) reshaped into the API's JSON.

The analysis package answers in tables made for computation; a browser wants one list
of rows per chart. These functions only reshape and pool -- every number is computed by
``dyadwatch.analysis`` so the API, the CLI and the static report always agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import networkx as nx

from dyadwatch.analysis.alignment import alignment_from_series
from dyadwatch.analysis.changes import change_points
from dyadwatch.analysis.facts import check_actors
from dyadwatch.analysis.network import tie_network
from dyadwatch.analysis.partners import concentration, partner_shares
from dyadwatch.analysis.series import QUADS, dyad_series, period_label
from dyadwatch.model import PLOVER_TYPES


def series_payload(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str,
    unit: str,
    since: dt.date | None,
    until: dt.date | None,
    directed: bool,
    level: float,
) -> dict[str, Any]:
    """Per period: counts, shares and the alignment index with its band; plus totals."""
    check_actors(con, [a, b])
    table = dyad_series(con, a, b, by=by, directed=directed, since=since, until=until, unit=unit)
    index = alignment_from_series(table, level=level)
    rows = table.to_pylist()
    for row, idx in zip(rows, index.to_pylist(), strict=True):
        row["label"] = period_label(row["period"], by)
        row["index"], row["lower"], row["upper"] = idx["index"], idx["lower"], idx["upper"]
    types = {t: sum(r[f"type_{t.lower()}"] for r in rows) for t in PLOVER_TYPES}
    quads = {name: sum(r[name] for r in rows) for _, name in QUADS}
    return {
        "a": a,
        "b": b,
        "by": by,
        "unit": unit,
        "directed": directed,
        "level": level,
        "totals": {
            "n_events": sum(r["n_events"] for r in rows),
            "types": {t: n for t, n in types.items() if n},
            "quad_classes": quads,
        },
        "periods": rows,
    }


def changes_payload(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str,
    unit: str,
    since: dt.date | None,
    until: dt.date | None,
    sensitivity: float,
) -> dict[str, Any]:
    check_actors(con, [a, b])
    points = change_points(
        con, a, b, by=by, since=since, until=until, unit=unit, sensitivity=sensitivity
    )
    return {"a": a, "b": b, "by": by, "unit": unit, "changes": [p.to_dict() for p in points]}


def partners_payload(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    by: str,
    kind: str,
    unit: str,
    since: dt.date | None,
    until: dt.date | None,
    top: int,
) -> dict[str, Any]:
    """Each period's partner shares, the ``top`` partners overall shown and the rest
    pooled as ``OTHER``; concentration (HHI) is over all partners, not the pooled view."""
    check_actors(con, [actor])
    table = partner_shares(con, actor, by=by, kind=kind, since=since, until=until, unit=unit)
    rows = table.to_pylist()
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["partner"]] = totals.get(r["partner"], 0) + r["n"]
    ranked = sorted(totals, key=lambda p: (-totals[p], p))
    shown = ranked[:top]
    pooled: dict[tuple[dt.date, str], dict[str, Any]] = {}
    for r in rows:
        name = r["partner"] if r["partner"] in shown else "OTHER"
        cell = pooled.setdefault(
            (r["period"], name),
            {"period": r["period"], "partner": name, "n": 0, "share": 0.0},
        )
        cell["n"] += r["n"]
        cell["share"] += r["share"]
    return {
        "actor": actor,
        "by": by,
        "kind": kind,
        "unit": unit,
        "partners": shown + (["OTHER"] if len(ranked) > top else []),
        "totals": {p: totals[p] for p in ranked},
        "shares": list(pooled.values()),
        "concentration": concentration(table),
    }


def network_payload(
    con: duckdb.DuckDBPyConnection,
    *,
    since: dt.date | None,
    until: dt.date | None,
    unit: str,
    min_events: int,
) -> dict[str, Any]:
    graph: nx.Graph = tie_network(con, since=since, until=until, unit=unit, min_events=min_events)
    return {
        "since": since,
        "until": until,
        "unit": unit,
        "nodes": [
            {"id": n, "events": d.get("events", 0), "bloc": d.get("bloc")}
            for n, d in sorted(graph.nodes(data=True))
        ],
        "edges": [
            {"source": u, "target": v, **d} for u, v, d in sorted(graph.edges(data=True))
        ],
    }
