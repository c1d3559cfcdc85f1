"""Dyad series: what two actors did to each other, period by period.

Raw counts rise whenever newsrooms pay attention, so each row also carries how many
events each actor had with anyone in that period and the share of those that involve
the other actor. A summit that triples coverage of everything Russia does leaves the
share flat; a real turn towards the partner moves it.

Events whose date is coarser than the period (a month-precision event in a weekly
series, a year-precision one in a monthly series) cannot be placed and are left out
of that series rather than piled onto the first day of their month or year.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from dyadwatch.analysis.facts import AnalysisError, FactSet, arrow, facts_in_scope, one
from dyadwatch.model import PLOVER_TYPES

PERIODS: dict[str, tuple[str, int]] = {
    # name -> (DuckDB interval, finest date precision rank that fits in it)
    "week": ("1 week", 0),
    "month": ("1 month", 1),
    "quarter": ("3 months", 1),
    "year": ("1 year", 2),
}

QUADS: tuple[tuple[int, str], ...] = (
    (1, "verbal_coop"),
    (2, "material_coop"),
    (3, "verbal_conflict"),
    (4, "material_conflict"),
)


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise AnalysisError(f"period must be one of {', '.join(PERIODS)}, got {by!r}")
    return by


def period_start(day: dt.date, by: str) -> dt.date:
    """First day of the period (weeks start on Monday, as ISO weeks do)."""
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def next_period(start: dt.date, by: str) -> dt.date:
    if by == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    y, m = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + y, m + 1, 1)


def period_label(start: dt.date, by: str) -> str:
    """Human label: 2024-W25, 2024-06, 2024Q2, 2024."""
    if by == "week":
        iso = start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    if by == "quarter":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def dyad_conditions(directed: bool) -> tuple[str, str, str]:
    """SQL predicates for the dyad (over dyad_days) and for A's and B's totals
    (over actor_days); parameters ``$lo``/``$hi`` (the sorted pair), ``$a``, ``$b``."""
    if directed:
        return (
            "dyad_lo = $lo AND dyad_hi = $hi AND source_code = $a",
            "actor = $a AND side = 's'",
            "actor = $b AND side = 't'",
        )
    return "dyad_lo = $lo AND dyad_hi = $hi", "actor = $a", "actor = $b"


def _pair(a: str, b: str) -> dict[str, str]:
    return {"a": a, "b": b, "lo": min(a, b), "hi": max(a, b)}


def dyad_span(
    facts: FactSet, a: str, b: str, directed: bool = False
) -> tuple[dt.date, dt.date] | None:
    """First and last date of the dyad's facts, or None when it has none."""
    dyad, _, _ = dyad_conditions(directed)
    row = one(
        facts.con,
        f"SELECT min(date), max(date) FROM {facts.dyad_days} WHERE {dyad}",
        _pair(a, b),
    )
    if row is None or row[0] is None:
        return None
    return row[0], row[1]


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    directed: bool = False,
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: str = "events",
    facts: FactSet | None = None,
) -> pa.Table:
    """One row per period between ``since`` and ``until`` (default: the dyad's span).

    Columns: ``period`` (first day), counts (``n_events``, ``n_reports``, one per
    QuadClass, ``coop``/``hostile``, ``type_<plover>``), ``intensity_sum`` and
    ``intensity_mean``, ``coop_weight``/``hostile_weight`` (summed absolute intensity),
    ``a_events``/``b_events`` (each actor's events with anyone; for a directed series,
    A's outgoing and B's incoming) and ``share_a``/``share_b`` (the dyad's part of
    them). Periods without events are zero rows, so gaps are visible.
    """
    check_period(by)
    with facts_in_scope(con, facts, unit, [a, b], since, until) as facts:
        if since is None or until is None:
            span = dyad_span(facts, a, b, directed)
            if span is None:
                return _empty(a, b, by, directed, facts.unit)
            since = since or span[0]
            until = until or span[1]
        if until < since:
            raise AnalysisError(f"--until {until} is before --since {since}")
        start = period_start(since, by)
        end = next_period(period_start(until, by), by)
        dyad, a_side, b_side = dyad_conditions(directed)
        step, max_rank = PERIODS[by]
        quad_cols = ",\n".join(f"sum(n) FILTER (WHERE q = {q}) AS {name}" for q, name in QUADS)
        type_cols = ",\n".join(
            f"sum(n) FILTER (WHERE type = '{t}') AS type_{t.lower()}" for t in PLOVER_TYPES
        )
        count_names = ["n_events", "n_reports"] + [n for _, n in QUADS] + ["coop", "hostile"]
        count_names += [f"type_{t.lower()}" for t in PLOVER_TYPES]
        coalesced = ", ".join(f"coalesce(g.{c}, 0)::BIGINT AS {c}" for c in count_names)
        sql = f"""
        WITH f AS (
            SELECT date_trunc('{by}', date)::DATE AS period, type, quad_class AS q, n,
                   n_reports AS r, intensity_sum AS xs, intensity_abs AS xa
            FROM {facts.dyad_days}
            WHERE {dyad} AND prec_rank <= {max_rank} AND date >= $start AND date < $end
        ), g AS (
            SELECT period, sum(n) AS n_events, sum(r) AS n_reports,
                   {quad_cols},
                   sum(n) FILTER (WHERE q IN (1, 2)) AS coop,
                   sum(n) FILTER (WHERE q IN (3, 4)) AS hostile,
                   {type_cols},
                   sum(xs) AS intensity_sum,
                   sum(xs) / sum(n) AS intensity_mean,
                   sum(xa) FILTER (WHERE q IN (1, 2)) AS coop_weight,
                   sum(xa) FILTER (WHERE q IN (3, 4)) AS hostile_weight
            FROM f GROUP BY period
        ), tot AS (
            SELECT date_trunc('{by}', date)::DATE AS period,
                   sum(n) FILTER (WHERE {a_side}) AS a_events,
                   sum(n) FILTER (WHERE {b_side}) AS b_events
            FROM {facts.actor_days}
            WHERE actor IN ($a, $b) AND prec_rank <= {max_rank} AND date >= $start AND date < $end
            GROUP BY period
        ), p AS (
            SELECT range::DATE AS period
            FROM range($start::TIMESTAMP, $end::TIMESTAMP, INTERVAL '{step}')
        )
        SELECT p.period, {coalesced},
               coalesce(t.a_events, 0)::BIGINT AS a_events,
               coalesce(t.b_events, 0)::BIGINT AS b_events,
               coalesce(g.intensity_sum, 0.0) AS intensity_sum,
               g.intensity_mean,
               coalesce(g.coop_weight, 0.0) AS coop_weight,
               coalesce(g.hostile_weight, 0.0) AS hostile_weight,
               coalesce(g.n_events, 0) / nullif(t.a_events, 0) AS share_a,
               coalesce(g.n_events, 0) / nullif(t.b_events, 0) AS share_b
        FROM p LEFT JOIN g USING (period) LEFT JOIN tot t USING (period)
        ORDER BY p.period
        """
        table = arrow(con, sql, {**_pair(a, b), "start": start, "end": end})
        return _with_meta(table, a, b, by, directed, facts.unit)


def _with_meta(table: pa.Table, a: str, b: str, by: str, directed: bool, unit: str) -> pa.Table:
    meta = {"a": a, "b": b, "by": by, "directed": str(directed).lower(), "unit": unit}
    return table.replace_schema_metadata(meta)


def _empty(a: str, b: str, by: str, directed: bool, unit: str) -> pa.Table:
    cols = ["n_events", "n_reports"] + [n for _, n in QUADS] + ["coop", "hostile"]
    cols += [f"type_{t.lower()}" for t in PLOVER_TYPES] + ["a_events", "b_events"]
    fields = [pa.field("period", pa.date32())] + [pa.field(c, pa.int64()) for c in cols]
    fields += [
        pa.field(c, pa.float64())
        for c in (
            "intensity_sum",
            "intensity_mean",
            "coop_weight",
            "hostile_weight",
            "share_a",
            "share_b",
        )
    ]
    return _with_meta(pa.schema(fields).empty_table(), a, b, by, directed, unit)
