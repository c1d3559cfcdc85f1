"""Charts for analysis results, drawn with matplotlib's Agg backend (no display needed).

Every chart states what it shows: a title, labelled axes with units, dates on the time
axis and a legend, so a PNG lifted out of a report still reads on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pyarrow as pa  # noqa: E402

from dyadwatch.analysis.series import next_period  # noqa: E402

QUAD_STYLE: tuple[tuple[str, str, str], ...] = (
    ("verbal_coop", "Verbal cooperation", "#7fbf7b"),
    ("material_coop", "Material cooperation", "#1b7837"),
    ("verbal_conflict", "Verbal conflict", "#f4a582"),
    ("material_conflict", "Material conflict", "#b2182b"),
)
LINE_COLORS: tuple[str, ...] = ("#2166ac", "#d6604d", "#4d9221", "#8073ac", "#e08214", "#35978f")
DPI = 120


def _dates(table: pa.Table) -> list[dt.date]:
    return table.column("period").to_pylist()


def _date_axis(ax: plt.Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="y", alpha=0.3)


def _save(fig: plt.Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def trajectory_chart(
    trajectories: Mapping[str, pa.Table],
    path: str | Path,
    *,
    breaks: Sequence[tuple[dt.date, str]] = (),
    title: str = "Alignment index",
    level: float = 0.9,
) -> Path:
    """Index lines with shaded uncertainty bands; dashed verticals at change points."""
    fig, ax = plt.subplots(figsize=(10, 4.8))
    for i, (name, table) in enumerate(trajectories.items()):
        if table.num_rows == 0:
            continue
        color = LINE_COLORS[i % len(LINE_COLORS)]
        x = _dates(table)
        if i == 0:  # one band keeps the chart legible; the others are in the CSV
            ax.fill_between(
                x,
                table.column("lower").to_pylist(),
                table.column("upper").to_pylist(),
                color=color,
                alpha=0.18,
                linewidth=0,
                label=f"{name}: {level:.0%} band",
            )
        ax.plot(
            x,
            table.column("index").to_pylist(),
            color=color,
            linewidth=2.2 if i == 0 else 1.5,
            marker="o",
            markersize=3,
            label=f"{name}: index",
        )
    for j, (when, label) in enumerate(breaks):
        ax.axvline(
            when,
            color="black",
            linestyle="--",
            linewidth=1,
            label="change point" if j == 0 else None,
        )
        ax.annotate(
            label,
            (mdates.date2num(when), 1.0),
            xytext=(3, -12),
            textcoords="offset points",
            fontsize=8,
        )
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("Alignment index (-1 hostile, +1 cooperative)")
    ax.set_xlabel("Period start")
    ax.set_title(title)
    _date_axis(ax)
    ax.legend(loc="lower left", fontsize=8, ncol=2, framealpha=0.9)
    return _save(fig, Path(path))


def volume_chart(series: pa.Table, path: str | Path, *, title: str) -> Path:
    """Stacked events per QuadClass, and below it each actor's share spent on the other."""
    meta = {k.decode(): v.decode() for k, v in (series.schema.metadata or {}).items()}
    a, b = meta.get("a", "A"), meta.get("b", "B")
    x = _dates(series)
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(10, 6.4), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
    )
    width = _bar_width(x)
    bottom_stack = [0] * len(x)
    for col, label, color in QUAD_STYLE:
        values = series.column(col).to_pylist()
        top.bar(x, values, width=width, bottom=bottom_stack, color=color, label=label)
        bottom_stack = [s + v for s, v in zip(bottom_stack, values, strict=True)]
    top.set_ylim(0, max(1, max(bottom_stack, default=0)) * 1.15)
    top.set_ylabel("Events (merged)" if meta.get("unit") != "reports" else "Reports")
    top.set_title(title)
    top.legend(loc="best", fontsize=8, ncol=2, framealpha=0.9)
    _date_axis(top)
    for col, name, color in (("share_a", a, LINE_COLORS[0]), ("share_b", b, LINE_COLORS[1])):
        other = b if name == a else a
        values = [v * 100 if v is not None else None for v in series.column(col).to_pylist()]
        bottom.plot(
            x,
            values,
            color=color,
            marker="o",
            markersize=3,
            label=f"share of {name}'s events that involve {other}",
        )
    bottom.set_ylabel("Share (%)")
    bottom.set_xlabel("Period start")
    bottom.set_ylim(0, 112)
    bottom.legend(loc="best", fontsize=8, framealpha=0.9)
    _date_axis(bottom)
    return _save(fig, Path(path))


