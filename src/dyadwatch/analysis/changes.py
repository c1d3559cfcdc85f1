"""Change points: the periods where a relationship moved to a new level, and why.

The dyad's series is turned into three signals per period -- the alignment index, and
the (log) numbers of cooperative and of hostile events -- each scaled by its own
period-to-period noise, so that a signal that is jittery anyway needs a bigger move to
count. ``ruptures`` (PELT, least-squares cost) then finds the segmentation that
balances fit against a penalty of ``sensitivity * 2 * log(n)`` per break for each
signal (a BIC-style rule: more periods, more proof needed). Each break comes with the
events around it, so a reader can see what happened rather than take the line's word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import ruptures

from dyadwatch.analysis.alignment import index_with_band
from dyadwatch.analysis.evidence import KeyEvent, key_events
from dyadwatch.analysis.facts import FactSet, facts_in_scope
from dyadwatch.analysis.series import dyad_series, next_period, period_label

MIN_SEGMENT = 2


@dataclass(frozen=True)
class ChangePoint:
    """A break: ``period`` is the first period of the new level."""

    period: dt.date
    label: str
    index_before: float
    index_after: float
    events_per_period_before: float
    events_per_period_after: float
    direction: str  # "warmer", "cooler" or "busier"/"quieter" when the index holds
    events: list[KeyEvent] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["period"] = self.period.isoformat()
        d["events"] = [e.to_dict() for e in self.events]
        return d


def signal_matrix(series: pa.Table, prior: float = 2.0) -> np.ndarray:
    """Per-period features, each divided by a robust estimate of its noise."""
    coop = np.asarray(series.column("coop").to_numpy(zero_copy_only=False), dtype=float)
    hostile = np.asarray(series.column("hostile").to_numpy(zero_copy_only=False), dtype=float)
    index, _, _ = index_with_band(coop, hostile, prior)
    cols = [index, np.log1p(coop), np.log1p(hostile)]
    scaled = []
    for x in cols:
        sigma = _noise(x)
        if sigma > 1e-9:  # a constant signal (up to rounding) carries no break
            scaled.append(x / sigma)
    if not scaled:
        return np.zeros((len(coop), 0))
    return np.column_stack(scaled)


def _noise(x: np.ndarray) -> float:
    """Noise s.d. from the median absolute first difference (robust to the breaks)."""
    if len(x) < 3:
        return 0.0
    mad = float(np.median(np.abs(np.diff(x))))
    sigma = mad / (0.6745 * np.sqrt(2))
    if sigma == 0:
        # Mostly flat signal with a few jumps: fall back to the plain spread.
        sigma = float(np.std(x))
    return sigma


def find_breaks(signal: np.ndarray, sensitivity: float = 1.0) -> list[int]:
    """Indices (into the periods) where a new segment starts."""
    n = signal.shape[0]
    if n < 2 * MIN_SEGMENT or signal.shape[1] == 0:
        return []
    penalty = sensitivity * 2.0 * np.log(n) * signal.shape[1]
    algo = ruptures.Pelt(model="l2", min_size=MIN_SEGMENT, jump=1).fit(signal)
    return [b for b in algo.predict(pen=penalty) if b < n]


def change_points(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: str = "events",
    sensitivity: float = 1.0,
    prior: float = 2.0,
    n_events: int = 5,
    facts: FactSet | None = None,
) -> list[ChangePoint]:
    """Breaks in the dyad's relationship, each with the weightiest events around it."""
    with facts_in_scope(con, facts, unit, [a, b], since, until) as facts:
        series = dyad_series(con, a, b, by=by, since=since, until=until, facts=facts)
        if series.num_rows == 0:
            return []
        breaks = find_breaks(signal_matrix(series, prior), sensitivity)
        periods = series.column("period").to_pylist()
        coop = np.asarray(series.column("coop").to_numpy(zero_copy_only=False), dtype=float)
        hostile = np.asarray(series.column("hostile").to_numpy(zero_copy_only=False), dtype=float)
        bounds = [0, *breaks, len(periods)]
        out: list[ChangePoint] = []
        for i, brk in enumerate(breaks):
            lo, hi = bounds[i], bounds[i + 2]
            before, after = slice(lo, brk), slice(brk, hi)
            ib = float(index_with_band(coop[before].sum(), hostile[before].sum(), prior)[0])
            ia = float(index_with_band(coop[after].sum(), hostile[after].sum(), prior)[0])
            rate_b = float((coop[before] + hostile[before]).mean())
            rate_a = float((coop[after] + hostile[after]).mean())
            if abs(ia - ib) >= 0.1:
                direction = "warmer" if ia > ib else "cooler"
            else:
                direction = "busier" if rate_a > rate_b else "quieter"
            # Evidence: from the period before the break to the end of the first new one.
            window_start = periods[max(brk - 1, 0)]
            window_end = next_period(periods[brk], by) - dt.timedelta(days=1)
            events = key_events(facts, a, b, since=window_start, until=window_end, limit=n_events)
            out.append(
                ChangePoint(
                    period=periods[brk],
                    label=period_label(periods[brk], by),
                    index_before=round(ib, 4),
                    index_after=round(ia, 4),
                    events_per_period_before=round(rate_b, 3),
                    events_per_period_after=round(rate_a, 3),
                    direction=direction,
                    events=events,
                )
            )
        return out
