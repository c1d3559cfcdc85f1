"""Network of cooperative and hostile ties in a period, and the blocs it falls into.

Each pair of actors with events becomes one undirected edge carrying its cooperative
and hostile counts and their alignment index. Blocs are communities (Louvain, fixed
seed so the same store gives the same blocs) of the graph of *friendly* ties only,
weighted by cooperative events: two states that fight a lot are many events apart,
not one bloc.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import networkx as nx

from dyadwatch.analysis.alignment import index_with_band
from dyadwatch.analysis.facts import AnalysisError, FactSet, facts_in_scope

FORMATS: tuple[str, ...] = (".png", ".graphml", ".json")


def tie_network(
    con: duckdb.DuckDBPyConnection,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: str = "events",
    min_events: int = 1,
    prior: float = 2.0,
    facts: FactSet | None = None,
) -> nx.Graph:
    """Graph of actors; edges have ``coop``, ``hostile``, ``n``, ``alignment``, ``sign``.

    Nodes carry ``events`` (their total), ``bloc`` (community number, largest bloc
    first) and ``label``. Pairs with fewer than ``min_events`` events are left out.
    """
    with facts_in_scope(con, facts, unit, None, since, until) as facts:
        conds, params = ["true"], {"min": min_events}
        if since is not None:
            conds.append("date >= $since")
            params["since"] = since
        if until is not None:
            conds.append("date <= $until")
            params["until"] = until
        rows = con.execute(
            f"""
            SELECT least(source_code, target_code) AS u, greatest(source_code, target_code) AS v,
                   count(*) FILTER (WHERE quad_class IN (1, 2)) AS coop,
                   count(*) FILTER (WHERE quad_class IN (3, 4)) AS hostile,
                   count(*) AS n
            FROM {facts.relation} WHERE {" AND ".join(conds)}
            GROUP BY u, v HAVING count(*) >= $min
            ORDER BY u, v
            """,
            params,
        ).fetchall()
        graph = nx.Graph(since=str(since or ""), until=str(until or ""), unit=facts.unit)
        for u, v, coop, hostile, n in rows:
            index = float(index_with_band(coop, hostile, prior)[0])
            graph.add_edge(
                u,
                v,
                coop=int(coop),
                hostile=int(hostile),
                n=int(n),
                alignment=round(index, 4),
                sign=1 if index > 0 else (-1 if index < 0 else 0),
            )
        for node in graph.nodes:
            graph.nodes[node]["label"] = node
            graph.nodes[node]["events"] = sum(d["n"] for _, _, d in graph.edges(node, data=True))
        for i, bloc in enumerate(blocs(graph)):
            for node in bloc:
                graph.nodes[node]["bloc"] = i
        return graph


def blocs(graph: nx.Graph) -> list[set[str]]:
    """Communities of the friendly-tie graph, largest first (isolates are their own)."""
    friendly = nx.Graph()
    friendly.add_nodes_from(graph.nodes)
    friendly.add_edges_from(
        (u, v, {"weight": d["coop"]})
        for u, v, d in graph.edges(data=True)
        if d["coop"] > 0 and d["alignment"] > 0
    )
    if friendly.number_of_edges() == 0:
        return [{n} for n in sorted(graph.nodes)]
    found = nx.community.louvain_communities(friendly, weight="weight", seed=0)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(c)))


def write_network(graph: nx.Graph, path: str | Path, title: str | None = None) -> Path:
    """Write the graph as PNG (drawing), GraphML or JSON (node-link), by extension."""
    out = Path(path)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        raise AnalysisError(f"--out must end in {', '.join(FORMATS)}, got {out.name!r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if ext == ".graphml":
        nx.write_graphml(graph, out)
    elif ext == ".json":
        data = nx.node_link_data(graph, edges="edges")
        out.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    else:
        from dyadwatch.analysis.charts import draw_network

        draw_network(graph, out, title=title)
    return out
