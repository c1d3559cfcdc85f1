"""Alignment index: how friendly two actors are in a period, on a scale of -1 to 1.

Formula. Let C and H be the cooperative (QuadClass 1-2) and hostile (QuadClass 3-4)
merged events between the two actors in a period, and p the chance that an event
between them is cooperative, with a Beta(k/2, k/2) prior (k = ``prior``, default 2).
The index is the posterior mean of 2p - 1, A = (C - H) / (C + H + k): one friendly
event scores 0.33 rather than 1 and a silent period scores 0, so thin evidence is
pulled towards neutral. The band is the central ``level`` (default 90 %) interval of
2p - 1 under the Beta(C + k/2, H + k/2) posterior: wide with few events, narrow with many.

With ``weight="intensity"`` each event counts in proportion to its absolute intensity,
rescaled so that the dyad's average event weighs 1 (the evidence total is unchanged
and a troop deployment outweighs a phone call).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
from scipy.stats import beta

from dyadwatch.analysis.facts import AnalysisError, FactSet
from dyadwatch.analysis.series import dyad_series

WEIGHTS: tuple[str, ...] = ("count", "intensity")


def index_with_band(
    coop: np.ndarray | float,
    hostile: np.ndarray | float,
    prior: float = 2.0,
    level: float = 0.9,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(index, lower, upper) for cooperative and hostile (possibly weighted) counts."""
    if prior <= 0 or not 0 < level < 1:
        raise ValueError("prior must be > 0 and level in (0, 1)")
    c = np.asarray(coop, dtype=float)
    h = np.asarray(hostile, dtype=float)
    alpha, beta_ = c + prior / 2, h + prior / 2
    index = (c - h) / (c + h + prior)
    tail = (1 - level) / 2
    lower = 2 * beta.ppf(tail, alpha, beta_) - 1
    upper = 2 * beta.ppf(1 - tail, alpha, beta_) - 1
    return index, lower, upper


def alignment(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: str = "events",
    prior: float = 2.0,
    level: float = 0.9,
    weight: str = "count",
    directed: bool = False,
    facts: FactSet | None = None,
) -> pa.Table:
    """Index and band per period: ``period, n_events, coop, hostile, index, lower, upper``."""
    if weight not in WEIGHTS:
        raise AnalysisError(f"weight must be one of {', '.join(WEIGHTS)}, got {weight!r}")
    series = dyad_series(
        con, a, b, by=by, directed=directed, since=since, until=until, unit=unit, facts=facts
    )
    return alignment_from_series(series, prior=prior, level=level, weight=weight)


def alignment_from_series(
    series: pa.Table, *, prior: float = 2.0, level: float = 0.9, weight: str = "count"
) -> pa.Table:
    """The index computed from a :func:`dyad_series` table (keeps its metadata)."""
    coop = np.asarray(series.column("coop").to_numpy(zero_copy_only=False), dtype=float)
    hostile = np.asarray(series.column("hostile").to_numpy(zero_copy_only=False), dtype=float)
    if weight == "intensity":
        cw = np.asarray(series.column("coop_weight").to_numpy(zero_copy_only=False), float)
        hw = np.asarray(series.column("hostile_weight").to_numpy(zero_copy_only=False), float)
        total_n, total_w = coop.sum() + hostile.sum(), cw.sum() + hw.sum()
        scale = total_n / total_w if total_w > 0 else 1.0
        coop, hostile = cw * scale, hw * scale
    index, lower, upper = index_with_band(coop, hostile, prior, level)
    table = pa.table(
        {
            "period": series.column("period"),
            "n_events": series.column("n_events"),
            "coop": pa.array(coop),
            "hostile": pa.array(hostile),
            "index": pa.array(index),
            "lower": pa.array(lower),
            "upper": pa.array(upper),
        }
    )
    meta = dict(series.schema.metadata or {})
    meta.update(
        {b"prior": str(prior).encode(), b"level": str(level).encode(), b"weight": weight.encode()}
    )
    return table.replace_schema_metadata(meta)
