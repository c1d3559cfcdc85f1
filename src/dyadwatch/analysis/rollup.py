"""Stored rollups: what makes a dyad series over millions of events answer in well under a second.

``build_rollups(con)`` (needs a writable store; run it after ingest) writes

* ``analysis_merged_events`` -- every merged event, sorted by unordered pair and date;
* ``analysis_dyad_days`` -- events per (unit, pair, direction, day, date precision,
  type, QuadClass) with report count and intensity sums, sorted by unit, pair and date,
  so one dyad's rows sit in a few row groups that DuckDB's zone maps find directly;
* ``analysis_actor_days`` -- each actor's events with anyone per day and side, sorted by
  actor: the denominators of the dyad shares without scanning every event;
* ``analysis_rollup_state`` -- a fingerprint of the events table.

Analyses use the rollups only while the fingerprint still matches (event count,
document count and latest ingest time), so a later ingest is never answered from
stale tables; without them everything is computed from ``events`` directly.
"""

from __future__ import annotations

import duckdb

from dyadwatch.analysis.facts import actor_days_sql, dyad_days_sql, one, report_facts
from dyadwatch.analysis.merge import merge_into

MERGED = "analysis_merged_events"
DYAD_DAYS = "analysis_dyad_days"
ACTOR_DAYS = "analysis_actor_days"
STATE = "analysis_rollup_state"


def fingerprint(con: duckdb.DuckDBPyConnection) -> tuple[int, int, str]:
    """Cheap identity of the store's content: counts and the latest ingest time.

    Reading every event id would cost as much as the query it guards; ingest appends
    documents (with their ingest time) and their events, so these three change with it.
    """
    row = one(
        con,
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM documents), "
        "(SELECT coalesce(max(ingested_at)::VARCHAR, '') FROM documents)",
    )
    return (int(row[0]), int(row[1]), str(row[2])) if row else (0, 0, "")


def build_rollups(con: duckdb.DuckDBPyConnection, **merge_options) -> dict[str, int]:
    """(Re)build every rollup table in one transaction; returns their row counts."""
    con.execute("BEGIN TRANSACTION")
    try:
        merge_into(con, target=MERGED, temporary=False, **merge_options)
        reports = report_facts(con)
        parts = [(MERGED, "events"), (reports.relation, "reports")]
        con.execute(
            f"CREATE OR REPLACE TABLE {DYAD_DAYS} AS SELECT * FROM ("
            + " UNION ALL ".join(dyad_days_sql(rel, unit) for rel, unit in parts)
            + ") ORDER BY unit, dyad_lo, dyad_hi, date"
        )
        con.execute(
            f"CREATE OR REPLACE TABLE {ACTOR_DAYS} AS SELECT * FROM ("
            + " UNION ALL ".join(actor_days_sql(rel, unit) for rel, unit in parts)
            + ") ORDER BY unit, actor, date"
        )
        n, d, latest = fingerprint(con)
        con.execute(
            f"CREATE OR REPLACE TABLE {STATE} (n_events BIGINT, n_documents BIGINT, latest VARCHAR)"
        )
        con.execute(f"INSERT INTO {STATE} VALUES (?, ?, ?)", [n, d, latest])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    counts = {}
    for table in (MERGED, DYAD_DAYS, ACTOR_DAYS):
        row = one(con, f"SELECT count(*) FROM {table}")
        counts[table] = int(row[0]) if row else 0
    return counts


def rollups_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored rollups exist and were built from the events now stored."""
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary"
        ).fetchall()
    }
    if not {MERGED, DYAD_DAYS, ACTOR_DAYS, STATE} <= tables:
        return False
    row = one(con, f"SELECT n_events, n_documents, latest FROM {STATE}")
    return row is not None and (int(row[0]), int(row[1]), str(row[2])) == fingerprint(con)