def _bar_width(x: list[dt.date]) -> float:
    if len(x) < 2:
        return 20.0
    gaps = [(b - a).days for a, b in zip(x, x[1:], strict=False)]
    return max(1.0, min(gaps) * 0.8)


def partners_chart(
    shares: pa.Table,
    path: str | Path,
    *,
    actor: str,
    title: str,
    order: Sequence[str] = (),
) -> Path:
    """Each partner's share of the actor's events per period, with the HHI dashed.

    ``order`` fixes which partner gets which colour (the report passes its dyads in
    order, so a partner has the same colour here as its dyad in the trajectory).
    """
    rows = shares.to_pylist()
    seen = sorted({r["period"] for r in rows})
    by = (shares.schema.metadata or {}).get(b"by", b"year").decode()
    # Every period of the span, so a period without events is a gap, not a bridge.
    periods = seen[:1]
    while periods and periods[-1] < seen[-1]:
        periods.append(next_period(periods[-1], by))
    present = set(r["partner"] for r in rows)
    partners = (
        [p for p in order if p in present]
        + sorted(present - set(order) - {"OTHER"})
        + (["OTHER"] if "OTHER" in present else [])
    )
    by_key = {(r["period"], r["partner"]): r["share"] for r in rows}
    hhi = {r["period"]: r["hhi"] for r in rows}
    fig, ax = plt.subplots(figsize=(10, 4.8))
    for i, partner in enumerate(partners):
        values = [by_key.get((p, partner), 0.0) * 100 if p in hhi else None for p in periods]
        style = (
            {"color": "#999999", "linestyle": ":"}
            if partner == "OTHER"
            else {"color": LINE_COLORS[i % len(LINE_COLORS)]}
        )
        label = "all other partners" if partner == "OTHER" else f"{partner}"
        ax.plot(periods, values, marker="o", markersize=4, label=label, **style)
    ax.plot(
        periods,
        [hhi[p] * 100 if p in hhi else None for p in periods],
        color="black",
        linestyle="--",
        linewidth=1,
        label="concentration (HHI x 100)",
    )
    ax.set_ylim(0, 105)
    ax.set_ylabel(f"Share of {actor}'s cooperative events (%)")
    ax.set_xlabel("Period start")
    ax.set_title(title)
    _date_axis(ax)
    ax.legend(loc="best", fontsize=8, ncol=3, framealpha=0.9)
    return _save(fig, Path(path))


def draw_network(graph: nx.Graph, path: str | Path, *, title: str | None = None) -> Path:
    """Nodes coloured by bloc; green edges friendly, red hostile, width by events."""
    fig, ax = plt.subplots(figsize=(9, 7))
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no events in this period", ha="center", va="center")
    else:
        pos = nx.spring_layout(graph, seed=0, weight="n")
        palette = plt.get_cmap("tab10")
        colors = [palette(graph.nodes[n].get("bloc", 0) % 10) for n in graph.nodes]
        sizes = [200 + 40 * graph.nodes[n].get("events", 1) ** 0.5 for n in graph.nodes]
        top = max(d["n"] for _, _, d in graph.edges(data=True)) if graph.edges else 1
        for sign, color, label in (
            (1, "#1b7837", "friendly tie"),
            (-1, "#b2182b", "hostile tie"),
            (0, "#999999", "mixed tie"),
        ):
            edges = [(u, v) for u, v, d in graph.edges(data=True) if d["sign"] == sign]
            if edges:
                widths = [0.8 + 4 * graph.edges[e]["n"] / top for e in edges]
                nx.draw_networkx_edges(
                    graph,
                    pos,
                    edgelist=edges,
                    width=widths,
                    edge_color=color,
                    alpha=0.7,
                    ax=ax,
                    label=label,
                )
        nx.draw_networkx_nodes(graph, pos, node_color=colors, node_size=sizes, ax=ax)
        nx.draw_networkx_labels(graph, pos, font_size=9, ax=ax)
        n_blocs = len({graph.nodes[n].get("bloc", 0) for n in graph.nodes})
        ax.legend(loc="lower left", fontsize=8, title=f"{n_blocs} blocs (node colour)")
    span = f"{graph.graph.get('since') or 'start'} to {graph.graph.get('until') or 'end'}"
    ax.set_title(title or f"Cooperative and hostile ties, {span}")
    ax.set_axis_off()
    return _save(fig, Path(path))
