"""The events that analysis counts as facts, as raw reports or as merged events.

Every analysis reads its rows through one :class:`FactSet` so that the choice made
once here -- negated and hypothetical events are never facts, undated or one-sided
events cannot be placed on a dyad or a calendar, and many reports of one real event
count once unless the user asks for reports -- holds everywhere. A FactSet is a
relation (view or temporary table) in the caller's DuckDB connection with the columns
listed in :data:`FACT_COLUMNS`; analyses query it with parameterised SQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
import pyarrow as pa

Unit = Literal["events", "reports"]
UNITS: tuple[str, ...] = ("events", "reports")

FACT_COLUMNS: tuple[str, ...] = (
    "fact_id",
    "source_code",
    "target_code",
    "date",
    "date_precision",
    "prec_rank",
    "type",
    "mode",
    "quad_class",
    "intensity",
    "confidence",
    "n_reports",
    "n_documents",
    "doc_id",
    "doc_ids",
    "evidence_text",
)

# A row is a fact only if it is asserted, dated and has two distinct actors.
FACT_FILTER = """
    NOT coalesce(negated, false)
    AND NOT coalesce(hypothetical, false)
    AND date IS NOT NULL
    AND source_code IS NOT NULL AND target_code IS NOT NULL
    AND source_code <> target_code
