"""Partners and diversification: how one actor spreads its cooperation across others.

"Is North Korea swapping China for Russia?" is a question about shares, not counts:
per period, each partner's part of the actor's cooperative (or hostile) events, and
the Herfindahl-Hirschman index of those shares (HHI = sum of squared shares; 1 when a
single partner takes everything, 1/n when n partners share equally). ``effective``
= 1/HHI reads as "the number of equally important partners".
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from dyadwatch.analysis.facts import AnalysisError, FactSet, arrow, facts_in_scope
from dyadwatch.analysis.series import PERIODS, check_period

KINDS: dict[str, str] = {
    "coop": "quad_class IN (1, 2)",
    "hostile": "quad_class IN (3, 4)",
    "all": "true",
}


def partner_shares(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    *,
    by: str = "year",
    kind: str = "coop",
    since: dt.date | None = None,
    until: dt.date | None = None,
    unit: str = "events",
    partners: list[str] | None = None,
    facts: FactSet | None = None,
) -> pa.Table:
    """Long table ``period, partner, n, share, period_total, hhi, effective``.

    Shares within a period sum to 1. With ``partners`` given, every other partner is
    pooled as ``OTHER`` (the HHI is still computed over the individual partners, so
    pooling for display does not fake concentration).
    """
    check_period(by)
    if kind not in KINDS:
        raise AnalysisError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    with facts_in_scope(con, facts, unit, [actor], since, until) as facts:
        _, max_rank = PERIODS[by]
        conds = [KINDS[kind], f"prec_rank <= {max_rank}", "(source_code = $x OR target_code = $x)"]
        params: dict = {"x": actor}
        if since is not None:
            conds.append("date >= $since")
            params["since"] = since
        if until is not None:
            conds.append("date <= $until")
            params["until"] = until
        if partners:
            names = [f"p{i}" for i in range(len(partners))]
            params.update(zip(names, partners, strict=True))
            shown = "CASE WHEN partner IN ({}) THEN partner ELSE 'OTHER' END".format(
                ", ".join(f"${n}" for n in names)
            )
        else:
            shown = "partner"
        sql = f"""
        WITH f AS (
            SELECT date_trunc('{by}', date)::DATE AS period,
                   CASE WHEN source_code = $x THEN target_code ELSE source_code END AS partner
            FROM {facts.relation} WHERE {" AND ".join(conds)}
        ), per AS (
            SELECT period, partner, count(*) AS n FROM f GROUP BY period, partner
        ), conc AS (
            SELECT period, sum(n) OVER (PARTITION BY period) AS total,
                   (n / sum(n) OVER (PARTITION BY period)) ^ 2 AS sq
            FROM per
        ), hhi AS (
            SELECT period, any_value(total) AS total, sum(sq) AS hhi FROM conc GROUP BY period
        ), shown AS (
            SELECT period, {shown} AS partner, sum(n) AS n FROM per GROUP BY ALL
        )
        SELECT s.period, s.partner, s.n::BIGINT AS n, s.n / h.total AS share,
               h.total::BIGINT AS period_total, h.hhi, 1 / h.hhi AS effective
        FROM shown s JOIN hhi h USING (period)
        ORDER BY s.period, s.partner = 'OTHER', s.n DESC, s.partner
        """
        table = arrow(con, sql, params)
        meta = {"actor": actor, "by": by, "kind": kind, "unit": facts.unit}
        return table.replace_schema_metadata(meta)


def concentration(shares: pa.Table) -> list[dict]:
    """One row per period from :func:`partner_shares`: total, HHI, effective, top partner."""
    rows: dict[dt.date, dict] = {}
    for r in shares.to_pylist():
        row = rows.setdefault(
            r["period"],
            {
                "period": r["period"],
                "n": r["period_total"],
                "hhi": r["hhi"],
                "effective": r["effective"],
                "top_partner": r["partner"],
                "top_share": r["share"],
            },
        )
        if r["partner"] != "OTHER" and r["share"] > row["top_share"]:
            row["top_partner"], row["top_share"] = r["partner"], r["share"]
    return list(rows.values())