"""

# day < month < year; unknown precision is read as day (the coder's default).
PREC_RANK_SQL = (
    "CASE coalesce(date_precision, 'day') WHEN 'day' THEN 0 WHEN 'month' THEN 1 ELSE 2 END"
)

_names = itertools.count()


class AnalysisError(Exception):
    """A problem the user can fix (unknown actor, empty store); one line, no traceback."""


@dataclass(frozen=True)
class FactSet:
    """A relation in ``con`` holding facts in the :data:`FACT_COLUMNS` layout.

    ``dyad_days`` and ``actor_days`` are FROM-expressions for the per-day aggregates
    that series queries read (stored rollups when current, else derived from
    ``relation``; layouts in :func:`dyad_days_sql` and :func:`actor_days_sql`).
    ``actors``/``since``/``until`` record the scope the relation is complete for, so
    a caller can reuse one FactSet for several analyses of the same actors (the report
    does) instead of merging the same reports again.
    """

    con: duckdb.DuckDBPyConnection
    relation: str
    unit: str
    dyad_days: str = ""
    actor_days: str = ""
    actors: tuple[str, ...] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    owned: tuple[str, ...] = ()  # "VIEW name" / "TABLE name" to drop on release()

    def release(self) -> None:
        """Drop the temporary relations this FactSet created (long-lived connections,
        such as an API server's, would otherwise collect them)."""
        for kind_name in self.owned:
            self.con.execute(f"DROP {kind_name}")

    def __post_init__(self) -> None:
        if not self.dyad_days:
            object.__setattr__(self, "dyad_days", f"({dyad_days_sql(self.relation, self.unit)})")
        if not self.actor_days:
            object.__setattr__(self, "actor_days", f"({actor_days_sql(self.relation, self.unit)})")

    def covers(
        self,
        actors: Sequence[str] | None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> bool:
        """Whether every fact needed for these actors and dates is in the relation."""
        if self.actors is not None and (actors is None or not set(actors) <= set(self.actors)):
            return False
        if self.since is not None and (since is None or since < self.since):
            return False
        return self.until is None or (until is not None and until <= self.until)


def dyad_days_sql(relation: str, unit: str) -> str:
    """Facts per (pair, direction, day, precision, type, QuadClass), with sums."""
    return f"""
        SELECT '{unit}' AS unit, least(source_code, target_code) AS dyad_lo,
               greatest(source_code, target_code) AS dyad_hi, source_code, target_code,
               date, prec_rank, type, quad_class, count(*) AS n,
               sum(n_reports) AS n_reports, sum(intensity) AS intensity_sum,
               sum(abs(intensity)) AS intensity_abs
        FROM {relation}
        GROUP BY ALL
    """


def actor_days_sql(relation: str, unit: str) -> str:
    """Each actor's facts with anyone per day, split by the side (s/t) it was on."""
    return f"""
        SELECT '{unit}' AS unit, source_code AS actor, 's' AS side, date, prec_rank,
               count(*) AS n
        FROM {relation} GROUP BY ALL
        UNION ALL
        SELECT '{unit}' AS unit, target_code AS actor, 't' AS side, date, prec_rank,
               count(*) AS n
        FROM {relation} GROUP BY ALL
    """


def bind(sql: str, params: dict | None) -> dict | None:
    """Only the named parameters the SQL uses (DuckDB rejects unused ones), so one
    parameter dict can serve the variants of a query."""
    if not params:
        return None
    used = {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", sql)}
    return used or None


def one(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple | None:
    """First row of a query, reading the result to the end.

    DuckDB refuses further relational work on a connection while an ``execute`` result
    is only partly fetched, so every query here is consumed in full.
    """
    if isinstance(params, dict):
        params = bind(sql, params)
    rows = con.execute(sql, params).fetchall() if params else con.execute(sql).fetchall()
    return rows[0] if rows else None


def arrow(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pa.Table:
    """A query's result as an Arrow table (no pandas needed anywhere in analysis)."""
    return con.sql(sql, params=bind(sql, params)).to_arrow_table()


def require_events(con: duckdb.DuckDBPyConnection) -> None:
    """Fail with one line when the store holds no countable event at all."""
    if one(con, f"SELECT 1 FROM events WHERE {FACT_FILTER} LIMIT 1") is None:
        raise AnalysisError(
            "the store has no events to analyse (nothing ingested yet, or every event "
            "was negated, hypothetical, undated or had one actor)"
        )


def check_actors(con: duckdb.DuckDBPyConnection, codes: Sequence[str]) -> list[str]:
    """Upper-case the codes and fail on any that appear in no event of the store."""
    require_events(con)
    wanted = [c.strip().upper() for c in codes]
    for code in wanted:
        if not code:
            raise AnalysisError("empty actor code")
        row = one(
            con,
            "SELECT 1 FROM events WHERE source_code = ? OR target_code = ? LIMIT 1",
            [code, code],
        )
        if row is None:
            raise AnalysisError(
                f"unknown actor code {code!r}: it appears in no event of this store "
                "(codes are ISO 3166 alpha-3 or organisation codes, e.g. PRK, RUS, NATO)"
            )
    return wanted


def parse_dyad(text: str) -> tuple[str, str]:
    """``"PRK-RUS"`` -> ``("PRK", "RUS")``; one clear error for anything else."""
    parts = [p.strip().upper() for p in text.replace(":", "-").split("-")]
    if len(parts) != 2 or not all(parts) or parts[0] == parts[1]:
        raise AnalysisError(f"dyad must look like PRK-RUS (two different codes), got {text!r}")
    return parts[0], parts[1]


def new_name(stem: str) -> str:
    """A fresh temporary relation name, so nested analyses never clobber each other."""
    return f"dw_{stem}_{next(_names)}"


def scope_sql(
    actors: Sequence[str] | None, since: dt.date | None, until: dt.date | None
) -> tuple[str, dict]:
    """SQL conditions (with named parameters) restricting rows to actors and dates."""
    conds: list[str] = []
    params: dict = {}
    if actors:
        names = [f"scope_a{i}" for i in range(len(actors))]
        params.update(zip(names, actors, strict=True))
        marks = ", ".join(f"${n}" for n in names)
        conds.append(f"(source_code IN ({marks}) OR target_code IN ({marks}))")
    if since is not None:
        conds.append("date >= $scope_since")
        params["scope_since"] = since
    if until is not None:
        conds.append("date <= $scope_until")
        params["scope_until"] = until
    return (" AND ".join(conds) or "true"), params


def report_facts(con: duckdb.DuckDBPyConnection, rolled: bool = False) -> FactSet:
    """Every asserted event report as its own fact (``unit="reports"``)."""
    name = new_name("reports")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW {name} AS
        SELECT event_id AS fact_id, source_code, target_code, date,
               coalesce(date_precision, 'day') AS date_precision,
               {PREC_RANK_SQL} AS prec_rank,
               type, mode, quad_class, intensity, confidence,
               1 AS n_reports, 1 AS n_documents, doc_id, [doc_id] AS doc_ids, evidence_text
        FROM events WHERE {FACT_FILTER}
        """
    )
    if rolled:
        return _rolled(con, name, "reports", owned=(f"VIEW {name}",))
    return FactSet(con, name, "reports", owned=(f"VIEW {name}",))


def _rolled(
    con: duckdb.DuckDBPyConnection, relation: str, unit: str, owned: tuple[str, ...] = ()
) -> FactSet:
    from dyadwatch.analysis.rollup import ACTOR_DAYS, DYAD_DAYS

    return FactSet(
        con,
        relation,
        unit,
        dyad_days=f"(SELECT * FROM {DYAD_DAYS} WHERE unit = '{unit}')",
        actor_days=f"(SELECT * FROM {ACTOR_DAYS} WHERE unit = '{unit}')",
        owned=owned,
    )


def load_facts(
    con: duckdb.DuckDBPyConnection,
    unit: str = "events",
    *,
    actors: Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> FactSet:
    """The facts for ``unit``: merged events by default, raw reports on request.

    When :func:`rollup.build_rollups` has been run on this store and the events have
    not changed since, merged events and the per-day aggregates come from its tables;
    otherwise the reports in scope are merged now, into a temporary table that lives as
    long as the connection.
    """
    if unit not in UNITS:
        raise AnalysisError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
    from dyadwatch.analysis import merge, rollup  # both build on this module

    rolled = rollup.rollups_current(con)
    if unit == "reports":
        return report_facts(con, rolled)
    if rolled:
        return _rolled(con, rollup.MERGED, "events")
    name = merge.merge_into(con, actors=actors, since=since, until=until)
    return FactSet(
        con,
        name,
        "events",
        actors=tuple(actors) if actors else None,
        since=since,
        until=until,
        owned=(f"TABLE {name}",),
    )


@contextlib.contextmanager
def facts_in_scope(
    con: duckdb.DuckDBPyConnection,
    facts: FactSet | None,
    unit: str,
    actors: Sequence[str] | None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Iterator[FactSet]:
    """Reuse ``facts`` when given (it must cover the scope); otherwise build a FactSet
    for the scope and release it when the block ends."""
    if facts is not None:
        if not facts.covers(actors, since, until):
            raise ValueError(
                f"FactSet scoped to {facts.actors} {facts.since}..{facts.until} "
                f"does not cover {actors} {since}..{until}"
            )
        yield facts
        return
    built = load_facts(con, unit, actors=actors, since=since, until=until)
    try:
        yield built
    finally:
        built.release()
